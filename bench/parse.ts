/**
 * The parse-stage benchmark: MB/s of every way to get events (or just a rule's fields)
 * out of the same lines, side by side in one run, on one core.
 *
 * - `json` backend: JSON.parse of every line, as the default parser does it;
 * - npm `simdjson`: `parse` (whole JS objects built across N-API) and `lazyParse` with
 *   the keychain rule's fields read through `valueForKeyPath`;
 * - the native projector, for the keychain rule's fields and for a whole pack's (the
 *   Elastic rules when present): projection alone, projection plus building the minimal
 *   events, and projection without validating values off the fields' paths.
 *
 * A second table answers whether building minimal events for the compiled matcher is
 * cheap enough, or whether a matcher reading slots directly would be worth writing: it
 * times, per event, building the events, reading every slot (the least a slot-reading
 * matcher must do), and matching the built events with the compiled pack.
 *
 * Every task makes one pass over all lines; lines are batched as the source stage does.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { readFileSync } from 'node:fs';

import { Bench } from 'tinybench';

import { compilePack, type Pack } from '../src/compile/index.js';
import { createParser } from '../src/event/parse/index.js';
import {
  loadNative,
  nativeUnavailableReason,
  type ProjectedBatch,
  type Projector,
} from '../src/native/index.js';
import { loadRules, planRules } from '../src/plan/index.js';
import { eventStream } from '../scripts/generate-corpus.js';
import { benchCorpus, corpusLine } from './lib/corpus.js';
import { hostLine, saveReport } from './lib/results.js';
import { REPO_ROOT, RULE_SETS } from './lib/rules.js';
import type { BenchOptions } from './lib/stage.js';
import { formatCount, formatNs, formatRatio, markdownTable } from './lib/table.js';

const BATCH_LINES = 4096;
/** Lines the matcher table times (events are decoded up front for its JSON.parse row). */
const MATCH_EVENTS = 50_000;
const MATCH_LINES = (report: ParseReport): number => Math.min(report.lines, MATCH_EVENTS);
const KEYCHAIN_RULE = path.join(REPO_ROOT, 'corpus/rules/macos_keychain_credentials_access.toml');

/** The lines every task reads: one buffer, line offsets, and batches of them. */
export interface ParseInput {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  lines: number;
  bytes: number;
  /** Where the lines came from, for the report. */
  source: string;
}

/** One task's figures. */
export interface ParseRow {
  task: string;
  /** Mean and best MB/s over the timed passes. */
  mbps: number;
  bestMbps: number;
  /** MB per second of process CPU time (every thread, GC included). */
  cpuMbps: number;
  nsPerEvent: number;
  /** Lines the task took as events: must agree across tasks for the figures to count. */
  events: number;
}

/** What the benchmark measured. */
export interface ParseReport {
  host: string;
  source: string;
  lines: number;
  bytes: number;
  implementation: string;
  keychainFields: number;
  packFields: number;
  packName: string;
  rows: ParseRow[];
  matcher: { task: string; nsPerEvent: number }[];
  notes: string[];
}

/**
 * Measures every parse path over the benchmark lines and returns the figures.
 *
 * @example (await measureParse({ quick: true, save: false })).rows[0].mbps
 */
