/**
 * The corpus the end-to-end benchmarks read: the demo corpus generated once under
 * `corpus/generated/` (1 GB, or 200 MB with `--quick`) and reused while its manifest matches.
 *
 * It shares the name `eqlscan demo --size SIZE` gives its corpus, so the demo and the
 * benchmarks reuse each other's file.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import { ensureCorpus, type Manifest } from '../../scripts/generate-corpus.js';
import { REPO_ROOT } from './rules.js';
import type { BenchOptions } from './stage.js';

/** A corpus file on disk with its manifest. */
export interface BenchCorpus {
  /** Absolute path of the NDJSON file. */
  file: string;
  /** The path relative to the repository, for reports. */
  shown: string;
  /** Size on disk, in bytes. */
  bytes: number;
  manifest: Manifest;
  /** True when this run generated the file, false when it was reused. */
  generated: boolean;
  /** Seconds spent generating it (0 when reused). */
  seconds: number;
}

/** The size the benchmarks use: 1 GB, or 200 MB for a quick look. */
export function corpusSize(options: Pick<BenchOptions, 'quick'>): string {
  return options.quick ? '200MB' : '1GB';
}

/** Where the corpus of a size and seed lives. */
export function corpusPath(size: string, seed: number): string {
  return path.join(REPO_ROOT, 'corpus', 'generated', `demo-${seed}-${size}.ndjson`);
}

/**
 * Generates the benchmark corpus (or one of another size) unless an up-to-date one is
 * cached, and describes it.
 *
 * @example (await benchCorpus({ quick: true, save: false })).manifest.events // 108,540
 */
export async function benchCorpus(
  options: BenchOptions,
  size = corpusSize(options),
): Promise<BenchCorpus> {
  const seed = options.seed ?? 1;
  const file = corpusPath(size, seed);
  const before = existsSync(file) ? statSync(file).mtimeMs : -1;
  const started = performance.now();
  const manifest = await ensureCorpus({ out: file, size, seed });
  const generated = statSync(file).mtimeMs !== before;
  return {
    file,
    shown: path.relative(REPO_ROOT, file),
    bytes: statSync(file).size,
    manifest,
    generated,
    seconds: generated ? (performance.now() - started) / 1000 : 0,
  };
}

/** One line on the corpus for the head of a report. */
export function corpusLine(corpus: BenchCorpus): string {
  const m = corpus.manifest;
  const how = corpus.generated ? `generated in ${corpus.seconds.toFixed(1)} s` : 'cached';
  return `corpus \`${corpus.shown}\`: ${(corpus.bytes / 1e6).toFixed(1)} MB, ` +
    `${m.events.toLocaleString('en-US')} events (seed ${m.seed}, ${how}; ` +
    `${Math.round(corpus.bytes / m.events)} bytes per event)`;
}
