/**
 * The stateful half of sequence matching, on the main thread: stage hits of the whole scan,
 * in time order, fed to the reference state machine (`SequenceMatcher`), one per rule.
 *
 *   hits (store)    row 7: rule 3 stage 0 [h1]    row 2: rule 3 stage 1 [h1]   ...
 *   time order      2, 7, ...  (merge-order.ts)
 *   per rule        SequenceInput { event: row, ordinal, stages, until } -> matcher.feed
 *
 * The matcher's events are row numbers, not decoded events: the texts of the few rows that
 * end in a match are fetched afterwards (`sequence-alerts.ts`).
 *
 * Memory: a matcher holds at most one in-flight sequence per (stage, key), a newer partial
 * match replacing the pending one. Sequences older than maxspan are expired as time moves
 * on; beyond `maxPending` in-flight sequences (all rules together) the oldest are evicted,
 * and beyond `maxPerKey` missing-event timestamps per (rule, stage, key) later ones are not
 * recorded. Both overflows are counted, as they can cost matches.
 */
import { applyPipes, headLimit } from '../interpret/pipes.js';
import type { Ordinal } from '../interpret/run-order.js';
import { dateKeyPositions, expandRuns, isoDate } from '../interpret/run.js';
import type { KeyTuple } from '../interpret/run-keys.js';
import { SequenceMatcher, type SequenceInput, type StageHit } from '../interpret/sequence.js';
import type { Schema } from '../event/index.js';
import type { RulePlan } from '../plan/index.js';
import type { Scalar, Sequence } from '../query/ast.js';
import type { HitStore } from './hits-store.js';

/** Bounds on the state of sequence and sample matching. */
export interface StageLimits {
  /** Stage-hit lines kept for the whole scan (the store). Default 5,000,000. */
  maxHitEvents: number;
  /** In-flight sequences and sample keys, all rules together. Default 1,000,000. */
  maxPending: number;
  /** Missing-event timestamps kept per rule, stage and key. Default 10,000. */
  maxPerKey: number;
  /** Samples per join key (Elasticsearch's `max_samples_per_key`). Default 1. */
  maxSamplesPerKey: number;
}

/** The limits when none are given. */
export const DEFAULT_STAGE_LIMITS: Readonly<StageLimits> = {
  maxHitEvents: 5_000_000,
  maxPending: 1_000_000,
  maxPerKey: 10_000,
  maxSamplesPerKey: 1,
};

/** What matching did besides matching: state expired, and every overflow. */
export interface StageCounters {
  /** In-flight sequences dropped because maxspan had passed (no match is lost). */
  expired: number;
  /** In-flight sequences evicted over `maxPending` (matches may be lost). */
  evicted: number;
  /** Missing-event timestamps not recorded over `maxPerKey` (matches may be wrong). */
  perKeyDropped: number;
  /** Sample hits dropped because their key was new once `maxPending` keys were held. */
  sampleKeysDropped: number;
  /** The most in-flight sequences and sample keys held at once. */
  peakPending: number;
}

/** Counters at zero. */
export function emptyCounters(): StageCounters {
  return { expired: 0, evicted: 0, perKeyDropped: 0, sampleKeysDropped: 0, peakPending: 0 };
}

/** One match of a sequence or sample rule: rows per stage (null: a missing-event stage). */
export interface StageMatch {
  rows: (number | null)[];
  joinKeys: Scalar[];
}

/** The matches of one rule, after its pipes. */
export interface RuleMatches {
  /** Index of the rule in the scan's rule list. */
  rule: number;
  kind: 'sequence' | 'sample';
  matches: StageMatch[];
}

/** Shared count of in-flight state across every rule, with eviction over the cap. */
export interface PendingBudget {
  total: number;
  readonly limit: number;
}

const EXPIRE_EVERY = 256;

interface Runner {
  rule: number;
  sequence: Sequence;
  pipes: RulePlan['query']['pipes'];
  matcher: SequenceMatcher<number>;
  /** Per pack stage as written: the stages it stands for after `runs` expansion. */
  expanded: number[][];
  missing: readonly boolean[];
  untilStage: number;
  fed: number;
  missingCounts: Map<string, number>;
  input: SequenceInput<number> | null;
}

/**
 * Runs every sequence rule over the rows of `order` (time order); returns their matches
 * in rule order.
 */
