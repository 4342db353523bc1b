/**
 * Deterministic generator of Elastic Defend style ECS events (NDJSON) with planted true
 * positives and near-misses for the demo rules in `corpus/rules/`.
 *
 * The same seed and size always give the same bytes. A manifest written beside the corpus
 * counts, per demo `rule_id`, the events (or sequences) a correct engine must match, and lists
 * the line numbers of every planted event.
 *
 * @example
 *   node dist/scripts/generate-corpus.js --out corpus/generated/demo.ndjson --size 200MB --seed 7
 *
 * @example
 *   const manifest = await generateCorpus({ out: 'corpus/generated/x.ndjson', size: '5000' });
 *   for (const line of eventStream({ seed: 1, size: 1000 })) JSON.parse(line);
 */

import { once } from 'node:events';
import {
  createWriteStream, existsSync, mkdirSync, readFileSync, realpathSync, statSync, writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGzip } from 'node:zlib';

import { AVERAGE_EVENT_BYTES, CorpusGenerator, DEFAULT_PLANT_RATE } from './corpus/generator.js';
import { buildManifest, GENERATOR_VERSION, type Manifest } from './corpus/manifest.js';
import { Sink } from './corpus/sink.js';

export type { Manifest, PlantedEntry, RuleCounts } from './corpus/manifest.js';
export { DEMO_RULES, type DemoRule } from './corpus/rules.js';
export { hasEscape } from './corpus/generator.js';

/** A corpus size: a byte budget or an exact event count. */
export type SizeSpec = { readonly bytes: number } | { readonly events: number };

const UNITS: Record<string, number> = {
  B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3,
};

/**
 * Parses `1GB`, `200MB`, `512KiB` (bytes; KB/MB/GB are powers of 1000) or a bare integer
 * (events).
 *
 * @example parseSize('200MB') // { bytes: 200000000 }
 * @example parseSize('5000') // { events: 5000 }
 */
export function parseSize(text: string | number): SizeSpec {
  if (typeof text === 'number') return checkEvents(text, String(text));
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (m === null) throw new Error(`--size: expected a number of events or a size like 200MB, got "${text}"`);
  const value = Number(m[1]);
  const unit = (m[2] ?? '').toUpperCase();
  if (unit === '' || unit === 'EVENTS') return checkEvents(value, text);
  const scale = UNITS[unit];
  if (scale === undefined) {
    throw new Error(`--size: unknown unit "${m[2]}" (use B, KB, MB, GB, KiB, MiB, GiB)`);
  }
  const bytes = Math.round(value * scale);
  if (bytes < 1) throw new Error(`--size: must be at least one byte, got "${text}"`);
  return { bytes };
}

function checkEvents(n: number, text: string): SizeSpec {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--size: event count must be a positive integer, got "${text}"`);
  }
  return { events: n };
}

/** Options shared by the file writer and the in-memory stream. */
export interface CorpusOptions {
  /** Any 32-bit integer; default 1. */
  readonly seed?: number;
  /** Size as text (`"1GB"`, `"5000"`) or an event count; default `"200MB"`. */
  readonly size?: string | number;
  /** Plants per 100,000 events, per rule, for true positives and again for near-misses. */
  readonly plantRate?: number;
  /** `false` writes background events only. */
  readonly plant?: boolean;
}

interface Resolved {
  seed: number;
  sizeText: string;
  size: SizeSpec;
  plantRate: number;
}

function resolve(options: CorpusOptions): Resolved {
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got ${seed}`);
  const plantRate = options.plantRate ?? DEFAULT_PLANT_RATE;
  if (!(plantRate >= 0)) throw new Error(`--plant-rate: expected a number >= 0, got ${plantRate}`);
  const sizeText = String(options.size ?? '200MB');
  return { seed: seed | 0, sizeText, size: parseSize(options.size ?? '200MB'), plantRate };
}

function makeGenerator(options: CorpusOptions, size: SizeSpec, seed: number,
  plantRate: number): CorpusGenerator {
  return new CorpusGenerator({
    seed,
    plantRate,
    plant: options.plant,
    events: 'events' in size ? size.events : undefined,
    expectedEvents: 'bytes' in size ? Math.max(1, Math.floor(size.bytes / AVERAGE_EVENT_BYTES)) : undefined,
  });
}

