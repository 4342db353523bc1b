/**
 * The floors under any scan: how fast one core can read the corpus and find its lines, and
 * how fast it can also `JSON.parse` every line. A scan that decodes every event cannot beat
 * the second figure per core; the prefilter exists to beat it by not decoding most lines.
 *
 * The passes are plain loops over a reused buffer, with no engine code, so they measure the
 * platform. `parallelParsePass` runs the parse pass on several worker threads, each over a
 * line-aligned part of the file, for a like-for-like figure at a scan's worker count.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

import { benchCorpus, corpusLine, type BenchCorpus } from './lib/corpus.js';
import { cpuSince } from './lib/cpu.js';
import { hostLine, saveReport } from './lib/results.js';
import { writeLatestJson } from './lib/svg.js';
import type { BenchOptions } from './lib/stage.js';
import { DEFAULT_BUFFER_BYTES } from '../src/source/index.js';
import { formatCount, markdownTable } from './lib/table.js';

/** What one pass over (part of) a file measured. */
export interface PassResult {
  bytes: number;
  lines: number;
  /** JSON values decoded; 0 for the read-only pass. */
  events: number;
  seconds: number;
  /** CPU seconds of the process meanwhile (user and system, every thread). */
  cpuSeconds: number;
}

/** The scan's own read size: a window that stays in cache reads several times faster. */
const BUFFER_BYTES = DEFAULT_BUFFER_BYTES;
const NEWLINE = 0x0a;

/**
 * Reads `file[start, end)` (default: the whole file) into one reused buffer and counts its
 * newlines.
 *
 * @example readPass('corpus/generated/demo-1-1GB.ndjson').lines // 543,071
 */
export function readPass(file: string, start = 0, end = statSync(file).size): PassResult {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const buf = Buffer.allocUnsafe(BUFFER_BYTES);
  const fd = openSync(file, 'r');
  let bytes = 0;
  let lines = 0;
  try {
    while (start + bytes < end) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, end - start - bytes), start + bytes);
      if (n === 0) break;
      bytes += n;
      for (let at = buf.indexOf(NEWLINE, 0); at !== -1 && at < n; at = buf.indexOf(NEWLINE, at + 1)) {
        lines++;
      }
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, lines, events: 0, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpu) };
}

/**
 * Reads `file[start, end)` and `JSON.parse`s every line that starts in the range (a line
 * that starts before `end` is read to its end), over one reused buffer.
 */
export function parsePass(file: string, start = 0, end = statSync(file).size): PassResult {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let buf = Buffer.allocUnsafe(BUFFER_BYTES);
  const fd = openSync(file, 'r');
  let lines = 0;
  let events = 0;
  let bytes = 0;
  try {
    // A range that does not start the file begins after the first newline at or past
    // start - 1: the line under `start` belongs to the range before.
    let pos = start === 0 ? 0 : start - 1;
    let held = 0;
    let skipping = start !== 0;
    let done = false;
    while (!done) {
      if (held === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, held);
        buf = bigger;
      }
      const n = readSync(fd, buf, held, buf.length - held, pos);
      pos += n;
      const filled = held + n;
      let from = 0;
      if (skipping) {
        const nl = buf.indexOf(NEWLINE, 0);
        if (nl === -1 || nl >= filled) {
          held = 0;
          if (n === 0) break;
          continue;
        }
        from = nl + 1;
        skipping = false;
      }
      // Offset in the file of buf[0], to stop at the first line starting at or past `end`.
      const base = pos - filled;
      for (;;) {
        if (base + from >= end) {
          done = true;
          break;
        }
        let nl = buf.indexOf(NEWLINE, from);
        if (nl >= filled) nl = -1;
        if (nl === -1 && n > 0) break;
        const stop = nl === -1 ? filled : nl;
        if (stop > from) {
          JSON.parse(buf.toString('utf8', from, stop));
          events++;
        }
        lines++;
        bytes += stop - from + (nl === -1 ? 0 : 1);
        from = stop + 1;
        if (nl === -1) {
          done = true;
          break;
        }
      }
      if (done) break;
      held = filled - from;
      buf.copy(buf, 0, from, filled);
    }
  } finally {
    closeSync(fd);
  }
  return { bytes, lines, events, seconds: (performance.now() - started) / 1000, cpuSeconds: cpuSince(cpu) };
}

interface PartJob {
  floorsPart: true;
  /** Which pass the thread runs over its part. */
  pass: 'read' | 'parse';
  file: string;
  start: number;
  end: number;
}

/**
 * The parse pass on `workers` threads at once, each over an equal line-aligned part; the
 * time is from starting the first thread to the last one's answer.
 */
export function parallelParsePass(file: string, workers: number): Promise<PassResult> {
  return parallelPass('parse', file, workers);
}

/**
 * The read pass on `workers` threads at once, each over an equal part: the control for
 * scaling work that is bound by reading memory rather than by computing.
 */
export function parallelReadPass(file: string, workers: number): Promise<PassResult> {
  return parallelPass('read', file, workers);
}

/**
 * Timed from when every thread is ready to when the last one answers: starting a thread and
 * loading this module is not the pass, and on a short pass it would be most of the time.
 */
