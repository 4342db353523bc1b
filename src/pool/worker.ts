/**
 * The piscina worker entry: scans one shard (reading the byte range itself) or one batch of
 * lines read by the main thread, and hands back compact counts and hits. On the native
 * backend a shard of a plain NDJSON file is read by the addon's shard reader, which hands
 * over only the candidate lines; everything else goes through `readShard`.
 *
 * Workers never print. A range that cannot be read (fully) comes back as
 * `{ ok: false, reason, partial }`, with what was read before the failure; anything else
 * that goes wrong rejects the task, which the pool treats as a failed worker and retries once.
 */
import { existsSync, writeFileSync } from 'node:fs';

import { executorFor } from '../execute/executor.js';
import { emptyHitLines } from '../execute/hits.js';
import { emptyCounts, scanLines } from '../execute/lines.js';
import { readsNatively, scanNativeLines, scanNativeShard } from '../execute/native-lines.js';
import { readShard } from '../source/read.js';
import type { Shard, ShardSummary } from '../source/index.js';
import {
  MAX_LISTED_REJECTS, type BatchTask, type ScanCounts, type ScanResult, type ShardTask, type ScanTask,
} from './messages.js';

/**
 * Names of the environment variable that makes a worker exit while holding a given range,
 * so that tests can exercise the retry and not-scanned paths with real workers.
 *
 * Value: `OFFSET` (exit whenever the range holding byte OFFSET is scanned) or
 * `OFFSET@MARKER` (exit only if the file MARKER does not exist yet, creating it first: the
 * retry then succeeds).
 */
export const CRASH_ENV = 'EQLSCAN_TEST_CRASH_AT';

/** Scans one task; the default export is what piscina calls. */
export default async function scanTask(task: ScanTask): Promise<ScanResult> {
  return task.kind === 'shard' ? scanShard(task) : scanBatch(task);
}

async function scanShard(task: ShardTask): Promise<ScanResult> {
  crashIfAsked(task.ref.start, task.ref.end);
  const exec = executorFor(task.payload);
  const shard = task.ref.shard as Shard;
  const counts = emptyCounts();
  // A plain file can be read again for the few stage hits that end up in alerts.
  if (exec.stages !== null) counts.hits = emptyHitLines(shard.file.compression !== 'none');
  // Plain NDJSON on the native backend: only the candidate lines ever reach JavaScript.
  const summary = readsNatively(exec, shard)
    ? scanNativeShard(exec, shard, counts)
    : await readShard(shard, {}, (batch) => {
      (exec.native !== null ? scanNativeLines : scanLines)(exec, batch, counts);
    });
  return shardResult(counts, summary);
}

/** The result of a shard from its counts and what reading it covered (`summary`). */
export function shardResult(counts: ScanCounts, summary: ShardSummary): ScanResult {
  for (const skipped of summary.skipped) {
    counts.lines++;
    counts.rejected++;
    if (counts.rejects.length < MAX_LISTED_REJECTS) {
      counts.rejects.push({ line: skipped.line, offset: skipped.offset, reason: `line too long (${skipped.bytes} bytes)` });
    }
  }
  counts.rejects.sort((a, b) => a.line - b.line).splice(MAX_LISTED_REJECTS);
  counts.bytes = summary.bytes;
  counts.span = summary.lines;
  if (summary.error) {
    return { ok: false, reason: `${summary.error.reason} at byte ${summary.error.offset}`, partial: counts };
  }
  return { ok: true, ...counts };
}

function scanBatch(task: BatchTask): ScanResult {
  const exec = executorFor(task.payload);
  const counts = emptyCounts();
  if (exec.stages !== null) counts.hits = emptyHitLines(true);
  // A transferred Buffer arrives as a plain Uint8Array; the prefilter wants a Buffer.
  const buf = Buffer.from(task.buf.buffer, task.buf.byteOffset, task.buf.byteLength);
  (exec.native !== null ? scanNativeLines : scanLines)(exec, { ...task, buf }, counts);
  counts.bytes = task.bytes;
  counts.span = task.span;
  return { ok: true, ...counts };
}

function crashIfAsked(start: number, end: number): void {
  const spec = process.env[CRASH_ENV];
  if (!spec) return;
  const [at, marker] = spec.split('@') as [string, string | undefined];
  const offset = Number(at);
  if (!(offset >= start && offset < end)) return;
  if (marker !== undefined) {
    if (existsSync(marker)) return;
    writeFileSync(marker, '');
  }
  process.exit(70);
}