export function runSequences(
  store: HitStore,
  order: Int32Array,
  plans: readonly RulePlan[],
  limits: StageLimits,
  counters: StageCounters,
  budget: PendingBudget,
  schema?: Schema,
): RuleMatches[] {
  const runners: (Runner | undefined)[] = plans.map((plan, rule) =>
    plan.query.body.kind === 'sequence' ? runnerFor(rule, plan, plan.query.body) : undefined);
  const all = runners.filter((r): r is Runner => r !== undefined);
  if (all.length === 0) return [];

  const touched: Runner[] = [];
  // Most hits hold one key: its one-tuple list is made once and shared (no one mutates it).
  const alone: KeyTuple[][] = [];
  const tuples = (ids: Int32Array): KeyTuple[] => {
    if (ids.length === 1) return (alone[ids[0]!] ??= [store.keys[ids[0]!]!]);
    const list: KeyTuple[] = [];
    for (let i = 0; i < ids.length; i++) list.push(store.keys[ids[i]!]!);
    return list;
  };
  for (let i = 0; i < order.length; i++) {
    const row = order[i]!;
    const timestamp = store.timestamp(row);
    const ordinal: Ordinal = { timestamp, tiebreaker: store.tiebreaker[row], position: row };
    touched.length = 0;
    store.hitsOf(row, (rule, stage, keys) => {
      const runner = runners[rule];
      if (runner === undefined || runner.matcher.satisfied) return;
      if (runner.input === null) {
        runner.input = { event: row, ordinal, stages: [], until: [] };
        touched.push(runner);
      }
      if (stage === runner.untilStage) {
        runner.input.until = tuples(keys);
        return;
      }
      const matched = tuples(keys);
      for (const e of runner.expanded[stage] ?? []) {
        const hitKeys = runner.missing[e] ? capMissing(runner, e, keys, matched, limits, counters) : matched;
        if (hitKeys.length === 0) continue;
        (runner.input.stages as StageHit[]).push({ stage: e, keys: hitKeys });
      }
    });
    for (const runner of touched) feed(runner, timestamp, all, budget, counters);
  }

  return all.map((runner) => {
    const dates = dateKeyPositions(runner.sequence.by, runner.sequence.stages, schema);
    const matches = runner.matcher.finish().map((m) => ({
      rows: m.events,
      joinKeys: m.key.map((v, i) => (dates[i] && typeof v === 'number' ? isoDate(v) : v)),
    }));
    const kind = 'sequence' as const;
    return { rule: runner.rule, kind, matches: applyPipes(matches, runner.pipes) };
  });
}

function runnerFor(rule: number, plan: RulePlan, sequence: Sequence): Runner {
  const expandedStages = expandRuns(sequence.stages);
  const expanded = sequence.stages.map((written) =>
    expandedStages.flatMap((stage, e) => (stage === written ? [e] : [])));
  const missing = expandedStages.map((stage) => stage.missing);
  return {
    rule,
    sequence,
    pipes: plan.query.pipes,
    matcher: new SequenceMatcher<number>({ missing, maxspan: sequence.maxspan }, {
      stopAfter: headLimit(plan.query.pipes),
      // The store holds each distinct tuple once, so the tuple itself is its identity.
      keyIdentity: (key) => key,
    }),
    expanded,
    missing,
    untilStage: sequence.stages.length,
    fed: 0,
    missingCounts: new Map(),
    input: null,
  };
}

/** Feeds a runner its input; expires, counts and evicts in-flight state. */
function feed(
  runner: Runner,
  now: number,
  all: readonly Runner[],
  budget: PendingBudget,
  counters: StageCounters,
): void {
  const input = runner.input!;
  runner.input = null;
  if (input.stages.length === 0 && input.until.length === 0) return;
  const matcher = runner.matcher;
  const before = matcher.pending;
  matcher.feed(input);
  // maxspan: state older than it can never complete; dropping it loses nothing.
  if (++runner.fed % EXPIRE_EVERY === 0) counters.expired += matcher.expire(now);
  budget.total += matcher.pending - before;

  // maxPending: over the cap, this rule gives up its oldest state first, then the others.
  if (budget.total > budget.limit) {
    for (const r of [runner, ...all]) {
      if (budget.total <= budget.limit) break;
      const held = r.matcher.pending;
      const dropped = r.matcher.trim(held - (budget.total - budget.limit));
      budget.total -= dropped;
      counters.evicted += dropped;
    }
  }
  if (budget.total > counters.peakPending) counters.peakPending = budget.total;
}

/** The keys under which a missing-event hit is still recorded, within `maxPerKey`. */
function capMissing(
  runner: Runner, stage: number, ids: Int32Array, keys: KeyTuple[],
  limits: StageLimits, counters: StageCounters,
): KeyTuple[] {
  const kept: KeyTuple[] = [];
  ids.forEach((id, i) => {
    const slot = `${stage}:${id}`;
    const n = runner.missingCounts.get(slot) ?? 0;
    if (n >= limits.maxPerKey) {
      counters.perKeyDropped++;
      return;
    }
    runner.missingCounts.set(slot, n + 1);
    kept.push(keys[i]!);
  });
  return kept;
}
