/**
 * A scan as a library caller sees it: an async iterable of alerts, then a promise of the
 * totals.
 */
import type { Readable } from 'node:stream';

import { EqlError } from '../errors.js';
import { defaultScanParser } from '../native/fallback.js';
import { loadRuleSet, type RuleSet, type RuleSources } from '../execute/rules.js';
import type { EngineName, ParserName, SchemaSpec } from './messages.js';
import { defaultWorkers } from './pool.js';
import { runScan } from './scan.js';
import type { StageLimits } from '../execute/sequence-run.js';
import type { ScanAlert, ScanStats } from './stats.js';

/** What to scan, with which rules, and how. */
export interface ScanSourcesOptions {
  /** Files (plain or `.gz`), folders, globs; `-` for standard input. */
  inputs: readonly string[];
  /** Rules already loaded (`loadRuleSet`), or where to load them from. */
  rules: RuleSet | RuleSources;
  /** Default `event.category`. */
  categoryField?: string;
  /** Default `@timestamp`. */
  timestampField?: string;
  /** Default none. */
  tiebreakerField?: string | null;
  /** Default `compiled`. */
  engine?: EngineName;
  /** Default: the fastest parser available. */
  parser?: ParserName;
  /** Skip decoding lines no rule can match; default true. */
  prefilter?: boolean;
  /** Decode every line, so that every malformed line is counted as rejected; default false. */
  validate?: boolean;
  /** Default: every core. */
  workers?: number;
  /** Shard size in bytes; default chosen from the input size. */
  shardBytes?: number;
  /** Read instead of `process.stdin` when `-` is an input. */
  stdin?: Readable;
  /** Called as bytes are done. */
  onProgress?: (doneBytes: number, totalBytes: number) => void;
  /** Field types (`mergeMappings`); default none. */
  schema?: SchemaSpec | null;
  /** Bounds on sequence and sample state. */
  stageLimits?: Partial<StageLimits>;
}

/** A running scan: iterate it once for alerts; `stats` resolves when it is done. */
export interface Scan extends AsyncIterable<ScanAlert> {
  /**
   * The totals, once every alert has been iterated. Awaiting it without iterating runs the
   * scan to its end, dropping the alerts. Rejects when the scan fails or is stopped early.
   */
  readonly stats: Promise<ScanStats>;
  /** The rules as loaded, with those that failed or are not supported. */
  readonly rules: Promise<RuleSet>;
}

/**
 * Starts a scan over `inputs`; nothing runs until it is iterated or `stats` is awaited.
 *
 * @example
 * const scan = scanSources({ inputs: ['logs/'], rules: { paths: ['rules/'] } });
 * for await (const alert of scan) console.log(alert.rule.name, alert.file, alert.line);
 * const stats = await scan.stats;
 * @throws EqlError 'rule' (while iterating) when no rule can run.
 */
export function scanSources(options: ScanSourcesOptions): Scan {
  return new SourcesScan(options);
}

class SourcesScan implements Scan {
  readonly rules: Promise<RuleSet>;
  private readonly done: Promise<ScanStats>;
  private settle!: { resolve: (s: ScanStats) => void; reject: (e: unknown) => void };
  private started = false;
  private settled = false;

  constructor(private readonly options: ScanSourcesOptions) {
    const { rules } = options;
    this.done = new Promise<ScanStats>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // Nobody may be listening; a failed scan must still not crash the process unobserved.
    this.done.catch(() => {});
    this.rules = 'unsupported' in rules
      ? Promise.resolve(rules)
      : loadRuleSet({ ...rules, categoryField: rules.categoryField ?? options.categoryField });
    this.rules.catch(() => {});
  }

  get stats(): Promise<ScanStats> {
    // Deferred, so that taking `stats` first and iterating right after still yields alerts.
    queueMicrotask(() => {
      if (this.started) return;
      const all = this[Symbol.asyncIterator]();
      void (async () => {
        while (!(await all.next()).done);
      })().catch(() => {});
    });
    return this.done;
  }

  [Symbol.asyncIterator](): AsyncGenerator<ScanAlert, void, undefined> {
    if (this.started) throw new EqlError('option', 'a scan can be iterated only once');
    this.started = true;
    return this.alerts();
  }

  private async *alerts(): AsyncGenerator<ScanAlert, void, undefined> {
    const o = this.options;
    try {
      const set = await this.rules;
      if (set.rules.length === 0) {
        throw new EqlError('rule', `no rule to run (${set.failed.length} failed, ` +
          `${set.unsupported.length} not yet supported by scan, ${set.skipped.length} not EQL)`);
      }
      const scan = runScan({
        inputs: o.inputs,
        rules: set,
        options: {
          categoryField: o.categoryField ?? 'event.category',
          timestampField: o.timestampField ?? '@timestamp',
          tiebreakerField: o.tiebreakerField ?? null,
          engine: o.engine ?? 'compiled',
          parser: o.parser ?? defaultScanParser(),
          prefilter: o.prefilter ?? true,
          validate: o.validate ?? false,
          schema: o.schema ?? null,
        },
        stageLimits: o.stageLimits,
        workers: o.workers ?? defaultWorkers(),
        shardBytes: o.shardBytes,
        stdin: o.stdin,
        onProgress: o.onProgress,
      });
      // `for await` closes `scan` (and its pool) when the caller stops early.
      let step = await scan.next();
      try {
        while (!step.done) {
          yield step.value;
          step = await scan.next();
        }
      } finally {
        if (!step.done) await scan.return(undefined as never);
      }
      this.settled = true;
      this.settle.resolve(step.value);
    } catch (err) {
      this.settled = true;
      this.settle.reject(err);
      throw err;
    } finally {
      if (!this.settled) this.settle.reject(new EqlError('option', 'the scan was stopped before its end'));
    }
  }
}