/** An in-memory corpus: iterate it for lines (no newline), then read its manifest. */
export class CorpusStream implements Iterable<string> {
  private result: Manifest | undefined;

  /** See `CorpusOptions`; nothing is generated until iteration starts. */
  constructor(private readonly options: CorpusOptions) {}

  /** Yields every line once; a second iteration generates the same lines again. */
  *[Symbol.iterator](): Iterator<string> {
    const { seed, sizeText, size, plantRate } = resolve(this.options);
    const gen = makeGenerator(this.options, size, seed, plantRate);
    const budget = 'bytes' in size ? size.bytes : Infinity;
    let bytes = 0;
    for (let line = gen.next(); line !== undefined; line = gen.next()) {
      bytes += Buffer.byteLength(line) + 1;
      if (bytes >= budget) gen.stop();
      yield line;
    }
    this.result = buildManifest(gen, { seed, size: sizeText, plantRate, bytes, gzip: false });
  }

  /** The manifest of the last complete iteration. */
  manifest(): Manifest {
    if (this.result === undefined) throw new Error('manifest(): iterate the stream to its end first');
    return this.result;
  }
}

/**
 * Corpus lines without writing a file.
 *
 * @example [...eventStream({ seed: 3, size: 100, plant: false })].length // 100
 */
export function eventStream(options: CorpusOptions | number = {}): CorpusStream {
  return new CorpusStream(typeof options === 'number' ? { seed: options } : options);
}

/** Options for writing a corpus file. */
export interface GenerateOptions extends CorpusOptions {
  /** Output path; parent folders are created. */
  readonly out: string;
  /** gzip the file; `size` still counts uncompressed bytes. */
  readonly gzip?: boolean;
  /** zlib level 1-9; default 1, which is fast and still shrinks this NDJSON about fivefold. */
  readonly gzipLevel?: number;
  /** Manifest path, or `false` for none; default `manifestPathFor(out)`. */
  readonly manifest?: string | false;
}

/** Where the manifest of `out` goes: `x.ndjson[.gz]` gets `x.manifest.json`. */
export function manifestPathFor(out: string): string {
  return out.replace(/(\.gz)?$/, '').replace(/\.(ndjson|jsonl|json)$/, '') + '.manifest.json';
}

const BUFFER_BYTES = 8 * 1024 * 1024;

/** Writes a corpus file (and its manifest) and resolves to the manifest. */
export async function generateCorpus(options: GenerateOptions): Promise<Manifest> {
  const { seed, sizeText, size, plantRate } = resolve(options);
  const gen = makeGenerator(options, size, seed, plantRate);
  const budget = 'bytes' in size ? size.bytes : Infinity;
  mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });

  const file = createWriteStream(options.out);
  const gzip = options.gzip === true ? createGzip({ level: options.gzipLevel ?? 1 }) : undefined;
  if (gzip) gzip.pipe(file);
  const sink = gzip ?? file;

  const out = new Sink(Buffer.allocUnsafe(BUFFER_BYTES));
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (out.pos === 0) return;
    const chunk = out.buf.subarray(0, out.pos);
    bytes += out.pos;
    // The stream keeps `chunk` until written, so the next lines go into a fresh buffer.
    out.buf = Buffer.allocUnsafe(BUFFER_BYTES);
    out.pos = 0;
    if (!sink.write(chunk)) await once(sink, 'drain');
  };

  while (gen.nextInto(out)) {
    if (bytes + out.pos >= budget) gen.stop();
    if (!out.roomy) await flush();
  }
  await flush();
  sink.end();
  await finished(file);

  const manifest = buildManifest(gen, {
    seed, size: sizeText, plantRate, bytes, gzip: gzip !== undefined,
    file: path.basename(options.out), fileBytes: statSync(options.out).size,
  });
  if (options.manifest !== false) {
    writeFileSync(options.manifest ?? manifestPathFor(options.out), JSON.stringify(manifest, null, 2) + '\n');
  }
  return manifest;
}

