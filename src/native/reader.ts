/**
 * The native shard reader (`shard_reader.h`): the lines of one shard of a plain NDJSON
 * file, framed and run through the line filter in the addon, of which only the counts and
 * the lines to decode reach JavaScript.
 *
 * It owns, numbers, trims and skips lines exactly as `readShard` does, and classifies them
 * exactly as `LineFilter.classify` does, so a scan over it counts and reports what
 * `readShard` plus the native per-line loop count and report. The file stays the caller's:
 * it opens it (so that a failure to open reads the same as `readShard`'s) and closes it.
 *
 * @example
 *   const reader = native.createShardReader(filter);
 *   const end = reader?.read(fd, shard.start, shard.end, { maxLineBytes, projectAll: false },
 *     (chunk) => project(chunk.text, chunk.starts, chunk.ends, chunk.listed));
 */
import { getSystemErrorMap } from 'node:util';

import type { ReadFailure, SkippedLine } from '../source/index.js';

/** The addon's reader. */
export interface RawShardReader {
  open(fd: number, start: number, end: number, maxLineBytes: number, projectAll: boolean): void;
  next(
    text: Uint8Array, lineStarts: Int32Array, starts: Int32Array, ends: Int32Array,
    lines: Int32Array, offsets: Float64Array, kinds: Uint8Array, rejects: Float64Array,
    skipped: Float64Array, stats: Float64Array,
  ): number;
  release(): void;
}

/**
 * Consecutive lines of a shard. The arrays are reused: a chunk is valid only inside the
 * callback it is handed to.
 */
export interface ShardChunk {
  /**
   * The listed lines (the candidates; with `projectAll` every non-blank line) copied out:
   * line `k < listed` is `text[lineStarts[k], ends[k])` from its first byte, and
   * `text[starts[k], ends[k])` once trimmed as `classify` trims.
   */
  readonly text: Buffer;
  readonly listed: number;
  readonly lineStarts: Int32Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Relative line (from 0 in the shard) and file offset of line k's first byte. */
  readonly lines: Int32Array;
  readonly offsets: Float64Array;
  /** Line k's `LINE_KIND`: a candidate, or (with `projectAll`) shaped or unshaped. */
  readonly kinds: Uint8Array;
  /** Lines not listed: blank, shaped like an object, and not (each a reject). */
  readonly blank: number;
  readonly shaped: number;
  readonly unshaped: number;
  /** `(line, offset)` of the first `rejectsListed` unshaped lines, in line order. */
  readonly rejects: Float64Array;
  readonly rejectsListed: number;
  /** Lines longer than `maxLineBytes`, in line order. */
  readonly skipped: readonly SkippedLine[];
}

/** What reading a shard covered. */
export interface ShardRead {
  /** Physical lines owned: every listed, blank, shaped, unshaped and skipped one. */
  readonly lines: number;
  /** Bytes the owned lines span, terminators included. */
  readonly bytes: number;
  /** Why reading stopped early; the lines before it were all delivered. */
  readonly error?: ReadFailure;
}

/** Options of `ShardReader.read`. */
export interface ShardReadOptions {
  readonly maxLineBytes: number;
  /** List every non-blank line, not just the candidates (for `validate`). */
  readonly projectAll: boolean;
  /** At most this many lines listed, and shape rejects reported, per chunk. */
  readonly chunkLines?: number;
  readonly chunkRejects?: number;
  /** Size of the buffer the listed lines are copied into (grown for a longer line). */
  readonly textBytes?: number;
}

/** Reads shards with one line filter. Not shared across threads. */
export interface ShardReader {
  /**
   * Reads the shard `[start, end)` of the open file `fd`, handing its lines to `onChunk`
   * in order (no chunk is empty).
   */
  read(
    fd: number, start: number, end: number, options: ShardReadOptions,
    onChunk: (chunk: ShardChunk) => void,
  ): ShardRead;
}

