/**
 * End-to-end scans through the library API (`scanSources`), each in a fresh process so that
 * its peak RSS is its own, on the benchmark corpus (1 GB; 200 MB with `--quick`):
 *
 * - one rule (the keychain-access rule) at 1 and 2 workers, against a `JSON.parse` pass over
 *   the same file measured in the same run: how far the prefilter lifts a scan above the
 *   cost of decoding every line, and how well two workers scale;
 * - the whole Elastic pack with the demo rules at 1..cores workers, and again without its
 *   sequence and sample rules (what those cost), with alerts checked against the corpus
 *   manifest for the demo rules.
 *
 * Speed is given as ratios of runs made side by side: the machine may be shared, so
 * absolute figures move from run to run while ratios move much less.
 */
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  FLOOR_COLUMNS, floorRows, mbPerS, parallelParsePass, parallelReadPass, parsePass, readPass, type PassResult,
} from './floors.js';
import { benchCorpus, corpusLine, type BenchCorpus } from './lib/corpus.js';
import { hostLine, saveReport } from './lib/results.js';
import { REPO_ROOT, RULE_SETS } from './lib/rules.js';
import {
  bestByWorkers,
  checked,
  rates,
  runScanChild,
  withAlertsOf,
  type ScanRun,
  type ScanSpec,
} from './lib/scan-run.js';
import { perRuleChart, saveResultFile, scalingCharts, writeLatestJson } from './lib/svg.js';
import type { BenchOptions } from './lib/stage.js';
import type { ParserName } from '../src/index.js';
import { loadNative } from '../src/native/index.js';
import { cell, formatCount, formatRatio, markdownTable } from './lib/table.js';

const SEED_RULE = path.resolve(REPO_ROOT, '../shared/seeds/000_5c3b739e41ce6fb8.txt');
const DEMO_KEYCHAIN = path.join(RULE_SETS.demo, 'macos_keychain_credentials_access.toml');
/** Corpus sizes the whole-pack scans may use, largest first; the last is the probe. */
const PACK_SIZES = ['1GB', '200MB', '50MB', '10MB'];
/**
 * Seconds all whole-pack scans together may take, estimated from the probes. The estimate
 * runs high: the larger probe still scans partly while the JIT warms up, and its time per
 * byte is charged to every byte (105 s estimated for 1 GB, 59 s taken). Under load it once
 * came to 185 s, and a budget of 180 s would have fallen back to 200 MB; the other stages
 * take about 4.5 minutes, so 240 s keeps the whole run within 10.
 */
const PACK_BUDGET_S = { full: 240, quick: 60 };
/** Events in the corpus that times the whole pack's start-up. */
const STARTUP_EVENTS = '200';

/** Everything one run of this stage measured. */
export interface ScanBenchResult {
  corpus: { file: string; bytes: number; events: number };
  cores: number;
  /** Load averages (1, 5, 15 minutes) before and after the stage. */
  load: { before: number[]; after: number[] };
  parse: { oneCore: PassResult; workers: number; parallel: PassResult };
  /** Read + split alone, on one core and on 2 threads: the control for memory-bound scaling. */
  read?: { oneCore: PassResult; parallel: PassResult };
  /** Parsers compared: `json`, and `native` when the addon is built. */
  parsers: string[];
  keychain: {
    rule: string;
    runs: ScanRun[];
    best: Record<string, Record<number, ScanRun>>;
    /** The same scans over a few events: start-up (workers, module loading, compilation). */
    startup: ScanRun[];
  };
  pack: PackResult | null;
  demo: ScanRun | null;
  ratios: Record<string, number>;
}

/** The whole-pack scans, on a corpus sized to fit the time budget. */
export interface PackResult {
  rulePaths: string[];
  corpus: { file: string; bytes: number; events: number };
  /** The corpus actually scanned, with its manifest. */
  scanned: BenchCorpus;
  /** The timing runs that chose the corpus size: on the two smallest corpora, at every core. */
  probes: ScanRun[];
  /** The pack's estimated warm-up past its start-up, from the probes. */
  warmUpSeconds: number;
  budgetSeconds: number;
  /** One run per worker count, 1 to cores, with the default parser. */
  runs: ScanRun[];
  /** At every core with the json parser, when the default is another one: the JS path. */
  json: ScanRun | null;
  eventOnly: ScanRun;
  /**
   * The same scans on a corpus of a few events, one per worker count: start-up (workers,
   * rule loading and compilation) with next to no reading, to tell it from the scan proper.
   */
  startup: ScanRun[];
}

