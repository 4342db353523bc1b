/**
 * The main thread's pass over a scan's stage hits, once every shard is in: merge into time
 * order, run the sequence rules, then the sample rules, and count what was kept and lost.
 */
import type { Schema } from '../event/index.js';
import type { RulePlan } from '../plan/index.js';
import type { SequenceStats } from '../pool/stats.js';
import type { HitStore } from './hits-store.js';
import { timeOrder, untimedRows } from './merge-order.js';
import { runSamples } from './sample-run.js';
import {
  DEFAULT_STAGE_LIMITS,
  emptyCounters,
  runSequences,
  type RuleMatches,
  type StageLimits,
} from './sequence-run.js';

/** The matches of every sequence and sample rule, and how matching went. */
export interface StagePass {
  /** In rule order. */
  results: RuleMatches[];
  stats: SequenceStats;
}

/** Options given in part, completed from the defaults and checked. */
export function stageLimits(given: Partial<StageLimits> = {}): StageLimits {
  const limits = { ...DEFAULT_STAGE_LIMITS, ...given };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`${name}: expected a non-negative integer, got ${value}`);
    }
  }
  return limits;
}

/**
 * Matches the sequence and sample rules among `plans` (the scan's rules, in payload order)
 * over the hits in `store`.
 *
 * @example
 * const { results, stats } = matchStageRules(store, plans, stageLimits());
 */
export function matchStageRules(
  store: HitStore,
  plans: readonly RulePlan[],
  limits: StageLimits,
  schema?: Schema,
): StagePass {
  const started = performance.now();
  const counters = emptyCounters();
  const order = timeOrder(store);
  const sequences = runSequences(store, order, plans, limits, counters,
    { total: 0, limit: limits.maxPending }, schema);
  // The sequence state is garbage by now: samples get the whole budget.
  const budget = { total: 0, limit: limits.maxPending };
  const samples = runSamples(store, plans, limits, counters, budget);
  const results = [...sequences, ...samples].sort((a, b) => a.rule - b.rule);
  return {
    results,
    stats: {
      rules: plans.filter((p) => p.kind !== 'event').length,
      hitEvents: store.count,
      hitBytes: store.bytes,
      droppedHitEvents: store.dropped,
      untimed: untimedRows(store),
      seconds: (performance.now() - started) / 1000,
      ...counters,
    },
  };
}
