/**
 * The source stage: files and streams in, line-aligned batches with byte offsets out.
 *
 * `resolveInputs` turns specs (files, directories, globs, `-`) into inputs and failures;
 * `planShards` cuts large plain files into byte ranges; `readShard` (in a worker) or
 * `readStream` (on the main thread, for stdin) delivers each shard's lines as `LineBatch`es
 * over a reused buffer. The key design choice is the ownership rule of `shard.ts`: a shard
 * owns the lines that start inside its range, so shards can be cut at any byte and still
 * read every line exactly once, and line numbers are made absolute afterwards from per-shard
 * counts (`LineNumbers`).
 *
 * @example
 *   const { files, failed } = await resolveInputs(['logs/']);
 *   for (const shard of planShards(files, { shardBytes: 64 << 20 })) {
 *     const summary = await readShard(shard, {}, (batch) => parseBatch(batch, parser, sink));
 *   }
 */
export { resolveInputs, STDIN } from './resolve.js';
export { DEFAULT_SHARD_BYTES, firstLines, isSplittable, LineNumbers, planShards } from './shard.js';
export type { ShardOptions } from './shard.js';
export { readShard, readStream } from './read.js';
export type { BatchConsumer, ReadOptions } from './read.js';
export { DEFAULT_BUFFER_BYTES, DEFAULT_MAX_LINE_BYTES } from './window.js';
export { lineOf, reviveBatch } from './types.js';
export type {
  Compression,
  InputFailure,
  InputFile,
  InputFormat,
  LineBatch,
  ReadFailure,
  ResolvedInputs,
  Shard,
  ShardSummary,
  SkippedLine,
} from './types.js';
