/**
 * The manifest written beside a corpus: what was asked for, what came out, and per demo rule
 * how many planted events (or sequences) a correct engine must report.
 */

import type { CorpusGenerator } from './generator.js';
import { DEMO_RULES, demoRule } from './rules.js';
import { IsoFormatter } from './text.js';

/** Bumped whenever the same options would produce different bytes. */
export const GENERATOR_VERSION = 1;

/** Per-rule counts. */
export interface RuleCounts {
  readonly name: string;
  readonly file: string;
  readonly kind: 'event' | 'sequence';
  /** Events (event rules) or sequences (sequence rules) the rule must match. */
  readonly truePositives: number;
  /** Planted look-alikes the rule must not match. */
  readonly nearMisses: number;
}

/** One plant as the manifest lists it. */
export interface PlantedEntry {
  readonly ruleId: string;
  readonly expect: 'match' | 'miss';
  readonly variant: string;
  readonly escaped: boolean;
  /** 1-based line numbers; a sequence lists its events in order. */
  readonly lines: readonly number[];
}

/** The JSON document written beside a corpus. */
export interface Manifest {
  readonly generator: string;
  readonly version: number;
  readonly seed: number;
  /** The size as requested: `"1GB"`, `"200MB"` or an event count such as `"5000"`. */
  readonly size: string;
  readonly plantRate: number;
  readonly events: number;
  /** Uncompressed NDJSON bytes, newlines included. */
  readonly bytes: number;
  readonly gzip: boolean;
  /** Corpus file name (no directory) and its size on disk; absent for in-memory streams. */
  readonly file?: string;
  readonly fileBytes?: number;
  readonly firstTimestamp: string;
  readonly lastTimestamp: string;
  /** Lines holding at least one `\uXXXX` escape. */
  readonly escapeLines: number;
  /** Keyed by `rule_id`. */
  readonly rules: Readonly<Record<string, RuleCounts>>;
  readonly planted: readonly PlantedEntry[];
}

/** Fields the caller supplies; the rest comes from the generator. */
export interface ManifestInput {
  readonly seed: number;
  readonly size: string;
  readonly plantRate: number;
  readonly bytes: number;
  readonly gzip: boolean;
  readonly file?: string;
  readonly fileBytes?: number;
}

/** Assembles the manifest once `gen` is done. */
export function buildManifest(gen: CorpusGenerator, input: ManifestInput): Manifest {
  const rules: Record<string, RuleCounts> = {};
  for (const r of DEMO_RULES) {
    const mine = gen.records.filter((p) => p.rule === r.key);
    rules[r.id] = {
      name: r.name, file: r.file, kind: r.kind,
      truePositives: mine.filter((p) => p.expect === 'match').length,
      nearMisses: mine.filter((p) => p.expect === 'miss').length,
    };
  }
  const planted = gen.records
    .map((p) => ({
      ruleId: demoRule(p.rule).id, expect: p.expect, variant: p.variant, escaped: p.escaped,
      lines: p.lines,
    }))
    .sort((a, b) => (a.lines[0] ?? 0) - (b.lines[0] ?? 0));
  for (const p of planted) {
    if (p.lines.length === 0) throw new Error(`BUG: plant "${p.variant}" was never written`);
  }
  const iso = new IsoFormatter();
  return {
    generator: 'eqlscan corpus generator',
    version: GENERATOR_VERSION,
    seed: input.seed,
    size: input.size,
    plantRate: input.plantRate,
    events: gen.lines,
    bytes: input.bytes,
    gzip: input.gzip,
    ...(input.file !== undefined ? { file: input.file, fileBytes: input.fileBytes } : {}),
    firstTimestamp: gen.lines > 0 ? iso.format(gen.firstMs) : '',
    lastTimestamp: gen.lines > 0 ? iso.format(gen.clockMs) : '',
    escapeLines: gen.escapeLines,
    rules,
    planted,
  };
}