/** Runs the stage, prints the report and saves it with its charts. */
export async function run(options: BenchOptions): Promise<void> {
  const corpus = await benchCorpus(options);
  const cores = os.availableParallelism();
  const loadBefore = os.loadavg();
  const inputs = [corpus.file];
  const log = (text: string): void => void process.stderr.write(`scan: ${text}\n`);

  // The keychain rule and the JSON.parse floor, interleaved so that load changes hit both.
  const rule = existsSync(SEED_RULE) ? SEED_RULE : DEMO_KEYCHAIN;
  log(`JSON.parse pass, one core, ${(corpus.bytes / 1e6).toFixed(0)} MB`);
  const oneCore = parsePass(corpus.file);
  const parsers = loadNative() ? ['json', 'native'] : ['json'];
  const keychainRuns: ScanRun[] = [];
  for (let round = 0; round < (options.quick ? 1 : 3); round++) {
    for (const workers of [1, 2]) {
      for (const parser of parsers) {
        const spec: ScanSpec = {
          label: `keychain, ${workers}w, ${parser}`, inputs, rulePaths: [rule], workers, parser: parser as ParserName,
        };
        keychainRuns.push(checked(await runScanChild(spec)));
        log(`${spec.label}: ${rates(keychainRuns.at(-1)!).mbPerS.toFixed(0)} MB/s`);
      }
    }
  }
  const parallel = await parallelParsePass(corpus.file, 2);
  // Each read pass takes a fraction of a second, so one burst of other load would decide it:
  // the fastest of three is kept.
  const fastest = (passes: PassResult[]): PassResult => passes.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const readOneCore = fastest([0, 1, 2].map(() => readPass(corpus.file)));
  const readParallelRuns: PassResult[] = [];
  for (let i = 0; i < 3; i++) readParallelRuns.push(await parallelReadPass(corpus.file, 2));
  const readParallel = fastest(readParallelRuns);
  const best = Object.fromEntries(parsers.map((p) => [p, bestByWorkers(keychainRuns, p)]));
  const tiny = await benchCorpus(options, STARTUP_EVENTS);
  const keychainStartup: ScanRun[] = [];
  for (let round = 0; round < 3; round++) {
    for (const workers of [1, 2]) {
      for (const parser of parsers) {
        keychainStartup.push(checked(await runScanChild({
          label: `keychain start-up, ${workers}w, ${parser}`, inputs: [tiny.file], rulePaths: [rule], workers,
          parser: parser as ParserName,
        })));
      }
    }
  }
  const startupBest = Object.fromEntries(parsers.map((p) => [p, bestByWorkers(keychainStartup, p)]));

  let demo: ScanRun | null = null;
  if (existsSync(RULE_SETS.demo)) {
    demo = checked(await runScanChild({
      label: 'demo rules', inputs, rulePaths: [RULE_SETS.demo], workers: cores,
    }));
    log(`demo rules, ${cores}w: ${rates(demo).mbPerS.toFixed(0)} MB/s`);
  }
  let pack: PackResult | null = null;
  if (existsSync(RULE_SETS.elastic)) pack = await measurePack(options, cores, log);
  else log(`${RULE_SETS.elastic} not found: whole-pack scans skipped`);

  const result: ScanBenchResult = {
    corpus: { file: corpus.shown, bytes: corpus.bytes, events: corpus.manifest.events },
    cores,
    load: { before: loadBefore, after: os.loadavg() },
    parse: { oneCore, workers: 2, parallel },
    read: { oneCore: readOneCore, parallel: readParallel },
    parsers,
    keychain: {
      rule: path.relative(REPO_ROOT, rule), runs: keychainRuns, best,
      startup: Object.values(startupBest).flatMap((byWorkers) => Object.values(byWorkers)),
    },
    pack,
    demo,
    ratios: ratiosOf(best, oneCore, parallel, pack),
  };
  const markdown = report(corpus, result);
  process.stdout.write(`${markdown}\n`);
  if (options.save) {
    const data = savedForm(result, Object.keys(corpus.manifest.rules));
    const saved = saveReport('scan', markdown, data);
    writeLatestJson('scan', data);
    const charts = scalingCharts(result).map(([name, svg]) => saveResultFile(name, svg));
    const perRule = perRuleChart();
    if (perRule) charts.push(saveResultFile('match-per-rule.svg', perRule));
    process.stdout.write(`\nsaved ${saved.latest}\n  and ${saved.raw}\n` +
      charts.map((c) => `  and ${c}\n`).join(''));
  }
}