export async function measureParse(options: BenchOptions): Promise<ParseReport> {
  const input = await loadInput(options);
  const notes: string[] = [];
  const native = loadNative();
  if (!native) notes.push(`native addon not available: ${nativeUnavailableReason()}`);

  const keychain = await packOf(KEYCHAIN_RULE);
  const elastic = await packOf(RULE_SETS.elastic).catch(() => null);
  const whole = elastic ?? (await packOf(RULE_SETS.demo));
  const packName = elastic ? 'Elastic pack' : 'demo pack';
  if (!elastic) notes.push('Elastic rules not found: the whole-pack rows use the demo pack.');

  const bench = new Bench({
    time: 0,
    iterations: options.quick ? 1 : 3,
    warmupIterations: 1,
    warmupTime: 0,
    throws: true,
  });
  const events = new Map<string, number>();
  // Process CPU time per pass as well as wall time: on a shared machine the wall clock
  // also counts the waits for a core.
  const cpu = new Map<string, { seconds: number; passes: number }>();
  const add = (task: string, pass: () => number): void => {
    events.set(task, pass());
    const spent = { seconds: 0, passes: 0 };
    cpu.set(task, spent);
    bench.add(task, () => {
      const before = process.cpuUsage();
      const result = pass();
      const used = process.cpuUsage(before);
      spent.seconds += (used.user + used.system) / 1e6;
      spent.passes++;
      return result;
    });
  };

  const json = createParser('json');
  add('JSON.parse (`json` backend)', () => parserPass(input, json));
  const simdjson = createRequire(import.meta.url)('simdjson') as SimdjsonModule;
  add('npm simdjson.parse', () => textPass(input, (t) => simdjson.parse(t)));
  const lazyFields = keychain.fields;
  add(`npm simdjson.lazyParse + ${lazyFields.length} fields`, () =>
    textPass(input, (t) => {
      const doc = simdjson.lazyParse(t);
      for (const field of lazyFields) {
        // The addon throws for a missing path: the price of this API on sparse fields.
        try {
          doc.valueForKeyPath(field);
        } catch {
          // absent
        }
      }
      return doc;
    }),
  );
  if (native) {
    for (const [label, pack] of [['keychain rule', keychain], [packName, whole]] as const) {
      const fields = `${label}, ${pack.fields.length} fields`;
      const strict = native.createProjector(pack.fields);
      const lazy = native.createProjector(pack.fields, { validate: false });
      add(`native: project (${fields})`, () => projectPass(input, strict, false));
      add(`native: project + events (${fields})`, () => projectPass(input, strict, true));
      add(`native: project, no validation (${fields})`, () => projectPass(input, lazy, false));
    }
  }
  await bench.run();

  const rows: ParseRow[] = [];
  for (const task of bench.tasks) {
    const latency = latencyOf(task);
    const seconds = latency.mean / 1000;
    rows.push({
      task: task.name,
      mbps: input.bytes / 1e6 / seconds,
      bestMbps: input.bytes / 1e6 / (latency.min / 1000),
      cpuMbps: (input.bytes * cpu.get(task.name)!.passes) / 1e6 / cpu.get(task.name)!.seconds,
      nsPerEvent: (seconds * 1e9) / input.lines,
      events: events.get(task.name)!,
    });
  }
  const counts = new Set(rows.map((r) => r.events));
  if (counts.size > 1) {
    notes.push('Tasks disagree on how many lines are events: the figures do not count.');
  }

  const matcher = native
    ? await measureMatcher(input, native.createProjector(keychain.fields), keychain, options)
    : [];
  const impl = native?.implementation;
  return {
    host: hostLine(),
    source: input.source,
    lines: input.lines,
    bytes: input.bytes,
    implementation: impl
      ? `simdjson ${impl.simdjson}, kernel ${impl.active} (${impl.description}); ` +
        `On-Demand built for ${impl.builtin}`
      : 'native addon not built',
    keychainFields: keychain.fields.length,
    packFields: whole.fields.length,
    packName,
    rows,
    matcher,
    notes,
  };
}

/** Runs the benchmark, prints the report and saves it. */
export async function run(options: BenchOptions): Promise<void> {
  const report = await measureParse(options);
  const markdown = render(report);
  process.stdout.write(`${markdown}\n`);
  if (options.save) {
    const saved = saveReport('parse', markdown, report);
    process.stderr.write(`parse: report saved to ${path.relative(REPO_ROOT, saved.latest)}\n`);
  }
}

interface SimdjsonModule {
  parse(text: string): unknown;
  lazyParse(text: string): { valueForKeyPath(path: string): unknown };
}

async function loadInput(options: BenchOptions): Promise<ParseInput> {
  let buf: Buffer;
  let source: string;
  if (options.events !== undefined) {
    const lines = [...eventStream({ seed: options.seed ?? 1, size: options.events })];
    buf = Buffer.from(`${lines.join('\n')}\n`);
    source = `${formatCount(lines.length)} generated events (seed ${options.seed ?? 1}), in memory`;
  } else {
    const corpus = await benchCorpus(options, options.quick ? '50MB' : '200MB');
    buf = readFileSync(corpus.file);
    source = corpusLine(corpus);
  }
  const starts: number[] = [];
  const ends: number[] = [];
  for (let at = 0; at < buf.length; ) {
    let end = buf.indexOf(10, at);
    if (end === -1) end = buf.length;
    if (end > at) {
      starts.push(at);
      ends.push(end);
    }
    at = end + 1;
  }
  return {
    buf,
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    lines: starts.length,
    bytes: buf.length,
    source,
  };
}

async function packOf(where: string): Promise<Pack> {
  const loaded = await loadRules([where]);
  if (loaded.rules.length === 0) throw new Error(`no rules in ${where}`);
  return compilePack(planRules(loaded.rules).plans, { categoryField: 'event.category' });
}

function parserPass(input: ParseInput, parser: ReturnType<typeof createParser>): number {
  let events = 0;
  for (let i = 0; i < input.lines; i++) {
    if (parser.parse(input.buf, input.starts[i]!, input.ends[i]!).ok) events++;
  }
  return events;
}

function textPass(input: ParseInput, parse: (text: string) => unknown): number {
  let events = 0;
  for (let i = 0; i < input.lines; i++) {
    if (parse(input.buf.toString('utf8', input.starts[i]!, input.ends[i]!)) !== undefined) events++;
  }
  return events;
}

