/**
 * The corpus generator: background events with planted true positives and near-misses at
 * planned line numbers, a non-decreasing clock, and a record of where every plant landed.
 *
 * Planning happens up front from the expected event count: plants are shuffled, then spread
 * one per equal-width slot over the first ~90% of the corpus. When a byte budget ends the
 * corpus before every slot was reached, the remaining plants are written straight away, so a
 * corpus always holds every planned plant and the manifest counts are exact.
 *
 *   line:  0 ........ slot 0 ........|........ slot 1 ........|  ...  | tail (background)
 *                 ^ step 0   ^ step 1 (gap lines later, clock + jumpMs)
 */

import { Background } from './background.js';
import type { Stamp } from './events.js';
import { createHosts } from './hosts.js';
import { PlantKit, type Plant, type RulePlants } from './plant-kit.js';
import { KEYCHAIN, REVERSE_SHELL } from './plants-posix.js';
import { OFFICE_LOLBIN_BEACON } from './plants-sequence.js';
import { ENCODED_POWERSHELL, HEX_TEMP_EXE, RUN_KEY } from './plants-windows.js';
import { Rng } from './prng.js';
import { render, type Sink } from './sink.js';
import type { DemoRuleKey } from './rules.js';

/** All planted variants, per demo rule. */
export const RULE_PLANTS: readonly RulePlants[] = [
  KEYCHAIN, ENCODED_POWERSHELL, REVERSE_SHELL, RUN_KEY, HEX_TEMP_EXE, OFFICE_LOLBIN_BEACON,
];

/** Average encoded size of a background event, used to plan byte-sized corpora. */
export const AVERAGE_EVENT_BYTES = 1850;
/** Default plants per 100,000 events, per rule, for true positives and again for near-misses. */
export const DEFAULT_PLANT_RATE = 3;
/** 2026-03-02T08:00:00Z: where every corpus clock starts. */
export const START_MS = Date.UTC(2026, 2, 2, 8, 0, 0);
const MEAN_STEP_MS = 12;
const ESCAPE_EVERY = 5000;

/** Options for one generator run. */
export interface GeneratorOptions {
  readonly seed: number;
  /** Exact number of lines; the caller stops byte-sized runs with `stop()` instead. */
  readonly events?: number;
  /** Planned lines when `events` is not given (defaults from the byte budget upstream). */
  readonly expectedEvents?: number;
  /** Plants per 100,000 events per rule and expectation; 0 plants only one of each variant. */
  readonly plantRate?: number;
  /** `false` writes background only. */
  readonly plant?: boolean;
}

/** Where one plant landed. */
export interface PlantRecord {
  readonly rule: DemoRuleKey;
  readonly expect: 'match' | 'miss';
  readonly variant: string;
  readonly escaped: boolean;
  /** 1-based line numbers of its steps, in order. */
  readonly lines: number[];
}

interface Scheduled {
  readonly plant: Plant;
  readonly step: number;
  readonly record: PlantRecord;
}

/** Produces corpus lines one at a time. */
export class CorpusGenerator {
  /** Lines produced so far. */
  lines = 0;
  /** Lines that contain at least one `\uXXXX` escape. */
  escapeLines = 0;
  /** Timestamp (epoch ms) of the last line. */
  clockMs = START_MS;
  /** Timestamp (epoch ms) of the first line; NaN before it is written. */
  firstMs = Number.NaN;
  /** Every plant, in planned order, with its line numbers filled as they are written. */
  readonly records: PlantRecord[] = [];

  private readonly rng: Rng;
  private readonly background: Background;
  private readonly schedule = new Map<number, Scheduled>();
  private readonly queue: Scheduled[] = [];
  private nextEscape: number;
  private stopped = false;

  /** Builds the fleet and the plant schedule; throws when `events` is too small to hold it. */
  constructor(private readonly options: GeneratorOptions) {
    this.rng = new Rng(options.seed, 0);
    const hosts = createHosts(new Rng(options.seed, 1), 48);
    this.background = new Background(this.rng, hosts);
    this.nextEscape = this.rng.range(ESCAPE_EVERY / 2, ESCAPE_EVERY);
    if (options.plant !== false) this.plan(new PlantKit(new Rng(options.seed, 2), hosts));
  }

  /** True once every line has been produced. */
  get done(): boolean {
    if (this.options.events !== undefined && this.lines >= this.options.events) return true;
    return this.stopped && this.queue.length === 0;
  }

