/**
 * The scan's view of the source stage: input files, their shards, and standard input as
 * batches. Kept in one place so that the rest of the pool does not depend on how sources
 * describe files and shards.
 */
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

import { resolveInputs } from '../source/index.js';
import { planShards } from '../source/index.js';
import type { InputFile as SourceFile } from '../source/index.js';
import { readStream } from '../source/index.js';
import type { LineBatch, ShardSummary } from '../source/index.js';
import type { ShardRef } from './messages.js';

/** An input file to scan. */
export interface InputFile {
  path: string;
  /** Size on disk. */
  size: number;
  /** As the source stage described it. */
  source: unknown;
}

/** The files that inputs name, in order, and those that could not be opened. */
export async function listInputs(specs: readonly string[]): Promise<{
  files: InputFile[];
  unreadable: { file: string; reason: string }[];
}> {
  if (specs.length === 0) return { files: [], unreadable: [] };
  const resolved = await resolveInputs([...specs]);
  return {
    files: resolved.files.map((f) => ({ path: f.path, size: f.size, source: f })),
    unreadable: resolved.failed.map((u) => ({ file: u.path, reason: u.reason })),
  };
}

/**
 * Line-aligned shards of every file, in file order then offset order; with `workers`, the
 * last ones smaller, so that the workers finish together (`ShardOptions.workers`).
 */
export function shardsOf(files: readonly InputFile[], shardBytes: number, workers?: number): ShardRef[] {
  const shards = planShards(files.map((f) => f.source as SourceFile), { shardBytes, workers });
  return shards.map((s) => ({
    file: s.file.path,
    start: s.start,
    // Whole-file shards (gzip) say Infinity; the file's size is what progress can count.
    end: Number.isFinite(s.end) ? s.end : Math.max(0, s.file.size),
    index: s.index,
    shard: s,
  }));
}

/**
 * Reads standard input on this thread, handing each batch (with buffers of its own, so
 * they can be transferred) to `onBatch`, which may wait to slow reading down.
 */
export function readStdin(stream: Readable, onBatch: (batch: LineBatch) => Promise<void>):
  Promise<ShardSummary> {
  return readStream(stream, { transfer: true }, onBatch);
}

/**
 * Lines in a byte range of a plain file, for keeping later line numbers right after a range
 * could not be scanned. 0 when the range cannot be read either.
 */
export async function linesInRange(ref: ShardRef): Promise<number> {
  const handle = await open((ref.shard as SourceFile & { file: SourceFile }).file.absPath, 'r')
    .catch(() => null);
  if (!handle) return 0;
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let pos = ref.start; pos < ref.end;) {
      const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, ref.end - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(0x0a, 0); i !== -1 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) lines++;
      pos += bytesRead;
    }
    return lines;
  } finally {
    await handle.close();
  }
}
