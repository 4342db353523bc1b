/**
 * Splitting inputs into shards, and numbering their lines afterwards.
 *
 * A plain NDJSON file larger than `shardBytes` is cut into byte ranges of about that size.
 * The cuts fall anywhere, mid-line included, and one rule makes them line-aligned:
 *
 *     a shard owns every line that STARTS inside [start, end)
 *
 *              start                                   end
 *                |                                      |
 *     ...--------|---\n  line A  \n  line B  \n  line --|-- C ...  \n  line D
 *         ^^^^^^^^^^^^^                                  ^^^^^^^^^^^^
 *         skipped: it started before `start`             read on past `end`: C started
 *         (the previous shard finishes it)               inside, so this shard owns it
 *
 * A reader that starts mid-line therefore looks at byte `start - 1` and skips through the
 * first `\n` at or after it (so a shard whose `start - 1` is a `\n` loses nothing), and reads
 * past `end` to finish the last line it owns. Every line is read by exactly one shard.
 *
 * A shard cannot know the absolute number of its first line without reading everything
 * before it. Readers report line numbers relative to the shard plus how many lines it owns;
 * `LineNumbers` turns those counts into each shard's first absolute line, in file order.
 *
 * Gzip streams, stdin, pipes and JSON arrays cannot be entered mid-way: each is one shard.
 */
import { EqlError } from '../errors.js';

import type { InputFile, Shard } from './types.js';

/** Shard size when none is asked for: big enough to amortise a worker round trip. */
export const DEFAULT_SHARD_BYTES = 32 * 1024 * 1024;

/** Options for `planShards`. */
export interface ShardOptions {
  /** Target bytes per shard for splittable files; at least 1. */
  readonly shardBytes?: number;
  /**
   * The workers that will read the shards, when known. Then shards shrink toward the end of
   * the input: each is about what is left over twice the workers, within `minShardBytes` and
   * `shardBytes`. With equal shards, one worker still reads the last big shard while the
   * others have nothing left; with 64 MB shards of the Elastic pack that was about a second.
   */
  readonly workers?: number;
  /** The least a shrinking shard is cut to (default 1 MiB, or `shardBytes` if smaller). */
  readonly minShardBytes?: number;
}

/** True when the file can be read from any byte offset, so it may be split. */
export function isSplittable(file: InputFile): boolean {
  return file.compression === 'none' && file.format === 'ndjson' && file.size >= 0;
}

const DEFAULT_MIN_SHARD_BYTES = 1 << 20;

/**
 * Plans shards for the files, in file order and, within a file, in byte order.
 *
 * @example
 *   planShards([{ path: 'big.ndjson', size: 100, compression: 'none', format: 'ndjson', ... }],
 *     { shardBytes: 40 }).map((s) => [s.start, s.end]) // [[0, 34], [34, 67], [67, 100]]
 */
export function planShards(files: readonly InputFile[], options: ShardOptions = {}): Shard[] {
  const shardBytes = options.shardBytes ?? DEFAULT_SHARD_BYTES;
  positive('shardBytes', shardBytes);
  const { workers } = options;
  if (workers !== undefined) positive('workers', workers);
  const minBytes = Math.min(shardBytes, options.minShardBytes ?? DEFAULT_MIN_SHARD_BYTES);
  positive('minShardBytes', minBytes);

  const shards: Shard[] = [];
  // Bytes of this file and the ones after it: what is left when a shard is cut.
  let left = files.reduce((n, f) => n + Math.max(0, f.size), 0);
  for (const file of files) {
    const size = Math.max(0, file.size);
    if (!isSplittable(file) || file.size <= (workers === undefined ? shardBytes : minBytes)) {
      const end = isSplittable(file) ? file.size : Infinity;
      shards.push({ id: shards.length, file, index: 0, of: 1, start: 0, end });
      left -= size;
      continue;
    }
    const cuts = workers === undefined
      ? equalCuts(size, shardBytes)
      : shrinkingCuts(size, left, { shardBytes, minBytes, workers });
    left -= size;
    const of = cuts.length - 1;
    for (let index = 0; index < of; index++) {
      shards.push({ id: shards.length, file, index, of, start: cuts[index]!, end: cuts[index + 1]! });
    }
  }
  return shards;
}