function projectPass(input: ParseInput, projector: Projector, build: boolean): number {
  let events = 0;
  for (let from = 0; from < input.lines; from += BATCH_LINES) {
    const count = Math.min(BATCH_LINES, input.lines - from);
    const batch = projector.project(
      input.buf,
      input.starts.subarray(from, from + count),
      input.ends.subarray(from, from + count),
      count,
    );
    for (let i = 0; i < count; i++) {
      if (!batch.isEvent(i)) continue;
      events++;
      if (build) batch.event(i);
    }
  }
  return events;
}

/** Per event: build events, read every slot, match built events, match JSON.parse events. */
async function measureMatcher(
  input: ParseInput,
  projector: Projector,
  pack: Pack,
  options: BenchOptions,
): Promise<{ task: string; nsPerEvent: number }[]> {
  const lines = Math.min(input.lines, MATCH_EVENTS);
  // Batches stay valid only until the next project call, so each task projects its own.
  const eachBatch = (visit: (batch: ProjectedBatch, count: number) => void): void => {
    for (let from = 0; from < lines; from += BATCH_LINES) {
      const count = Math.min(BATCH_LINES, lines - from);
      const { buf, starts, ends } = input;
      visit(projector.project(buf, starts.subarray(from), ends.subarray(from), count), count);
    }
  };
  const parsed: object[] = [];
  const json = createParser('json');
  for (let i = 0; i < lines; i++) {
    const result = json.parse(input.buf, input.starts[i]!, input.ends[i]!);
    if (result.ok) parsed.push(result.event);
  }

  const bench = new Bench({
    time: options.quick ? 200 : 1500,
    iterations: 3,
    warmupIterations: 1,
    throws: true,
  });
  const fields = projector.fields.length;
  const out: number[] = [];
  bench.add('project only', () => eachBatch(() => undefined));
  bench.add('project + build events', () =>
    eachBatch((batch, count) => {
      for (let i = 0; i < count; i++) if (batch.isEvent(i)) batch.event(i);
    }),
  );
  bench.add(`project + read all ${fields} slots`, () =>
    eachBatch((batch, count) => {
      for (let i = 0; i < count; i++) for (let f = 0; f < fields; f++) batch.value(i, f);
    }),
  );
  bench.add('project + build + compiled match', () =>
    eachBatch((batch, count) => {
      for (let i = 0; i < count; i++) {
        out.length = 0;
        if (batch.isEvent(i)) pack.match(batch.event(i), out);
      }
    }),
  );
  bench.add('compiled match on JSON.parse events (no parse)', () => {
    for (const event of parsed) {
      out.length = 0;
      pack.match(event, out);
    }
  });
  await bench.run();
  return bench.tasks.map((task) => ({
    task: task.name,
    nsPerEvent: (latencyOf(task).mean * 1e6) / lines,
  }));
}

/** The latency statistics (ms) of a finished task. */
function latencyOf(task: Bench['tasks'][number]): { mean: number; min: number } {
  const result = task.result;
  if (!result || !('latency' in result)) {
    throw new Error(`benchmark task ${task.name} did not complete`);
  }
  return result.latency;
}

function render(report: ParseReport): string {
  const base = report.rows[0]!.mbps;
  const table = markdownTable(
    [
      { title: 'task' },
      { title: 'MB/s', numeric: true },
      { title: 'best MB/s', numeric: true },
      { title: 'MB/CPU s', numeric: true },
      { title: 'ns/event', numeric: true },
      { title: 'vs JSON.parse', numeric: true },
    ],
    report.rows.map((r) => [
      r.task,
      Math.round(r.mbps).toLocaleString('en-US'),
      Math.round(r.bestMbps).toLocaleString('en-US'),
      Math.round(r.cpuMbps).toLocaleString('en-US'),
      formatNs(r.nsPerEvent),
      formatRatio(r.mbps / base),
    ]),
  );
  const matcher = report.matcher.length === 0
    ? ''
    : `\n\nMinimal events or slots (keychain rule, first ${formatCount(MATCH_LINES(report))} ` +
      'lines):\n\n' +
      markdownTable(
        [{ title: 'per event', numeric: false }, { title: 'ns', numeric: true }],
        report.matcher.map((m) => [m.task, formatNs(m.nsPerEvent)]),
      );
  const notes = report.notes.map((n) => `\n- ${n}`).join('');
  return [
    '# parse',
    '',
    `${report.host}`,
    `${report.source}; ${formatCount(report.lines)} lines`,
    `${report.implementation}`,
    `keychain rule: ${report.keychainFields} fields; ` +
      `${report.packName}: ${report.packFields} fields; one core`,
    '',
    table,
  ].join('\n') + matcher + (notes ? `\n${notes}` : '');
}