/**
 * Times the pack's start-up (a scan of a few events) at 1..cores workers and the pack at
 * every core on the two smallest corpora, then scans the largest corpus `choosePackSize`
 * finds room for. Two probes, because the first megabytes run while the JIT still compiles
 * the hot matchers: what one small probe took past its start-up, charged per byte, would
 * make a large corpus look several times slower than it scans. The larger probe's time
 * beyond the smaller one's is the cost per byte; the rest of it, past start-up, is warm-up.
 */
async function measurePack(
  options: BenchOptions,
  cores: number,
  log: (text: string) => void,
): Promise<PackResult> {
  const rulePaths = [RULE_SETS.elastic, RULE_SETS.demo].filter((p) => existsSync(p));
  const sizes = options.quick ? PACK_SIZES.slice(1) : PACK_SIZES;
  const tiny = await benchCorpus(options, STARTUP_EVENTS);
  const startup: ScanRun[] = [];
  for (let workers = 1; workers <= cores; workers++) {
    startup.push(checked(await runScanChild({
      label: `pack start-up, ${workers}w`, inputs: [tiny.file], rulePaths, workers,
    })));
  }
  const budgetSeconds = options.quick ? PACK_BUDGET_S.quick : PACK_BUDGET_S.full;
  const startOf = (workers: number): number => startup[workers - 1]!.seconds;
  const probes: { corpus: BenchCorpus; run: ScanRun }[] = [];
  for (const size of sizes.slice(-2).reverse()) {
    const corpus = await benchCorpus(options, size);
    probes.push({
      corpus,
      run: checked(await runScanChild({ label: `pack, probe ${size}`, inputs: [corpus.file], rulePaths, workers: cores })),
    });
  }
  const [small, large] = [probes[0]!.run, probes[1]!.run];
  const withJson = large.parser !== 'json';
  const { size, perByte, warmUp, estimate } = choosePackSize({
    sizes, budgetSeconds, cores, withJson, startup: startup.map((r) => r.seconds), small, large,
  });
  log(`whole pack probes: ${probes.map((p) => `${p.run.seconds.toFixed(1)} s on ${p.corpus.shown}`).join(', ')}; ` +
    `start-up ${startOf(cores).toFixed(1)} s, warm-up ${warmUp.toFixed(1)} s, then ` +
    `${(1 / perByte / 1e6).toFixed(0)} MB/s; scanning ${size} (about ${estimate.toFixed(0)} s in all)`);
  const scanned = await benchCorpus(options, size);
  const inputs = [scanned.file];

  const runs: ScanRun[] = [];
  for (let workers = cores; workers >= 1; workers--) {
    const probe = probes.find((p) => p.corpus.file === scanned.file)?.run;
    if (workers === cores && probe !== undefined) {
      // A probe was this very run.
      runs.unshift({ ...probe, label: `pack, ${workers}w` });
      continue;
    }
    runs.unshift(checked(await runScanChild({ label: `pack, ${workers}w`, inputs, rulePaths, workers })));
    log(`whole pack, ${workers}w: ${rates(runs[0]!).mbPerS.toFixed(1)} MB/s`);
  }
  const eventOnly = checked(await runScanChild({
    label: `pack, event rules only, ${cores}w`, inputs, rulePaths, kinds: ['event'], workers: cores,
  }));
  log(`pack without sequences, ${cores}w: ${rates(eventOnly).mbPerS.toFixed(1)} MB/s`);
  let json: ScanRun | null = null;
  if (withJson) {
    json = checked(await runScanChild({
      label: `pack, ${cores}w, json`, inputs, rulePaths, workers: cores, parser: 'json',
    }));
    log(`whole pack, ${cores}w, json parser: ${rates(json).mbPerS.toFixed(1)} MB/s`);
  }
  return {
    rulePaths: rulePaths.map((p) => path.relative(REPO_ROOT, p)),
    corpus: { file: scanned.shown, bytes: scanned.bytes, events: scanned.manifest.events },
    scanned,
    probes: probes.map((p) => p.run),
    warmUpSeconds: warmUp,
    budgetSeconds,
    runs,
    json,
    eventOnly,
    startup,
  };
}