  /** Ends a byte-sized run: from now on only plants not yet written come out. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    const left = [...this.schedule.entries()].sort((a, b) => a[0] - b[0]);
    this.schedule.clear();
    for (const [, s] of left) this.queue.push(s);
  }

  /** The next line without its newline, or `undefined` when done. */
  next(): string | undefined {
    let line: string | undefined;
    render((o) => {
      if (this.nextInto(o, false)) line = o.text(0);
    });
    return line;
  }

  /**
   * Appends the next line to `out` (with its newline unless `newline` is false) and returns
   * true, or returns false when done. `out` must be `roomy`.
   */
  nextInto(out: Sink, newline = true): boolean {
    if (this.done) return false;
    const index = this.lines;
    const start = out.pos;
    const scheduled = this.stopped ? this.queue.shift() : this.schedule.get(index);
    if (scheduled !== undefined) {
      this.schedule.delete(index);
      out.t(this.emitPlanted(scheduled));
    } else {
      this.tick(0);
      const escape = index >= this.nextEscape;
      if (this.background.next(out, this.stamp(), escape)) this.escapeLines++;
      if (escape) this.nextEscape = index + this.rng.range(ESCAPE_EVERY / 2, (ESCAPE_EVERY * 3) / 2);
    }
    out.checkLine(start);
    if (newline) out.byte(10);
    if (this.lines === 0) this.firstMs = this.clockMs;
    this.lines++;
    return true;
  }

  private emitPlanted(s: Scheduled): string {
    const step = s.plant.steps[s.step];
    if (step === undefined) throw new Error('BUG: plant step out of range');
    this.tick(Math.max(step.jumpMs, s.step > 0 ? 1 : 0));
    const line = step.emit(this.stamp());
    s.record.lines.push(this.lines + 1);
    if (hasEscape(line)) this.escapeLines++;
    return line;
  }

  private tick(extraMs: number): void {
    this.clockMs += this.rng.int(2 * MEAN_STEP_MS + 1) + extraMs;
  }

  private stamp(): Stamp {
    return { ms: this.clockMs, ingestedMs: this.clockMs + 900 + (this.lines % 2400) };
  }

  private plan(kit: PlantKit): void {
    const { events, expectedEvents, plantRate = DEFAULT_PLANT_RATE } = this.options;
    const expected = events ?? expectedEvents ?? 100_000;
    const wanted = (variants: number): number => Math.max(variants, Math.round((plantRate * expected) / 1e5));

    const items: { rule: RulePlants; expect: 'match' | 'miss'; variant: number }[] = [];
    for (const rule of RULE_PLANTS) {
      for (const expect of ['match', 'miss'] as const) {
        const variants = expect === 'match' ? rule.matches : rule.misses;
        const n = wanted(variants.length);
        for (let i = 0; i < n; i++) items.push({ rule, expect, variant: i % variants.length });
      }
    }
    for (let i = items.length - 1; i > 0; i--) {
      const j = kit.rng.int(i + 1);
      [items[i], items[j]] = [items[j] as (typeof items)[number], items[i] as (typeof items)[number]];
    }

    const usable = events !== undefined ? events : Math.floor(expected * 0.9);
    const width = Math.floor(usable / items.length);
    if (width < 2) {
      throw new Error(`--size ${expected} events is too small for ${items.length} planted events; ` +
        `use at least ${items.length * 2} events or disable planting`);
    }
    items.forEach((item, slot) => {
      const v = (item.expect === 'match' ? item.rule.matches : item.rule.misses)[item.variant];
      if (v === undefined) throw new Error('BUG: variant index out of range');
      const steps = v.build(kit, width - 1);
      const span = steps.reduce((sum, s, i) => sum + (i > 0 ? s.gap : 0), 0);
      if (span >= width) throw new Error('BUG: plant wider than its slot');
      const escaped = v.escaped === true;
      const plant: Plant = { rule: item.rule.rule, expect: item.expect, variant: v.name, escaped, steps };
      const record: PlantRecord = {
        rule: plant.rule, expect: plant.expect, variant: plant.variant, escaped, lines: [],
      };
      this.records.push(record);
      let at = slot * width + kit.rng.int(width - span);
      steps.forEach((s, i) => {
        if (i > 0) at += s.gap;
        this.schedule.set(at, { plant, step: i, record });
      });
    });
  }
}

const ESCAPE_RE = /(?<!\\)(?:\\\\)*\\u[0-9a-fA-F]{4}/;

/** Whether JSON text holds a `\uXXXX` escape (not a literal backslash followed by `u`). */
export function hasEscape(line: string): boolean {
  return line.includes('\\u') && ESCAPE_RE.test(line);
}
