/**
 * A whole scan: inputs to shards, shards to workers, results back in input order.
 *
 *   files   a.ndjson [shard 0][shard 1][shard 2]   b.ndjson.gz [shard 0]
 *   submit  ──0──1──2──3──►     at most `inFlight` tasks not yet reported
 *   report  0, 1, 2, 3          a finished shard waits until every earlier one is reported
 *
 * Tasks are submitted in input order and reported in the same order, so output is the same
 * for any worker count. Memory stays bounded whatever the archive size: each worker holds one
 * shard, and at most `inFlight` compact results wait for an earlier, slower shard. Line
 * numbers come out absolute because a file's shards are reported in order, each adding its
 * line count to the next one's base.
 */
import type { Readable } from 'node:stream';

import { schemaOf } from '../execute/executor.js';
import { HitStore } from '../execute/hits-store.js';
import type { RuleSet } from '../execute/rules.js';
import { plansOf, rulePayload, sharedPayload } from '../execute/rules.js';
import { stageAlerts } from '../execute/sequence-alerts.js';
import { matchStageRules, stageLimits } from '../execute/sequence-pass.js';
import type { StageLimits } from '../execute/sequence-run.js';
import { runnableOptions } from '../native/fallback.js';
import { linesInRange, listInputs, readStdin, shardsOf } from './inputs.js';
import { MAX_LISTED_REJECTS } from './messages.js';
import type { BatchTask, ExecOptions, ScanCounts, ShardRef } from './messages.js';
import { ScanPool, defaultWorkers, type TaskOutcome } from './pool.js';
import type { Alert, AlertRule, ScanAlert, ScanStats } from './stats.js';

/** Everything a scan needs. */
export interface ScanJob {
  /** Files, folders and globs; `-` reads standard input (after the files). */
  inputs: readonly string[];
  rules: RuleSet;
  options: ExecOptions;
  /** Default: every core. */
  workers?: number;
  /** Shard size in bytes; default chosen from the total size and worker count (1-64 MB). */
  shardBytes?: number;
  /** Standard input, when `-` is among the inputs; default `process.stdin`. */
  stdin?: Readable;
  /** Called as bytes are done, for a progress bar. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** Bounds on sequence and sample state; see `StageLimits` for the defaults. */
  stageLimits?: Partial<StageLimits>;
  /**
   * A pool started earlier, so that its workers start while the caller still loads rules;
   * the scan runs on its workers and closes it. Default: a pool of `workers` started here.
   */
  pool?: ScanPool;
}

const MIN_SHARD = 1 << 20;
const MAX_SHARD = 64 << 20;

/** The shard size that gives each worker about four shards, within 1 to 64 MB. */
export function chooseShardBytes(totalBytes: number, workers: number): number {
  return Math.min(MAX_SHARD, Math.max(MIN_SHARD, Math.ceil(totalBytes / (workers * 4))));
}

/**
 * Runs a scan, yielding alerts in input order (file, then offset); returns the totals.
 *
 * Sequence and sample alerts come last: their stage hits are gathered from every shard and
 * matched in time order once the whole input has been read (`sequence-pass.ts`). Their
 * rules' pipes (`head`, `tail`) apply to each rule's matches over the whole scan.
 *
 * @example
 * const scan = runScan(job);
 * for (let r = await scan.next(); !r.done; r = await scan.next()) print(r.value);
 */
