/**
 * `eqlscan scan [options] INPUT...`: runs rules over telemetry and prints alerts.
 *
 * Alerts go to stdout (or `--out`) as NDJSON or a table; the summary, rule errors and the
 * progress bar go to stderr. Exit codes: 0 when the scan completed, 1 when `--strict` met a
 * rejected line or part of the input could not be read or scanned, 2 on a usage error or
 * when no rule is left to run.
 */
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';

import { defaultScanParser } from '../../native/fallback.js';
import { mergeMappings } from '../../execute/merge-mapping.js';
import { loadRuleSet, type RuleSet } from '../../execute/rules.js';
import type { ExecOptions, SchemaSpec } from '../../pool/messages.js';
import { defaultWorkers, ScanPool } from '../../pool/pool.js';
import { runScan } from '../../pool/scan.js';
import type { ScanStats } from '../../pool/stats.js';
import { ProgressBar } from '../../report/progress.js';
import { ndjsonSink, tableSink, type AlertSink } from '../../report/sinks.js';
import { writeStatsJson } from '../../report/stats-json.js';
import { formatRuleProblems, formatSummary } from '../../report/summary.js';
import { parseScanArgs, scanUsage, type ScanArgs } from './scan-args.js';

/** What a finished scan gives its caller besides the exit code. */
export interface ScanOutcome {
  code: number;
  stats: ScanStats | null;
  rules: RuleSet | null;
}

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[]): Promise<number> {
  return (await scanCommand(args)).code;
}

/** `eqlscan scan` with its results, for `demo` and tests in-process. */
export async function scanCommand(args: readonly string[]): Promise<ScanOutcome> {
  const parsed = parseScanArgs(args);
  if (parsed.help) {
    process.stdout.write(scanUsage(defaultWorkers(), defaultScanParser()));
    return { code: 0, stats: null, rules: null };
  }
  if (parsed.inputs.length === 0 || (parsed.queries.length === 0 && parsed.rulePaths.length === 0)) {
    const missing = parsed.inputs.length === 0 ? 'no INPUT given' : 'no rules: give --query or --rules';
    process.stderr.write(`eqlscan scan: ${missing}\n\n${scanUsage(defaultWorkers(), defaultScanParser())}`);
    return { code: 2, stats: null, rules: null };
  }

  // The workers start while the rules load. The scan closes them when it ends; closing
  // again here covers every way out before or during it.
  const pool = new ScanPool(parsed.workers ?? defaultWorkers());
  try {
    const rules = await loadRuleSet({
      paths: parsed.rulePaths, queries: parsed.queries, categoryField: parsed.categoryField,
    });
    process.stderr.write(formatRuleProblems(rules));
    if (rules.rules.length === 0) return noRuleToRun(rules);
    const schema = parsed.mappings.length > 0 ? await mergeMappings(parsed.mappings) : null;
    const stats = await scanToSinks(parsed, rules, schema, pool);
    process.stderr.write(formatSummary(stats, rules));
    if (parsed.statsJson !== null) await writeStatsJson(parsed.statsJson, stats);
    return { code: exitCode(stats, parsed.strict), stats, rules };
  } finally {
    await pool.close();
  }
}

function noRuleToRun(rules: RuleSet): ScanOutcome {
  const why = [
    rules.failed.length > 0 ? `${rules.failed.length} failed` : '',
    rules.unsupported.length > 0 ? `${rules.unsupported.length} not yet supported by scan` : '',
    rules.skipped.length > 0 ? `${rules.skipped.length} not EQL` : '',
  ].filter(Boolean).join(', ');
  process.stderr.write(`eqlscan scan: no rule to run${why ? ` (${why})` : ''}\n`);
  return { code: 2, stats: null, rules };
}

/** 1 for an incomplete scan, or for rejected lines under `--strict`; otherwise 0. */
export function exitCode(stats: ScanStats, strict: boolean): number {
  if (stats.unreadable.length > 0 || stats.notScanned.length > 0) return 1;
  return strict && stats.rejected > 0 ? 1 : 0;
}

/** The worker options that `scan` arguments ask for; `schema` from `--mapping`. */
export function execOptions(parsed: ScanArgs, schema: SchemaSpec | null = null): ExecOptions {
  return {
    categoryField: parsed.categoryField,
    timestampField: parsed.timestampField,
    tiebreakerField: parsed.tiebreakerField,
    engine: parsed.engine,
    parser: parsed.parser ?? defaultScanParser(),
    prefilter: parsed.prefilter,
    validate: parsed.strict,
    schema,
  };
}

async function scanToSinks(
  parsed: ScanArgs, rules: RuleSet, schema: SchemaSpec | null, pool: ScanPool,
): Promise<ScanStats> {
  const out: Writable = parsed.out === null ? process.stdout : createWriteStream(parsed.out);
  const sink: AlertSink = parsed.format === 'table'
    ? tableSink(out, { timestampField: parsed.timestampField })
    : ndjsonSink(out);
  const draw = parsed.progress ?? process.stderr.isTTY === true;
  const bar = draw ? new ProgressBar(process.stderr) : null;

  const scan = runScan({
    inputs: parsed.inputs,
    rules,
    options: execOptions(parsed, schema),
    pool,
    stageLimits: parsed.stageLimits,
    onProgress: bar ? (done, total) => bar.update(done, total) : undefined,
  });
  let step = await scan.next();
  while (!step.done) {
    await sink.write(step.value);
    step = await scan.next();
  }
  await sink.end();
  bar?.clear();
  if (parsed.out !== null) {
    out.end();
    await finished(out);
  }
  return step.value;
}
