/**
 * Reading `.json` files that hold a JSON array: one entry per element, with the line each
 * element starts on, however the array is laid out and wherever the buffer cuts it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { planShards, readShard, type InputFile } from '../../src/source/index.js';
import { put, readAll, tempDir } from './helpers.js';

const dir = tempDir();
let counter = 0;

function arrayInput(text: string | Buffer): InputFile {
  const file = put(dir, `a${counter++}.json`, text);
  const size = Buffer.byteLength(text);
  return { path: file, absPath: file, size, compression: 'none', format: 'json-array' };
}

async function elements(text: string | Buffer, bufferBytes = 16, maxLineBytes = 1 << 20) {
  const options = { bufferBytes, maxLineBytes };
  const { entries, summaries } = await readAll([arrayInput(text)], 1 << 30, options);
  return { entries: entries.map((e) => [e.text, e.line, e.offset]), summary: summaries[0]! };
}

describe('JSON array files', () => {
  it('is never split into shards', () => {
    const input = arrayInput(`[${'{},'.repeat(100)}{}]`);
    expect(planShards([input], { shardBytes: 10 })).toHaveLength(1);
  });

  it('frames pretty-printed elements with the line each starts on', async () => {
    const text = '[\n  {\n    "a": [1, 2],\n    "s": "x]},\\"y"\n  },\r\n  {"b": {}}\n]\n';
    const { entries, summary } = await elements(text);
    expect(entries).toEqual([
      ['{\n    "a": [1, 2],\n    "s": "x]},\\"y"\n  }', 1, 4],
      ['{"b": {}}', 5, text.indexOf('{"b"')],
    ]);
    expect(summary).toMatchObject({ format: 'json-array', entries: 2, lines: 7, skipped: [] });
  });

  it('reads an empty array as no entries and skips a leading BOM', async () => {
    expect((await elements('[]')).entries).toEqual([]);
    expect((await elements('\uFEFF[ ]\n')).summary).toMatchObject({ entries: 0, lines: 1 });
    expect((await elements('\uFEFF[{"a":1}]')).entries).toEqual([['{"a":1}', 0, 4]]);
  });

  it('turns empty elements into entries no parser accepts, so they are counted as rejected', async () => {
    const { entries } = await elements('[{"a":1},,{"b":2},]');
    expect(entries).toEqual([
      ['{"a":1}', 0, 1],
      [',', 0, 9],
      ['{"b":2}', 0, 10],
      [']', 0, 18],
    ]);
  });

  it('keeps elements that are not objects as entries, for the parser to reject', async () => {
    const { entries } = await elements('[1, "two", [3], null, tru]');
    expect(entries.map((e) => e[0])).toEqual(['1', '"two"', '[3]', 'null', 'tru']);
  });

  it('accounts for text after the array, and for a second array, as more entries', async () => {
    const { entries } = await elements('[{"a":1}]\n{"b":2} 7 "s"\n[{"c":3}]');
    expect(entries.map((e) => [e[0], e[1]])).toEqual([
      ['{"a":1}', 0],
      ['{"b":2}', 1],
      ['7', 1],
      ['"s"', 1],
      ['{"c":3}', 2],
    ]);
  });

  it('delivers a truncated last element as an entry (rejected later as malformed)', async () => {
    const { entries, summary } = await elements('[{"a":1},\n {"b":[2,');
    expect(entries).toEqual([
      ['{"a":1}', 0, 1],
      ['{"b":[2,', 1, 11],
    ]);
    expect(summary.lines).toBe(2);
  });

  it('does not let a stray } inside an element end the array early', async () => {
    const { entries } = await elements('[{"a":1}}, {"b":2}]');
    expect(entries.map((e) => e[0])).toEqual(['{"a":1}}', '{"b":2}']);
  });

  it('skips an element over maxLineBytes, even one longer than the buffer', async () => {
    const big = `{"k":"${'z'.repeat(200)}"}`;
    const text = `[\n{"a":1},\n${big},\n{"b":2}\n]`;
    for (const bufferBytes of [16, 64, 1024]) {
      const { entries, summary } = await elements(text, bufferBytes, 100);
      expect(entries.map((e) => e[0])).toEqual(['{"a":1}', '{"b":2}']);
      expect(summary.skipped).toEqual([{ line: 2, offset: text.indexOf(big), bytes: big.length }]);
      expect(summary.entries).toBe(3);
    }
  });

  it('frames any array of JSON values, at any buffer size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 12 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 16, max: 80 }),
        async (values, indent, bufferBytes) => {
          const texts = values.map((v) => JSON.stringify(v, null, indent));
          const text = `[\n${texts.join(',\n')}\n]\n`;
          const { entries } = await elements(text, bufferBytes);
          const parsed = entries.map((e) => JSON.parse(e[0] as string));
          expect(parsed).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
          let line = 1;
          texts.forEach((t, i) => {
            expect(entries[i]![1]).toBe(line);
            line += t.split('\n').length;
          });
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 200) },
    );
  });

  it('reads an array of a few thousand events in batches whose buffers are reused', async () => {
    const events = Array.from({ length: 3000 }, (_, i) => ({ i, s: `v${i}` }));
    const input = arrayInput(JSON.stringify(events, null, 1));
    let count = 0;
    let batches = 0;
    await readShard(planShards([input])[0]!, { bufferBytes: 4096 }, (b) => {
      batches++;
      for (let k = 0; k < b.count; k++) {
        expect(JSON.parse(b.buf.toString('utf8', b.starts[k], b.ends[k]))).toEqual(events[count++]);
      }
    });
    expect(count).toBe(3000);
    expect(batches).toBeGreaterThan(10);
  });
});