/** What sizing the whole-pack scans needs: the timings it is worked out from. */
export interface PackSizing {
  /** Corpus sizes, largest first. */
  sizes: readonly string[];
  budgetSeconds: number;
  cores: number;
  /** True when a json-parser scan at every core is among the scans. */
  withJson: boolean;
  /** Start-up seconds at 1..cores workers. */
  startup: readonly number[];
  /** The two probes at every core, on the smaller corpus and then the larger. */
  small: { seconds: number; bytes: number };
  large: { seconds: number; bytes: number };
}

/**
 * The largest size on which the pack's scans (1..cores workers, and at every core also event
 * rules only and, `withJson`, the json parser) are estimated to fit the budget; the smallest
 * when none does. Each scan is its start-up, the warm-up, and `perByte` per byte scaled by
 * `cores / workers`.
 */
export function choosePackSize(s: PackSizing): {
  size: string; perByte: number; warmUp: number; estimate: number;
} {
  const startOf = (workers: number): number => s.startup[workers - 1]!;
  const atCores = s.withJson ? 3 : 2;
  let fixed = startOf(s.cores) * atCores;
  let shares = atCores;
  let scans = atCores;
  for (let w = 1; w < s.cores; w++) {
    fixed += startOf(w);
    shares += s.cores / w;
    scans++;
  }
  // Noise can make the larger probe barely slower, or faster: a tenth of its time per byte
  // is the least counted as work.
  const perByte = Math.max((s.large.seconds - s.small.seconds) / (s.large.bytes - s.small.bytes),
    s.large.seconds / s.large.bytes / 10);
  const warmUp = Math.max(0, s.large.seconds - startOf(s.cores) - perByte * s.large.bytes);
  const estimate = (bytes: number): number => fixed + warmUp * scans + perByte * bytes * shares;
  const size = s.sizes.find((x) => x === s.sizes.at(-1) || estimate(sizeBytes(x)) <= s.budgetSeconds)!;
  return { size, perByte, warmUp, estimate: estimate(sizeBytes(size)) };
}

/** Bytes of a size such as `200MB` (decimal units, as the generator reads them). */
function sizeBytes(size: string): number {
  const m = /^(\d+)(MB|GB)$/.exec(size);
  if (!m) throw new Error(`unexpected corpus size ${size}`);
  return Number(m[1]) * (m[2] === 'GB' ? 1e9 : 1e6);
}

/**
 * The result as saved: alert counts kept for the demo rules only (the pack has hundreds of
 * rules; totals stay), and without the scanned corpus's manifest, whose list of planted
 * lines is long and already on disk beside the corpus.
 */
function savedForm(result: ScanBenchResult, demoIds: readonly string[]): unknown {
  const slim = (run: ScanRun): ScanRun => withAlertsOf(run, demoIds);
  const { keychain, pack, demo } = result;
  return {
    ...result,
    keychain: { ...keychain, runs: keychain.runs.map(slim), startup: keychain.startup.map(slim), best: undefined },
    demo: demo && slim(demo),
    pack: pack && {
      ...pack,
      scanned: undefined,
      probes: pack.probes.map(slim),
      runs: pack.runs.map(slim),
      json: pack.json && slim(pack.json),
      eventOnly: slim(pack.eventOnly),
      startup: pack.startup.map(slim),
    },
  };
}