/**
 * Returns the existing corpus's manifest when `out` and its manifest were made with the same
 * seed, size, plant rate, compression and generator version; otherwise generates it.
 */
export async function ensureCorpus(options: GenerateOptions): Promise<Manifest> {
  const mpath = options.manifest === false ? undefined : (options.manifest ?? manifestPathFor(options.out));
  if (mpath !== undefined && existsSync(mpath) && existsSync(options.out)) {
    try {
      const old = JSON.parse(readFileSync(mpath, 'utf8')) as Manifest;
      const { seed, sizeText, plantRate } = resolve(options);
      if (old.version === GENERATOR_VERSION && old.seed === seed && old.size === sizeText &&
        old.plantRate === plantRate && old.gzip === (options.gzip === true) &&
        old.fileBytes === statSync(options.out).size) {
        return old;
      }
    } catch {
      // An unreadable manifest means the cache is stale; regenerate below.
    }
  }
  return generateCorpus(options);
}

const USAGE = `Usage: node dist/scripts/generate-corpus.js --out FILE [options]

  --out FILE          corpus path (NDJSON; add --gzip for .gz)
  --size SIZE         1GB, 200MB, 512KiB (bytes) or an event count such as 5000 (default 200MB)
  --seed N            integer seed (default 1); same seed and size give the same bytes
  --gzip              gzip the output (size counts uncompressed bytes)
  --gzip-level N      zlib level 1-9 (default 1)
  --manifest FILE     manifest path (default: beside the corpus, FILE.manifest.json)
  --plant-rate N      planted events per 100k events per rule (default ${DEFAULT_PLANT_RATE})
  --no-plant          background events only
  --reuse             keep an existing corpus whose manifest matches these options
`;

/** Command-line entry: parses `argv` (without node and script) and writes the corpus. */
export async function main(argv: readonly string[]): Promise<number> {
  const opts: { out?: string; size?: string; seed?: number; gzip?: boolean; gzipLevel?: number;
    manifest?: string; plantRate?: number; plant?: boolean; reuse?: boolean } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg}: missing value`);
      return v;
    };
    const int = (name: string, text: string): number => {
      if (!/^-?\d+$/.test(text)) throw new Error(`${name}: expected an integer, got "${text}"`);
      return Number(text);
    };
    switch (arg) {
      case '--out': opts.out = value(); break;
      case '--size': opts.size = value(); break;
      case '--seed': opts.seed = int('--seed', value()); break;
      case '--gzip': opts.gzip = true; break;
      case '--gzip-level': opts.gzipLevel = int('--gzip-level', value()); break;
      case '--manifest': opts.manifest = value(); break;
      case '--plant-rate': opts.plantRate = Number(value()); break;
      case '--no-plant': opts.plant = false; break;
      case '--reuse': opts.reuse = true; break;
      case '-h': case '--help': process.stdout.write(USAGE); return 0;
      default: throw new Error(`unknown option ${arg}\n\n${USAGE}`);
    }
  }
  if (opts.out === undefined) throw new Error(`--out is required\n\n${USAGE}`);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const before = existsSync(opts.out) ? statSync(opts.out).mtimeMs : -1;
  const m = await (opts.reuse ? ensureCorpus : generateCorpus)({ ...opts, out: opts.out });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const tp = Object.values(m.rules).reduce((s, r) => s + r.truePositives, 0);
  const reused = opts.reuse === true && statSync(opts.out).mtimeMs === before;
  const mb = m.bytes / 1e6;
  process.stderr.write(`${opts.out}: ${m.events} events, ${mb.toFixed(1)} MB` +
    `${m.gzip ? ` (${((m.fileBytes ?? 0) / 1e6).toFixed(1)} MB gzipped)` : ''}, ` +
    `${tp} planted true positives, ` +
    (reused ? 'reused\n' : `${seconds.toFixed(2)} s (${(mb / seconds).toFixed(0)} MB/s wall, ` +
      `${(mb / cpuSeconds).toFixed(0)} MB/s per CPU second)\n`));
  return 0;
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

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`generate-corpus: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
