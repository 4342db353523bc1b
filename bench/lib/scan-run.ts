/**
 * One end-to-end scan in a child process, so that its peak resident memory is its own: the
 * benchmark process holds rule sets and earlier results, and worker threads share their
 * process's RSS, so only a fresh process per scan gives an honest peak.
 *
 * The parent calls `runScanChild(spec)`; this same file, started with `--child SPEC_JSON`,
 * loads the rules, runs `scanSources` from the library API, and prints one JSON line of
 * results (`ScanRun`) on stdout.
 */
import { spawn } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { compilePack } from '../../src/compile/index.js';
import { loadRuleSet, scanSources, type ParserName, type RuleSet, type ScanStats } from '../../src/index.js';
import { planRules, type PlanKind } from '../../src/plan/index.js';
import { cpuSince } from './cpu.js';

/** What to scan and how. */
export interface ScanSpec {
  /** A short name for reports, e.g. `keychain, 2 workers`. */
  label: string;
  inputs: string[];
  /** Rule files and folders. */
  rulePaths: string[];
  /** Only rules that plan as one of these kinds; all kinds when absent. */
  kinds?: PlanKind[];
  workers: number;
  /** The parse backend; the scan's default when absent. */
  parser?: ParserName;
}

/** What one scan measured. */
export interface ScanRun {
  label: string;
  workers: number;
  /** The parse backend the scan used. */
  parser: string;
  /** Rules the scan ran, by kind. */
  rules: Partial<Record<PlanKind, number>>;
  /**
   * Rules left out because one of their patterns cannot run in linear time: the engine
   * fails a whole range on them, so a scan with them measures nothing.
   */
  dropped: { id: string; name: string; message: string }[];
  /** Rule ids given by more than one loaded rule (their alert counts are merged). */
  duplicateIds: string[];
  /** Wall-clock seconds from starting the scan to its totals, worker start-up included. */
  seconds: number;
  bytes: number;
  events: number;
  lines: number;
  rejected: number;
  alerts: Record<string, number>;
  /** Alerts of all rules together. */
  totalAlerts: number;
  /** Ranges the engine could not scan; any makes the figures meaningless. */
  notScanned: number;
  /** Seconds the sequence and sample stage spent after reading, when it ran. */
  sequenceSeconds?: number;
  /** Peak resident set of the whole child (main thread and workers), in bytes. */
  peakRss: number;
  /** CPU seconds of the whole child (user and system, every thread) during the scan. */
  cpuSeconds: number;
}

const SELF = fileURLToPath(import.meta.url);

/**
 * Runs one scan in a fresh Node process and returns what it measured.
 *
 * @throws Error with the child's standard error when it fails.
 */
export function runScanChild(spec: ScanSpec): Promise<ScanRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SELF, '--child', JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) resolve(JSON.parse(last) as ScanRun);
      else reject(new Error(`scan "${spec.label}" exited with ${code}: ${err.trim().slice(-2000)}`));
    });
  });
}

/** MB/s and events/s of a run. */
export function rates(run: Pick<ScanRun, 'bytes' | 'events' | 'seconds'>): {
  mbPerS: number;
  eventsPerS: number;
} {
  return { mbPerS: run.bytes / 1e6 / run.seconds, eventsPerS: run.events / run.seconds };
}

/** A run with unscanned ranges measured nothing worth reporting. */
export function checked(run: ScanRun): ScanRun {
  if (run.notScanned > 0) {
    throw new Error(`${run.label}: ${run.notScanned} ranges not scanned; the figures would be void`);
  }
  return run;
}

/** The fastest run at each worker count (of one parser, when given). */
export function bestByWorkers(runs: readonly ScanRun[], parser?: string): Record<number, ScanRun> {
  const best: Record<number, ScanRun> = {};
  for (const r of runs) {
    if (parser !== undefined && r.parser !== parser) continue;
    if (!best[r.workers] || r.seconds < best[r.workers]!.seconds) best[r.workers] = r;
  }
  return best;
}

/** The run with alert counts kept for the given rule ids only. */
export function withAlertsOf(run: ScanRun, ids: readonly string[]): ScanRun {
  const alerts = Object.fromEntries(ids.filter((id) => id in run.alerts).map((id) => [id, run.alerts[id]!]));
  return { ...run, alerts };
}

/**
 * Loads the rules of a spec, keeps those of the asked kinds, and leaves out those the
 * compiled pack reports as unable to run.
 */
async function rulesFor(spec: ScanSpec): Promise<{
  set: RuleSet;
  kinds: Partial<Record<PlanKind, number>>;
  dropped: ScanRun['dropped'];
  duplicateIds: string[];
}> {
  const loaded = await loadRuleSet({ paths: spec.rulePaths });
  const { plans } = planRules(loaded.rules, { categoryField: 'event.category' });
  const wanted = plans.filter((p) => spec.kinds === undefined || spec.kinds.includes(p.kind));
  const pack = compilePack(wanted, { categoryField: 'event.category' });
  const bad = new Map(pack.problems.map((p) => [p.rule, p.message]));
  const kept = wanted.filter((_, i) => !bad.has(i));
  const dropped = [...bad].map(([i, message]) => ({
    id: wanted[i]!.rule.id,
    name: wanted[i]!.rule.name,
    message,
  }));
  const kinds: Partial<Record<PlanKind, number>> = {};
  const seen = new Set<string>();
  const duplicateIds = new Set<string>();
  for (const plan of kept) {
    kinds[plan.kind] = (kinds[plan.kind] ?? 0) + 1;
    if (seen.has(plan.rule.id)) duplicateIds.add(plan.rule.id);
    seen.add(plan.rule.id);
  }
  const set: RuleSet = {
    ...loaded, rules: kept.map((p) => p.rule), planned: { categoryField: 'event.category', plans: kept },
  };
  return { set, kinds, dropped, duplicateIds: [...duplicateIds] };
}

async function child(spec: ScanSpec): Promise<ScanRun> {
  const { set, kinds, dropped, duplicateIds } = await rulesFor(spec);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const stats: ScanStats = await scanSources({
    inputs: spec.inputs,
    rules: set,
    workers: spec.workers,
    ...(spec.parser ? { parser: spec.parser } : {}),
  }).stats;
  const seconds = (performance.now() - started) / 1000;
  const usage = process.resourceUsage();
  return {
    label: spec.label,
    workers: spec.workers,
    parser: stats.parser,
    rules: kinds,
    dropped,
    duplicateIds,
    seconds,
    bytes: stats.bytes,
    events: stats.events,
    lines: stats.lines,
    rejected: stats.rejected,
    alerts: stats.alerts,
    totalAlerts: Object.values(stats.alerts).reduce((a, b) => a + b, 0),
    notScanned: stats.notScanned.length,
    sequenceSeconds: stats.sequences?.seconds,
    peakRss: peakRss(usage.maxRSS),
    cpuSeconds: cpuSince(cpu),
  };
}

/**
 * The process's peak resident set in bytes, every thread included. Linux keeps `ru_maxrss`
 * across `execve`, so a child of a large parent would report the parent's peak; the
 * high-water mark in /proc belongs to the new address space alone.
 */
function peakRss(maxRssKb: number): number {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // Not Linux: the rusage figure, right for a child of a small parent.
  }
  return maxRssKb * 1024;
}

function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (invokedDirectly() && process.argv[2] === '--child') {
  child(JSON.parse(process.argv[3] ?? '{}') as ScanSpec).then(
    (run) => {
      process.stdout.write(`${JSON.stringify(run)}\n`);
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