function ratiosOf(
  best: Record<string, Record<number, ScanRun>>,
  oneCore: PassResult,
  parallel: PassResult,
  pack: ScanBenchResult['pack'],
): Record<string, number> {
  const mb = (run: ScanRun | undefined): number => (run ? rates(run).mbPerS : NaN);
  const j1 = mb(best.json![1]);
  const j2 = mb(best.json![2]);
  const ratios: Record<string, number> = {
    keychain2wOver1w: j2 / j1,
    keychain2wOverParse1Core: j2 / mbPerS(oneCore),
    keychain2wOverParse2Workers: j2 / mbPerS(parallel),
    parse2WorkersOver1Core: mbPerS(parallel) / mbPerS(oneCore),
  };
  if (best.native) {
    ratios.nativeKeychain2wOver1w = mb(best.native[2]) / mb(best.native[1]);
    ratios.nativeKeychain2wOverJson2w = mb(best.native[2]) / j2;
    ratios.nativeKeychain2wOverParse1Core = mb(best.native[2]) / mbPerS(oneCore);
  }
  if (pack) {
    const at = (w: number): ScanRun | undefined => pack.runs.find((r) => r.workers === w);
    const p1 = at(1);
    const p2 = at(2);
    if (p1 && p2) ratios.pack2wOver1w = rates(p2).mbPerS / rates(p1).mbPerS;
    const top = pack.runs.at(-1)!;
    if (pack.eventOnly) ratios.packWithSequencesOverEventOnly = top.seconds / pack.eventOnly.seconds;
    if (pack.json) ratios.packOverJson = pack.json.seconds / top.seconds;
  }
  return ratios;
}

const SCAN_COLUMNS = [
  { title: 'scan' },
  { title: 'rules', numeric: true },
  { title: 'workers', numeric: true },
  { title: 'parser' },
  { title: 'MB/s', numeric: true },
  { title: 'events/s', numeric: true },
  { title: 'seconds', numeric: true },
  { title: 'peak RSS MB', numeric: true },
  { title: 'cores busy', numeric: true },
  { title: 'alerts', numeric: true },
];

function scanRow(r: ScanRun): string[] {
  const { mbPerS: mb, eventsPerS } = rates(r);
  const kinds = Object.entries(r.rules).map(([k, n]) => `${n} ${k}`).join(', ');
  return [
    cell(r.label, 40),
    kinds,
    String(r.workers),
    r.parser,
    mb >= 10 ? mb.toFixed(0) : mb.toPrecision(2),
    formatCount(Math.round(eventsPerS)),
    r.seconds.toFixed(2),
    (r.peakRss / 1e6).toFixed(0),
    (r.cpuSeconds / r.seconds).toFixed(2),
    formatCount(r.totalAlerts),
  ];
}

function goal(value: number, target: number): string {
  return `${formatRatio(value)} (goal >= ${formatRatio(target)}: ${value >= target ? 'met' : 'NOT met'})`;
}