export async function* runScan(job: ScanJob): AsyncGenerator<ScanAlert, ScanStats, undefined> {
  const started = performance.now();
  // Without the addon, `native` falls back to `json` here, once, rather than in each worker.
  job = { ...job, options: runnableOptions(job.options) };
  const workers = job.pool?.workers ?? job.workers ?? defaultWorkers();
  const stats: ScanStats = {
    files: 0, bytes: 0, lines: 0, events: 0, blank: 0, rejected: 0, alerts: {},
    seconds: 0, workers, parser: job.options.parser, engine: job.options.engine,
    rejects: [], unreadable: [], notScanned: [], retried: [],
  };
  const rules: AlertRule[] = job.rules.rules.map((r) => ({
    id: r.id, name: r.name, severity: r.severity, riskScore: r.riskScore,
  }));
  for (const rule of rules) stats.alerts[rule.id] = 0;

  // Bad bounds are an option error before any worker starts; then the workers, which take
  // longer to start than anything below.
  const limits = stageLimits(job.stageLimits);
  const pool = job.pool ?? new ScanPool(workers);
  const wantsStdin = job.inputs.includes('-');
  const { files, unreadable } = await listInputs(job.inputs.filter((i) => i !== '-'))
    .catch(async (err: unknown) => {
      await pool.close();
      throw err;
    });
  // Workers compile these plans, and the sequence pass matches by them.
  const plans = plansOf(job.rules, job.options.categoryField);
  const payload = sharedPayload(rulePayload(job.rules.rules, job.options), plans);
  stats.unreadable.push(...unreadable);
  stats.files = files.length + (wantsStdin ? 1 : 0);
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const shardBytes = job.shardBytes ?? chooseShardBytes(totalBytes, workers);
  const store = new HitStore(limits.maxHitEvents);
  const inFlight = workers * 2;
  const lineBase = new Map<string, number>();
  let doneBytes = 0;

  /** Adds counts to the totals; yields their alerts. `base`: lines before the range. */
  function* tally(file: string, base: number, counts: ScanCounts): Generator<Alert> {
    stats.bytes += counts.bytes;
    stats.lines += counts.lines;
    stats.events += counts.events;
    stats.blank += counts.blank;
    stats.rejected += counts.rejected;
    for (const r of counts.rejects) {
      if (stats.rejects.length >= MAX_LISTED_REJECTS) break;
      stats.rejects.push({ file, line: base + r.line + 1, offset: r.offset, reason: r.reason });
    }
    if (counts.hits !== null) store.add(file, base, counts.hits);
    for (const hit of counts.alerts) {
      const rule = rules[hit.rule]!;
      stats.alerts[rule.id] = (stats.alerts[rule.id] ?? 0) + 1;
      yield { rule, raw: hit.text, file, line: base + hit.line + 1, offset: hit.offset };
    }
  }

  /** Records a failed or partly read range; false when there is nothing to tally. */
  function failed(file: string, start: number, end: number, outcome: TaskOutcome): ScanCounts | null {
    if (outcome.retried !== null) stats.retried.push({ file, start, end, reason: outcome.retried });
    const result = outcome.result;
    if (result === null) {
      const reason = `${outcome.failure!.first}; retry: ${outcome.failure!.second}`;
      stats.notScanned.push({ file, start, end, reason });
      return null;
    }
    if (result.ok) return result;
    if (!stats.unreadable.some((u) => u.file === file)) stats.unreadable.push({ file, reason: result.reason });
    return result.partial;
  }

  try {
    const shards = shardsOf(files, shardBytes, workers);
    const pending: { ref: ShardRef; done: Promise<TaskOutcome> }[] = [];
    let next = 0;
    while (next < shards.length || pending.length > 0) {
      while (next < shards.length && pending.length < inFlight) {
        const ref = shards[next++]!;
        pending.push({ ref, done: pool.run({ kind: 'shard', payload, ref }) });
      }
      const { ref, done } = pending.shift()!;
      const outcome = await done;
      const base = lineBase.get(ref.file) ?? 0;
      const counts = failed(ref.file, ref.start, ref.end, outcome);
      if (counts !== null) yield* tally(ref.file, base, counts);
      // After a range that was not read, later numbers stay right if its lines can be counted.
      const span = counts?.span ?? await linesInRange(ref);
      lineBase.set(ref.file, base + span);
      doneBytes += ref.end - ref.start;
      job.onProgress?.(doneBytes, totalBytes);
    }
    if (wantsStdin) yield* scanStdin(job.stdin ?? process.stdin);
  } finally {
    await pool.close();
  }
  yield* matchStages();

  /**
   * Standard input: read here, each batch's buffer transferred to a worker. Reading waits
   * while `inFlight` batches are unreported, so a fast producer cannot fill memory.
   */
  async function* scanStdin(stream: Readable): AsyncGenerator<Alert> {
    const pending: { task: BatchTask; done: Promise<TaskOutcome> }[] = [];
    let wake: (() => void) | null = null;
    let room: (() => void) | null = null;
    const nudge = (): void => {
      wake?.();
      wake = null;
    };
    let finished = false;
    const reading = readStdin(stream, async (batch) => {
      const task: BatchTask = {
        kind: 'batch', payload, file: '-', buf: batch.buf, starts: batch.starts, ends: batch.ends,
        count: batch.count, firstLine: batch.firstLine, fileOffset: batch.fileOffset,
        lines: batch.lines, bytes: 0, span: batch.count,
      };
      pending.push({ task, done: pool.run(task, [batch.buf.buffer as ArrayBuffer]) });
      nudge();
      while (pending.length >= inFlight) await new Promise<void>((resolve) => { room = resolve; });
    }).finally(() => {
      finished = true;
      nudge();
    });
    reading.catch(() => {});

    for (;;) {
      if (pending.length === 0) {
        if (finished) break;
        await new Promise<void>((resolve) => { wake = resolve; });
        continue;
      }
      const { task, done } = pending.shift()!;
      (room as (() => void) | null)?.();
      room = null;
      const outcome = await done;
      // Offsets and line numbers of a stream batch already count from the stream's start.
      const end = task.fileOffset + (task.count > 0 ? task.ends[task.count - 1]! + 1 : 0);
      const counts = failed('-', task.fileOffset, end, outcome);
      if (counts !== null) yield* tally('-', 0, counts);
    }

    const summary = await reading;
    stats.bytes += summary.bytes;
    for (const skipped of summary.skipped) {
      stats.lines++;
      stats.rejected++;
      if (stats.rejects.length < MAX_LISTED_REJECTS) {
        stats.rejects.push({ file: '-', line: skipped.line + 1, offset: skipped.offset, reason: `line too long (${skipped.bytes} bytes)` });
      }
    }
    if (summary.error) stats.unreadable.push({ file: '-', reason: `${summary.error.reason} at byte ${summary.error.offset}` });
  }

  stats.seconds = (performance.now() - started) / 1000;
  return stats;

  /** Sequence and sample rules over the hits of every shard, in time order. */
  async function* matchStages(): AsyncGenerator<ScanAlert> {
    if (plans.every((p) => p.kind === 'event')) return;
    const pass = matchStageRules(store, plans, limits, schemaOf(job.options.schema));
    stats.sequences = pass.stats;
    // Plain files are read again for the texts of matched events; others kept them.
    const paths = new Map(files.map((f) => [f.path, (f.source as { absPath: string }).absPath]));
    for await (const alert of stageAlerts(store, pass.results, rules, (f) => paths.get(f) ?? null)) {
      stats.alerts[alert.rule.id] = (stats.alerts[alert.rule.id] ?? 0) + 1;
      yield alert;
    }
  }
}

