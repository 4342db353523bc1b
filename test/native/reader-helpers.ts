/**
 * Shared by the shard reader's tests: a shard scanned both ways, `readShard` feeding the
 * native per-line loop and the addon's reader, each settled into the worker's result.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect } from 'vitest';

import { createExecutor, type Executor } from '../../src/execute/executor.js';
import { emptyHitLines } from '../../src/execute/hits.js';
import { emptyCounts } from '../../src/execute/lines.js';
import { readsNatively, scanNativeLines, scanNativeShard, type ShardChunking } from '../../src/execute/native-lines.js';
import type { RuleSet } from '../../src/execute/rules.js';
import type { ExecOptions, ScanCounts, ScanResult } from '../../src/pool/messages.js';
import { shardResult } from '../../src/pool/worker.js';
import { readShard, type InputFile, type Shard } from '../../src/source/index.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED = path.resolve(ROOT, '../shared/seeds/000_5c3b739e41ce6fb8.txt');

export const base: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'native', prefilter: true, validate: false,
};

/** A native executor for the rules; it must have the reader. */
export function nativeExecutor(set: RuleSet, options: Partial<ExecOptions> = {}): Executor {
  const exec = createExecutor(set.rules, { ...base, ...options, parser: 'native' });
  expect(exec.native?.reader).toBeTruthy();
  return exec;
}

/** The plain NDJSON file at `file` as the source stage describes one. */
export function plainFile(file: string): InputFile {
  return { path: file, absPath: file, size: statSync(file).size, compression: 'none', format: 'ndjson' };
}

/** Shards of `file` cut at `cuts` (sorted, inside the file). */
export function shardsAt(file: InputFile, cuts: readonly number[]): Shard[] {
  const bounds = [0, ...cuts, file.size];
  return bounds.slice(1).map((end, index) => ({
    id: index, file, index, of: bounds.length - 1, start: bounds[index]!, end,
  }));
}

function fresh(exec: Executor, shard: Shard): ScanCounts {
  const counts = emptyCounts();
  if (exec.stages !== null) counts.hits = emptyHitLines(shard.file.compression !== 'none');
  return counts;
}

/** The shard through `readShard` and `scanNativeLines`. */
export async function viaReadShard(
  exec: Executor, shard: Shard, maxLineBytes?: number, bufferBytes?: number,
): Promise<ScanResult> {
  const counts = fresh(exec, shard);
  const options = { ...(maxLineBytes ? { maxLineBytes } : {}), ...(bufferBytes ? { bufferBytes } : {}) };
  const summary = await readShard(shard, options, (batch) => scanNativeLines(exec, batch, counts));
  return shardResult(counts, summary);
}

/** The shard through the addon's reader. */
export function viaReader(exec: Executor, shard: Shard, maxLineBytes?: number, chunking?: ShardChunking): ScanResult {
  expect(readsNatively(exec, shard)).toBe(true);
  const counts = fresh(exec, shard);
  return shardResult(counts, scanNativeShard(exec, shard, counts, maxLineBytes, chunking));
}

/**
 * Expects both ways to give the same result for every shard; returns the results (of
 * the reader) for further checks.
 */
export async function expectSame(
  exec: Executor, shards: readonly Shard[], maxLineBytes?: number, chunking?: ShardChunking,
): Promise<ScanResult[]> {
  const results: ScanResult[] = [];
  for (const shard of shards) {
    const want = await viaReadShard(exec, shard, maxLineBytes);
    const got = viaReader(exec, shard, maxLineBytes, chunking);
    expect(got, `shard [${shard.start}, ${shard.end}) of ${path.basename(shard.file.path)}`).toEqual(want);
    results.push(got);
  }
  return results;
}

/** The counts of a result, whether it was read whole or not. */
export function countsOf(result: ScanResult): ScanCounts {
  if (result.ok) return result;
  expect(result.partial).not.toBeNull();
  return result.partial!;
}