function report(corpus: BenchCorpus, r: ScanBenchResult): string {
  const k1 = r.keychain.best.json![1]!;
  const k2 = r.keychain.best.json![2]!;
  const n = r.keychain.best.native;
  const lines = [
    '# End-to-end scans',
    '',
    `- ${new Date().toISOString().slice(0, 10)}, ${hostLine()}`,
    `- ${corpusLine(corpus)}`,
    `- command: \`npm run bench -- scan\`; load average ${r.load.before[0]!.toFixed(1)} before, ` +
      `${r.load.after[0]!.toFixed(1)} after, on ${r.cores} cores: the machine is shared, so ` +
      'figures are noisy; ratios of runs made side by side are the ones to compare',
    '- each scan is a fresh process (`scanSources`, compiled engine, prefilter on; parser ' +
      '`json`: JSON.parse of candidate lines, `native`: the simdjson addon, which also runs the ' +
      'prefilter); seconds run from starting the scan to its totals, worker start-up and ' +
      'rule compilation included; peak RSS is the whole process, workers included; "cores ' +
      'busy" is the scan\'s CPU seconds over its wall seconds: well under the worker ' +
      'count means the run was starved by other load',
    '',
    '## One rule against the JSON.parse floor',
    '',
    `Rule \`${r.keychain.rule}\`; the keychain scans ran ` +
      `${r.keychain.runs.length / (2 * r.parsers.length)} time(s) each, ` +
      'alternating, and the best of each worker count and parser is kept. The parse passes read the same ' +
      'file and `JSON.parse` every line: one core, and 2 worker threads over halves of the file; the ' +
      'read passes do the same with no parsing (fastest of 3 each).',
    '',
    markdownTable(FLOOR_COLUMNS, floorRows([
      ['JSON.parse, 1 core (events/s)', r.parse.oneCore],
      [`JSON.parse, ${r.parse.workers} worker threads (events/s)`, r.parse.parallel],
      ...(r.read ? [
        ['read + split, 1 core (lines/s)', r.read.oneCore] as [string, PassResult],
        ['read + split, 2 worker threads (lines/s)', r.read.parallel] as [string, PassResult],
      ] : []),
    ])),
    '',
    markdownTable(SCAN_COLUMNS, r.keychain.runs.map(scanRow)),
    '',
    `- json parser, 2 workers / 1 worker: ${goal(rates(k2).mbPerS / rates(k1).mbPerS, 1.85)}; the control, ` +
      `JSON.parse on 2 plain worker threads / on 1 core, scaled ${formatRatio(r.ratios.parse2WorkersOver1Core!)}` +
      (r.ratios.parse2WorkersOver1Core! < 1.7
        ? ': the machine had no second core free, so scaling cannot be judged from this run'
        : '') +
      (r.read
        ? `; read + split alone, which is bound by memory rather than by computing, scaled ` +
          `${formatRatio(mbPerS(r.read.parallel) / mbPerS(r.read.oneCore))} on 2 threads`
        : ''),
    `- json parser at 2 workers / JSON.parse on 1 core: ${goal(r.ratios.keychain2wOverParse1Core!, 8)}; ` +
      `/ JSON.parse on 2 worker threads: ${formatRatio(r.ratios.keychain2wOverParse2Workers!)}`,
  ];
  if (n && n[1] && n[2]) {
    const mb = rates(n[2]).mbPerS;
    lines.push(
      `- native parser (the default) at 2 workers: ${mb.toFixed(0)} MB/s (goal >= 3000 MB/s: ${mb >= 3000 ? 'met' : 'NOT met'}); ` +
        `2 workers / 1 worker: ${goal(r.ratios.nativeKeychain2wOver1w!, 1.85)}; / JSON.parse on 1 core: ` +
        `${goal(r.ratios.nativeKeychain2wOverParse1Core!, 8)}`,
      `- native / json parser, both at 2 workers: ${goal(r.ratios.nativeKeychain2wOverJson2w!, 2)}`,
    );
  } else {
    lines.push('- native parser: addon not built, not measured');
  }
  lines.push(...startupLines(r));
  if (r.pack) lines.push(...packSection(r, r.pack));
  if (r.demo || r.pack) lines.push(...plantedSection(corpus, r));
  return lines.join('\n');
}

/**
 * The keychain scans with their fixed start-up taken out: on 1 GB at native speed, starting
 * workers (piscina, module loading, compiling the rule) is a large part of the wall time,
 * and it does not grow with the archive.
 */
function startupLines(r: ScanBenchResult): string[] {
  const rows: string[][] = [];
  for (const [parser, byWorkers] of Object.entries(r.keychain.best)) {
    for (const run of Object.values(byWorkers)) {
      const start = r.keychain.startup.find((x) => x.parser === parser && x.workers === run.workers);
      if (!start) continue;
      const rest = run.seconds - start.seconds;
      rows.push([
        `keychain, ${run.workers}w`, parser, run.seconds.toFixed(2), start.seconds.toFixed(2),
        rest > 0.02 ? rest.toFixed(2) : 'n/a',
        rest > 0.02 ? (run.bytes / 1e6 / rest).toFixed(0) : 'n/a',
      ]);
    }
  }
  if (rows.length === 0) return [];
  return [
    '',
    'Start-up apart (best of 3 scans over 200 events each, same rule, parser and workers):',
    '',
    markdownTable([
      { title: 'scan' }, { title: 'parser' }, { title: 'seconds', numeric: true },
      { title: 'start-up s', numeric: true }, { title: 'rest s', numeric: true },
      { title: 'MB/s past start-up', numeric: true },
    ], rows),
  ];
}