/** Lines listed per chunk, and bytes of copied text a chunk starts with. */
const CHUNK_LINES = 4096;
const TEXT_BYTES = 4 * 1024 * 1024;
const SKIPPED_PER_CHUNK = 64;

const STAT = {
  blank: 1, shaped: 2, unshaped: 3, rejectsListed: 4, skippedCount: 5, done: 6, errno: 7,
  errorOffset: 8, spanStart: 9, spanEnd: 10, need: 11,
} as const;

/** Wraps the addon's reader with the arrays it fills. */
export function wrapShardReader(raw: RawShardReader): ShardReader {
  let text = Buffer.allocUnsafeSlow(TEXT_BYTES);
  let cap = 0;
  let lineStarts = new Int32Array(0);
  let starts = lineStarts;
  let ends = lineStarts;
  let lines = lineStarts;
  let offsets = new Float64Array(0);
  let kinds = new Uint8Array(0);
  let rejects = new Float64Array(0);
  const skippedRaw = new Float64Array(3 * SKIPPED_PER_CHUNK);
  const stats = new Float64Array(12);

  return {
    read(fd, start, end, options, onChunk) {
      const wanted = options.chunkLines ?? CHUNK_LINES;
      if (cap !== wanted) {
        cap = wanted;
        lineStarts = new Int32Array(cap);
        starts = new Int32Array(cap);
        ends = new Int32Array(cap);
        lines = new Int32Array(cap);
        offsets = new Float64Array(cap);
        kinds = new Uint8Array(cap);
      }
      if (options.textBytes !== undefined && options.textBytes !== text.length) {
        text = Buffer.allocUnsafeSlow(options.textBytes);
      }
      const rejectCap = options.chunkRejects ?? 16;
      if (rejects.length !== 2 * rejectCap) rejects = new Float64Array(2 * rejectCap);

      let owned = 0;
      raw.open(fd, start, end, options.maxLineBytes, options.projectAll);
      try {
        for (;;) {
          const listed = raw.next(
            text, lineStarts, starts, ends, lines, offsets, kinds, rejects, skippedRaw, stats,
          );
          const skipped: SkippedLine[] = [];
          for (let i = 0; i < stats[STAT.skippedCount]!; i++) {
            const at = 3 * i;
            skipped.push({ line: skippedRaw[at]!, offset: skippedRaw[at + 1]!, bytes: skippedRaw[at + 2]! });
          }
          const blank = stats[STAT.blank]!;
          const shaped = stats[STAT.shaped]!;
          const unshaped = stats[STAT.unshaped]!;
          const count = listed + blank + shaped + unshaped + skipped.length;
          owned += count;
          if (count > 0) {
            onChunk({
              text, listed, lineStarts, starts, ends, lines, offsets, kinds, blank, shaped, unshaped,
              rejects, rejectsListed: stats[STAT.rejectsListed]!, skipped,
            });
          }
          if (stats[STAT.done] === 1) break;
          const need = stats[STAT.need]!;
          // The next listed line is larger than the text buffer: it comes in a larger one.
          if (need > 0) text = Buffer.allocUnsafeSlow(Math.max(need, 2 * text.length));
        }
      } finally {
        // A long line's window is not kept past the shard.
        raw.release();
      }
      const bytes = stats[STAT.spanEnd]! - stats[STAT.spanStart]!;
      const errno = stats[STAT.errno]!;
      if (errno === 0) return { lines: owned, bytes };
      return { lines: owned, bytes, error: readFailure(errno, stats[STAT.errorOffset]!) };
    },
  };
}

/** A failed read as `readShard` reports one: Node's message for `readSync`. */
function readFailure(errno: number, offset: number): ReadFailure {
  const known = getSystemErrorMap().get(-errno);
  if (known === undefined) return { reason: `Unknown system error ${-errno}, read`, offset };
  const [code, description] = known;
  return { reason: `${code}: ${description}, read`, code, offset };
}
