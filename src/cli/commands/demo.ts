/**
 * `eqlscan demo` (what `npm start` runs): generates the demo corpus once, scans it on every
 * core with the rules in `corpus/rules/`, and shows what was found against what was planted,
 * how fast, and how much the compiled matchers gain over the reference interpreter.
 *
 * The corpus (about 200 MB by default) is cached under `corpus/generated/` and reused while
 * its manifest matches the requested seed and size.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ensureCorpus, type Manifest } from '../../../scripts/generate-corpus.js';
import { EqlError } from '../../errors.js';
import { packageRoot } from '../../package-files.js';
import { createExecutor, type Executor } from '../../execute/executor.js';
import { loadRuleSet, type RuleSet } from '../../execute/rules.js';
import type { ExecOptions } from '../../pool/messages.js';
import { defaultWorkers } from '../../pool/pool.js';
import { runScan } from '../../pool/scan.js';
import { defaultScanParser } from '../../native/fallback.js';
import type { ScanStats } from '../../pool/stats.js';
import { ProgressBar } from '../../report/progress.js';
import { count, formatSummary } from '../../report/summary.js';

const USAGE = `usage: eqlscan demo [--size SIZE] [--seed N] [--workers N] [--sample N]

Generates the demo corpus under corpus/generated/ (once; about 200 MB by default), scans it
with corpus/rules/ on every core, and prints the alerts per rule against the planted ones,
the scan speed, and the compiled-vs-interpreter matcher speed on a sample of the corpus.

  --size SIZE    corpus size: 200MB (default), 1GB, or an event count
  --seed N       generator seed (default 1)
  --workers N    worker threads (default: every core)
  --sample N     events in the matcher comparison (default 20000)
`;

interface DemoArgs {
  size: string;
  seed: number;
  workers: number;
  sample: number;
}

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === null) {
    process.stdout.write(USAGE);
    return 0;
  }
  const root = demoRoot();
  const out = path.join(root, 'corpus', 'generated', `demo-${parsed.seed}-${parsed.size}.ndjson`);
  process.stderr.write(`corpus: ${path.relative(process.cwd(), out)} (${parsed.size}, seed ${parsed.seed})` +
    `${existsSync(out) ? '' : ', generating it once'}\n`);
  const manifest = await ensureCorpus({ out, size: parsed.size, seed: parsed.seed });

  const rules = await loadRuleSet({ paths: [path.join(root, 'corpus', 'rules')] });
  const options: ExecOptions = {
    categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
    engine: 'compiled', parser: defaultScanParser(), prefilter: true, validate: false,
  };
  const bar = process.stderr.isTTY === true ? new ProgressBar(process.stderr) : null;
  const scan = runScan({
    inputs: [out], rules, options, workers: parsed.workers,
    onProgress: bar ? (done, total) => bar.update(done, total) : undefined,
  });
  let step = await scan.next();
  while (!step.done) step = await scan.next();
  bar?.clear();
  const stats = step.value;

  process.stdout.write(formatSummary(stats, rules));
  process.stdout.write(plantedVersusFound(manifest, rules, stats));
  process.stdout.write(await matcherComparison(out, rules, options, parsed.sample));
  return 0;
}

function parseArgs(args: readonly string[]): DemoArgs | null {
  const parsed: DemoArgs = { size: '200MB', seed: 1, workers: defaultWorkers(), sample: 20_000 };
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new EqlError('option', `${name}: missing value`);
      return v;
    };
    const integer = (text: string): number => {
      if (!/^[1-9]\d*$/.test(text)) throw new EqlError('option', `${name}: expected a positive integer, got '${text}'`);
      return Number(text);
    };
    switch (name) {
      case '-h': case '--help': return null;
      case '--size': parsed.size = value(); break;
      case '--seed': parsed.seed = integer(value()); break;
      case '--workers': parsed.workers = integer(value()); break;
      case '--sample': parsed.sample = integer(value()); break;
      default: throw new EqlError('option', `unknown option ${name} (see eqlscan demo --help)`);
    }
  }
  return parsed;
}

/** The folder holding package.json, from wherever this file runs (sources, dist/, a bundle). */
function demoRoot(): string {
  const root = packageRoot(path.dirname(fileURLToPath(import.meta.url)));
  if (root === null) throw new EqlError('io', 'cannot find the eqlscan package folder');
  return root;
}

/** Per demo rule: what the manifest planted, what the scan found. */
export function plantedVersusFound(manifest: Manifest, rules: RuleSet, stats: ScanStats): string {
  const lines = ['', 'planted vs found:'];
  let agree = true;
  for (const [id, planted] of Object.entries(manifest.rules)) {
    const found = stats.alerts[id];
    const unsupported = rules.unsupported.some((u) => u.rule.id === id);
    let verdict: string;
    if (found === undefined) verdict = unsupported ? 'not yet supported by scan' : 'rule not loaded';
    else if (found === planted.truePositives) verdict = 'ok';
    else {
      verdict = 'MISMATCH';
      agree = false;
    }
    const shown = found === undefined ? '-' : String(found);
    lines.push(`  ${String(planted.truePositives).padStart(6)} planted ${shown.padStart(6)} found  ` +
      `${verdict.padEnd(9)} ${planted.name}`);
  }
  lines.push(agree ? 'every rule that ran found exactly what was planted' : 'some rules disagree with the manifest');
  return lines.join('\n') + '\n';
}

/**
 * Times both engines on the same events: decode a sample of the corpus once, then run each
 * pack's `match` over it until enough time has passed to trust the figure.
 */
async function matcherComparison(file: string, rules: RuleSet, options: ExecOptions,
  sample: number): Promise<string> {
  const events = await sampleEvents(file, sample);
  // The events are decoded objects, as the `json` parser makes them: on the `native` one the
  // compiled pack would read each line from the addon's batch, and walk these instead.
  const decoded: ExecOptions = { ...options, parser: 'json' };
  const compiled = createExecutor(rules.rules, { ...decoded, engine: 'compiled' });
  const interpreted = createExecutor(rules.rules, { ...decoded, engine: 'interpreter' });
  const rate = (exec: Executor): number => {
    const out: number[] = [];
    let rounds = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      for (const event of events) {
        out.length = 0;
        exec.pack.match(event, out);
      }
      rounds++;
      elapsed = performance.now() - started;
    } while (elapsed < 300);
    return (rounds * events.length) / (elapsed / 1000);
  };
  rate(compiled); // warm both up before measuring, so neither pays for the JIT alone
  rate(interpreted);
  const c = rate(compiled);
  const i = rate(interpreted);
  return `\nmatchers on ${count(events.length)} decoded events, ${rules.rules.length} rules, one core:\n` +
    `  compiled     ${count(Math.round(c)).padStart(12)} events/s\n` +
    `  interpreter  ${count(Math.round(i)).padStart(12)} events/s\n` +
    `  compiled is ${(c / i).toFixed(1)}x the interpreter\n`;
}

async function sampleEvents(file: string, n: number): Promise<object[]> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(n * 2500, 256 << 20));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    const events: object[] = [];
    let start = 0;
    while (events.length < n) {
      const end = buf.indexOf(0x0a, start);
      if (end === -1 || end >= bytesRead) break;
      events.push(JSON.parse(buf.toString('utf8', start, end)) as object);
      start = end + 1;
    }
    return events;
  } finally {
    await handle.close();
  }
}