function packSection(r: ScanBenchResult, pack: PackResult): string[] {
  const top = pack.runs.at(-1)!;
  const full = pack.scanned.bytes >= r.corpus.bytes;
  const lines = [
    '',
    '## The whole rule pack',
    '',
    `Rules from ${pack.rulePaths.map((p) => `\`${p}\``).join(' and ')}, at 1 to ${r.cores} workers, ` +
      `then without sequence and sample rules at ${top.workers}, on ` +
      (full ? 'the same corpus' : `\`${pack.corpus.file}\` ` +
        `(${(pack.corpus.bytes / 1e6).toFixed(1)} MB, ${formatCount(pack.corpus.events)} events)`) +
      `: probes at ${r.cores} workers took ` +
      pack.probes.map((p) => `${p.seconds.toFixed(1)} s on ${(p.bytes / 1e6).toFixed(1)} MB`).join(' and ') +
      `, so the largest corpus whose scans fit ${pack.budgetSeconds} s, start-up and warm-up ` +
      'included, was chosen. Worker start-up and rule compilation (in every worker) are part of ' +
      'each time, and below it the part past them.',
    '',
    markdownTable(SCAN_COLUMNS, [...pack.runs, ...(pack.json ? [pack.json] : []), pack.eventOnly].map(scanRow)),
    '',
  ];
  const at2 = pack.runs.find((x) => x.workers === 2);
  if (at2) {
    const mb = rates(at2).mbPerS;
    const goals = [300, ...(at2.parser === 'native' ? [600] : [])]
      .map((g) => `goal >= ${g} MB/s: ${mb >= g ? 'met' : 'NOT met'}`).join('; ');
    lines.push(`- at 2 workers, ${at2.parser} parser: ${mb.toFixed(1)} MB/s (${goals})`);
  }
  if (pack.json && r.ratios.packOverJson) {
    lines.push(`- ${top.parser} / json parser, both at ${top.workers} workers: ${goal(r.ratios.packOverJson, 2)}`);
  }
  if (r.ratios.pack2wOver1w) lines.push(`- 2 workers / 1 worker: ${formatRatio(r.ratios.pack2wOver1w)}`);
  for (const run of pack.runs) {
    const start = pack.startup.find((x) => x.workers === run.workers);
    if (!start) continue;
    const rest = run.seconds - start.seconds;
    lines.push(`- ${run.workers} worker${run.workers === 1 ? '' : 's'}: start-up (the same scan over ` +
      `${start.events} events) ${start.seconds.toFixed(1)} s of ${run.seconds.toFixed(1)} s; the rest, ` +
      (rest > 0.5
        ? `${rest.toFixed(1)} s, gives ${(run.bytes / 1e6 / rest).toFixed(1)} MB/s, ` +
          `${formatCount(Math.round(run.events / rest))} events/s past start-up`
        : 'too short to time apart'));
  }
  const seq = top.sequenceSeconds;
  lines.push(`- with sequence and sample rules / event rules alone, at ${top.workers} workers: ` +
    `${formatRatio(r.ratios.packWithSequencesOverEventOnly!)} the time` +
    (seq !== undefined ? ` (matching sequences after the read took ${seq.toFixed(2)} s of it)` : ''));
  if (top.dropped.length > 0) {
    lines.push(`- left out (a pattern that cannot run in linear time, which would fail every ` +
      `range): ${top.dropped.map((d) => `\`${d.name}\``).join(', ')}`);
  }
  if (top.duplicateIds.length > 0) {
    lines.push(`- rule ids loaded twice (alert counts merged): ${top.duplicateIds.length}`);
  }
  return lines;
}

/** Alerts of the demo rules against what each scanned corpus's manifest planted. */
function plantedSection(corpus: BenchCorpus, r: ScanBenchResult): string[] {
  const runs: [ScanRun, BenchCorpus][] = [];
  if (r.demo) runs.push([r.demo, corpus]);
  if (r.pack) runs.push([r.pack.runs.at(-1)!, r.pack.scanned]);
  const ids = Object.keys(corpus.manifest.rules);
  const rows = ids.map((id) => [
    cell(corpus.manifest.rules[id]!.name, 60),
    corpus.manifest.rules[id]!.kind,
    ...runs.map(([run, scanned]) => {
      const found = run.alerts[id];
      const planted = scanned.manifest.rules[id]?.truePositives;
      if (found === undefined || planted === undefined) return 'not run';
      return `${found}/${planted}${found === planted ? '' : ' MISMATCH'}`;
    }),
  ]);
  return [
    '',
    '## Found / planted (corpus manifest)',
    '',
    markdownTable([
      { title: 'demo rule' },
      { title: 'kind' },
      ...runs.map(([run, scanned]) => ({
        title: `${run.label} (${(scanned.bytes / 1e6).toFixed(0)} MB)`,
        numeric: true,
      })),
    ], rows),
  ];
}