function positive(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new EqlError('option', `${name}: expected a positive integer, got ${n}`);
  }
}

/** Equal parts rather than `shardBytes` and a runt: workers finish closer together. */
function equalCuts(size: number, shardBytes: number): number[] {
  const of = Math.ceil(size / shardBytes);
  return Array.from({ length: of + 1 }, (_, i) => Math.floor((size * i) / of));
}

/**
 * Cuts of a file whose first byte has `left` bytes of input from it on, each piece about
 * `left / (2 * workers)` of what is left then, within the bounds; a piece that would leave
 * less than `minBytes` of the file takes the rest too.
 */
function shrinkingCuts(
  size: number, left: number, bounds: { shardBytes: number; minBytes: number; workers: number },
): number[] {
  const { shardBytes, minBytes, workers } = bounds;
  const cuts = [0];
  for (let at = 0; at < size;) {
    let piece = Math.min(shardBytes, Math.max(minBytes, Math.ceil((left - at) / (2 * workers))));
    if (size - at - piece < minBytes) piece = size - at;
    at += piece;
    cuts.push(at);
  }
  return cuts;
}

/**
 * Absolute line numbers from per-shard line counts that arrive in any order.
 *
 * A shard's first line is known once every earlier shard of the same file has reported.
 * Absolute lines count from 1; a shard's relative line `r` is absolute line `firstLine + r`.
 *
 * @example
 *   const numbers = new LineNumbers(shards);
 *   numbers.record(shards[1].id, 500); // undefined until shard 0 is in
 *   numbers.record(shards[0].id, 480);
 *   numbers.firstLine(shards[1].id);   // 481
 */
export class LineNumbers {
  readonly #shards: readonly Shard[];
  readonly #counts: (number | undefined)[];
  readonly #first: (number | undefined)[];

  constructor(shards: readonly Shard[]) {
    this.#shards = shards;
    this.#counts = new Array<number | undefined>(shards.length).fill(undefined);
    this.#first = shards.map((s) => (s.index === 0 ? 1 : undefined));
  }

  /**
   * Records how many lines a shard owns, and returns the ids of shards whose first line
   * became known because of it (possibly including this one).
   */
  record(id: number, lines: number): number[] {
    if (this.#counts[id] !== undefined) {
      throw new EqlError('internal', `BUG: line count of shard ${id} recorded twice`);
    }
    this.#counts[id] = lines;

    const known: number[] = [];
    if (this.#shards[id]!.index === 0) known.push(id);
    // Walk forward along the file while the chain of counts is unbroken.
    let at = id;
    while (this.#first[at] !== undefined && this.#counts[at] !== undefined) {
      const next = this.#shards[at + 1];
      if (next === undefined || next.index === 0) break;
      if (this.#first[at + 1] === undefined) {
        this.#first[at + 1] = this.#first[at]! + this.#counts[at]!;
        known.push(at + 1);
      }
      at++;
    }
    return known;
  }

  /** The absolute line number of the shard's first line, or undefined while unknown. */
  firstLine(id: number): number | undefined {
    return this.#first[id];
  }

  /** True once every shard has recorded its count. */
  get complete(): boolean {
    return this.#counts.every((c) => c !== undefined);
  }
}

/**
 * The absolute first line of each shard, given every shard's line count (indexed by id).
 *
 * @example firstLines(shards, [480, 500, 510]) // [1, 481, 981] for one file in three shards
 */
export function firstLines(shards: readonly Shard[], counts: readonly number[]): number[] {
  const numbers = new LineNumbers(shards);
  shards.forEach((s) => numbers.record(s.id, counts[s.id]!));
  return shards.map((s) => numbers.firstLine(s.id)!);
}
