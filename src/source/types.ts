/**
 * The data that flows out of the source stage. Everything here is plain data (no classes, no
 * handles) so a shard can be posted to a worker and a batch's buffer transferred back and forth.
 */

/** How the bytes of an input are compressed, decided by its magic bytes (`1f 8b` is gzip). */
export type Compression = 'none' | 'gzip';

/**
 * How an input holds its events.
 *
 * - `ndjson`: one event per line (`.ndjson`, `.jsonl`, and `.json` files not starting with `[`).
 * - `json-array`: a JSON array of events, possibly pretty-printed over many lines.
 * - `sniff`: not known until the first bytes arrive (stdin); the reader decides as `.json` does.
 */
export type InputFormat = 'ndjson' | 'json-array' | 'sniff';

/** One input file (or stdin) that can be read. */
export interface InputFile {
  /** The path as the user will see it in reports: as given, or joined under a given directory. */
  readonly path: string;
  /** Absolute path to open; `'-'` for stdin. */
  readonly absPath: string;
  /** Size on disk in bytes (compressed size for gzip); -1 for stdin. */
  readonly size: number;
  readonly compression: Compression;
  readonly format: InputFormat;
}

/** An input that could not be used: missing, unreadable, not a file, or no glob match. */
export interface InputFailure {
  /** The path (or the spec itself when nothing matched it). */
  readonly path: string;
  /** Why, in words, e.g. `no such file or directory`. */
  readonly reason: string;
  /** The Node error code when there was one (`ENOENT`, `EACCES`, ...). */
  readonly code?: string;
}

/** What `resolveInputs` found. Failures never stop the others from being scanned. */
export interface ResolvedInputs {
  readonly files: InputFile[];
  readonly failed: InputFailure[];
}

/**
 * A byte range of one input, read by one worker. See `shard.ts` for the ownership rule.
 * `end` is `Infinity` for shards that are read whole (gzip, stdin, JSON arrays).
 */
export interface Shard {
  /** Position in the array `planShards` returned; keys per-shard results. */
  readonly id: number;
  readonly file: InputFile;
  /** Position among the shards of the same file, from 0. */
  readonly index: number;
  /** How many shards the file was split into. */
  readonly of: number;
  readonly start: number;
  readonly end: number;
}

/**
 * A run of entries (lines, or elements of a JSON array) bounded in bytes.
 *
 * Entry `i` is `buf[starts[i], ends[i])`, line terminators (`\n`, `\r\n`) excluded; its byte
 * offset in the (decompressed) input is `fileOffset + starts[i]`. Only the first `count`
 * entries of `starts`/`ends` are meaningful: the arrays may be longer and reused.
 *
 * Line numbers are relative to the shard, from 0: entry `i` is on relative line
 * `firstLine + i`, except for JSON-array input where `lines[i]` gives the relative line on
 * which each element starts. `lineOf` hides the difference.
 */
export interface LineBatch {
  readonly buf: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly count: number;
  readonly firstLine: number;
  readonly lines?: Int32Array;
  readonly fileOffset: number;
}

/** An entry longer than `maxLineBytes`: skipped without being buffered whole. */
export interface SkippedLine {
  /** Relative line number (from 0) in the shard. */
  readonly line: number;
  /** Byte offset of its first byte in the (decompressed) input. */
  readonly offset: number;
  /** Its length in bytes, line terminator excluded. */
  readonly bytes: number;
}

/** Why reading stopped before the end of a shard (the lines before it were delivered). */
export interface ReadFailure {
  readonly reason: string;
  readonly code?: string;
  /** Offset in the (decompressed) input at which reading stopped. */
  readonly offset: number;
}

/** What reading a shard delivered, for accounting and line numbering. */
export interface ShardSummary {
  /**
   * Physical lines the shard owns, counted as `planShards` defines ownership. Feed these to
   * `LineNumbers` to turn relative line numbers into absolute ones.
   */
  readonly lines: number;
  /** Entries delivered in batches plus entries skipped: every one must be accounted for. */
  readonly entries: number;
  /** Bytes of the (decompressed) input the owned entries span, terminators included. */
  readonly bytes: number;
  readonly skipped: SkippedLine[];
  readonly error?: ReadFailure;
  /** The format actually read (a `sniff` input resolves to one of the others). */
  readonly format: 'ndjson' | 'json-array';
}

/**
 * The relative line number of entry `i` of a batch.
 *
 * @example lineOf({ firstLine: 10, count: 2, ... }, 1) // 11
 */
export function lineOf(batch: LineBatch, i: number): number {
  return batch.lines === undefined ? batch.firstLine + i : batch.lines[i];
}

/**
 * A batch received through `postMessage`: structured cloning turns its `Buffer` into a
 * plain `Uint8Array`, so the buffer is wrapped again (no copy).
 *
 * @example port.on('message', (data) => parseBatch(reviveBatch(data), parser, sink));
 */
export function reviveBatch(data: LineBatch): LineBatch {
  if (Buffer.isBuffer(data.buf)) return data;
  const raw = data.buf as Uint8Array;
  return { ...data, buf: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength) };
}
