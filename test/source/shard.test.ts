/**
 * Planning shards and numbering lines from per-shard counts.
 */
import { describe, expect, it } from 'vitest';

import { firstLines, LineNumbers, planShards, type InputFile } from '../../src/source/index.js';

function input(name: string, size: number, more: Partial<InputFile> = {}): InputFile {
  return { path: name, absPath: `/${name}`, size, compression: 'none', format: 'ndjson', ...more };
}

describe('planShards', () => {
  it('cuts a large plain file into near-equal ranges that tile it', () => {
    const shards = planShards([input('big', 100)], { shardBytes: 40 });
    expect(shards.map((s) => [s.id, s.index, s.of, s.start, s.end])).toEqual([
      [0, 0, 3, 0, 33],
      [1, 1, 3, 33, 66],
      [2, 2, 3, 66, 100],
    ]);
  });

  it('keeps small files, gzip, JSON arrays, pipes and stdin whole', () => {
    const shards = planShards(
      [
        input('small', 10),
        input('gz', 1000, { compression: 'gzip' }),
        input('arr', 1000, { format: 'json-array' }),
        input('pipe', -1, { format: 'sniff' }),
        input('-', -1, { absPath: '-', format: 'sniff' }),
        input('empty', 0),
      ],
      { shardBytes: 10 },
    );
    expect(shards.map((s) => [s.file.path, s.start, s.end, s.of])).toEqual([
      ['small', 0, 10, 1],
      ['gz', 0, Infinity, 1],
      ['arr', 0, Infinity, 1],
      ['pipe', 0, Infinity, 1],
      ['-', 0, Infinity, 1],
      ['empty', 0, 0, 1],
    ]);
  });

  it('numbers shards across files in file order', () => {
    const shards = planShards([input('a', 25), input('b', 5)], { shardBytes: 10 });
    expect(shards.map((s) => [s.id, s.file.path, s.index])).toEqual([
      [0, 'a', 0],
      [1, 'a', 1],
      [2, 'a', 2],
      [3, 'b', 0],
    ]);
  });

  it('shrinks the last shards toward the end of the input when told the workers', () => {
    const shards = planShards([input('a', 600), input('b', 400)], { shardBytes: 100, workers: 2, minShardBytes: 10 });
    const sizes = shards.map((s) => s.end - s.start);
    // Tiles each file exactly, in order.
    for (const name of ['a', 'b']) {
      const own = shards.filter((s) => s.file.path === name);
      expect(own[0]!.start).toBe(0);
      own.slice(1).forEach((s, i) => expect(s.start).toBe(own[i]!.end));
      expect(own.at(-1)!.end).toBe(name === 'a' ? 600 : 400);
      expect(own.map((s) => [s.index, s.of])).toEqual(own.map((_, i) => [i, own.length]));
    }
    // Full shards while a quarter of what is left exceeds them, then a quarter of the rest.
    expect(sizes.slice(0, 7)).toEqual([100, 100, 100, 100, 100, 100, 100]);
    expect(sizes.slice(7)).toEqual([75, 57, 42, 32, 24, 18, 13, 10, 10, 19]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });

  it('keeps a shrinking file no shorter than the least shard, or whole', () => {
    const shards = planShards([input('a', 25), input('tiny', 8), input('empty', 0)], { shardBytes: 100, workers: 4, minShardBytes: 10 });
    expect(shards.map((s) => [s.file.path, s.start, s.end])).toEqual([
      ['a', 0, 10], ['a', 10, 25], ['tiny', 0, 8], ['empty', 0, 0],
    ]);
  });

  it('names the option when shardBytes is not a positive integer', () => {
    expect(() => planShards([], { shardBytes: 0 })).toThrow(
      'shardBytes: expected a positive integer, got 0',
    );
    expect(() => planShards([], { workers: 1.5 })).toThrow('workers: expected a positive integer, got 1.5');
  });
});

describe('LineNumbers', () => {
  const shards = planShards([input('a', 30), input('b', 20)], { shardBytes: 10 });

  it('knows a shard first line once every earlier shard of its file has reported', () => {
    const numbers = new LineNumbers(shards);
    expect(numbers.firstLine(0)).toBe(1);
    expect(numbers.firstLine(3)).toBe(1); // first shard of b
    expect(numbers.record(2, 7)).toEqual([]);
    expect(numbers.firstLine(2)).toBeUndefined();
    expect(numbers.record(1, 5)).toEqual([]);
    expect(numbers.record(0, 4)).toEqual([0, 1, 2]);
    expect([numbers.firstLine(1), numbers.firstLine(2)]).toEqual([5, 10]);
    expect(numbers.complete).toBe(false);
    expect(numbers.record(4, 1)).toEqual([]);
    expect(numbers.record(3, 9)).toEqual([3, 4]);
    expect(numbers.firstLine(4)).toBe(10);
    expect(numbers.complete).toBe(true);
  });

  it('refuses a count recorded twice', () => {
    const numbers = new LineNumbers(shards);
    numbers.record(0, 1);
    expect(() => numbers.record(0, 1)).toThrow(/^BUG: /);
  });

  it('gives the same numbers in one call from all counts', () => {
    expect(firstLines(shards, [4, 5, 7, 9, 1])).toEqual([1, 5, 10, 1, 10]);
  });
});