async function parallelPass(pass: PartJob['pass'], file: string, workers: number): Promise<PassResult> {
  const size = statSync(file).size;
  const self = fileURLToPath(import.meta.url);
  const threads = Array.from({ length: workers }, (_, i) => {
    const job: PartJob = {
      floorsPart: true,
      pass,
      file,
      start: Math.floor((size * i) / workers),
      end: Math.floor((size * (i + 1)) / workers),
    };
    const worker = new Worker(self, { workerData: job });
    const failed = new Promise<never>((_, reject) => worker.once('error', reject));
    const ready = new Promise<void>((resolve) => worker.once('message', () => resolve()));
    return { worker, failed, ready };
  });
  await Promise.race([Promise.all(threads.map((t) => t.ready)), ...threads.map((t) => t.failed)]);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const parts = await Promise.race([
    Promise.all(threads.map(({ worker }) => new Promise<PassResult>((resolve) => {
      worker.once('message', (r: PassResult) => resolve(r));
      worker.postMessage('go');
    }))),
    ...threads.map((t) => t.failed),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = cpuSince(cpu);
  await Promise.all(threads.map(({ worker }) => worker.terminate()));
  const sum = (key: 'bytes' | 'lines' | 'events'): number =>
    parts.reduce((s, p) => s + p[key], 0);
  return { bytes: sum('bytes'), lines: sum('lines'), events: sum('events'), seconds, cpuSeconds };
}

if (!isMainThread && (workerData as PartJob | undefined)?.floorsPart === true) {
  const job = workerData as PartJob;
  parentPort!.once('message', () => {
    parentPort!.postMessage((job.pass === 'read' ? readPass : parsePass)(job.file, job.start, job.end));
  });
  parentPort!.postMessage('ready');
}

/** The floors as reported and saved. */
export interface FloorsResult {
  corpus: { file: string; bytes: number; events: number };
  read: PassResult;
  parse: PassResult;
}

/** MB/s of a pass. */
export function mbPerS(pass: Pick<PassResult, 'bytes' | 'seconds'>): number {
  return pass.bytes / 1e6 / pass.seconds;
}

/** Runs the floors on the benchmark corpus, prints the report and saves it. */
export async function run(options: BenchOptions): Promise<void> {
  const corpus = await benchCorpus(options);
  // The first read may come from disk; the scans that follow read from the page cache, so
  // the figure kept is the second.
  readPass(corpus.file);
  const read = readPass(corpus.file);
  const parse = parsePass(corpus.file);
  const result: FloorsResult = {
    corpus: { file: corpus.shown, bytes: corpus.bytes, events: corpus.manifest.events },
    read,
    parse,
  };
  const markdown = floorsReport(corpus, read, parse);
  process.stdout.write(`${markdown}\n`);
  if (options.save) {
    const saved = saveReport('floors', markdown, result);
    writeLatestJson('floors', result);
    process.stdout.write(`\nsaved ${saved.latest}\n  and ${saved.raw}\n`);
  }
}

/** Table rows for floor passes: pass name, MB/s, lines or events/s, seconds. */
export function floorRows(passes: [name: string, pass: PassResult][]): string[][] {
  return passes.map(([name, p]) => [
    name,
    mbPerS(p).toFixed(0),
    formatCount(Math.round((p.events || p.lines) / p.seconds)),
    p.seconds.toFixed(2),
    (p.bytes / 1e6 / p.cpuSeconds).toFixed(0),
  ]);
}

/** The columns `floorRows` fills. */
export const FLOOR_COLUMNS = [
  { title: 'pass' },
  { title: 'MB/s', numeric: true },
  { title: 'lines or events/s', numeric: true },
  { title: 'seconds', numeric: true },
  { title: 'MB per CPU-s', numeric: true },
];

function floorsReport(corpus: BenchCorpus, read: PassResult, parse: PassResult): string {
  return [
    '# Floors: reading and decoding on one core',
    '',
    `- ${new Date().toISOString().slice(0, 10)}, ${hostLine()}`,
    `- ${corpusLine(corpus)}`,
    '- command: `npm run bench -- floors`',
    `- read: \`fs.readSync\` into one reused ${BUFFER_BYTES >> 10} KiB buffer, newlines ` +
      'counted; parse: the same, plus `JSON.parse` of every line (one string per line)',
    '- one pass each on a shared machine: figures are noisy, compare them within a run; ' +
      'MB per CPU-second is less sensitive to other load than MB/s',
    '',
    markdownTable(FLOOR_COLUMNS, floorRows([
      ['read + split (lines/s)', read],
      ['read + split + JSON.parse (events/s)', parse],
    ])),
    '',
    `Read + split + JSON.parse takes ${(parse.cpuSeconds / read.cpuSeconds).toFixed(1)}x the CPU time ` +
      `of read + split: ${formatCount(Math.round((parse.cpuSeconds * 1e9) / parse.events))} CPU ns per ` +
      `event (${formatCount(Math.round((parse.seconds * 1e9) / parse.events))} ns of wall time).`,
  ].join('\n');
}
