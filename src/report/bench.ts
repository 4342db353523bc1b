/**
 * What each rule costs: every rule alone in a pack of its own, compiled and interpreted,
 * timed over the same decoded events. `eqlscan bench` prints the ranking; the benchmarks
 * under `bench/` may use it too.
 *
 * A single-event rule is timed on `match`; a sequence or sample rule on `stageHits`, which
 * is the part of its work that runs per event (joining hits in time order runs once, after
 * the read, and is not timed here). Its "matches" are then stage hits.
 */
import { compilePack, interpretedPack, type Pack } from '../compile/index.js';
import type { PlanKind, RulePlan } from '../plan/index.js';

/** One rule's cost. */
export interface RuleCost {
  id: string;
  name: string;
  kind: PlanKind;
  /** Mean nanoseconds per event, compiled; NaN when `error` is set. */
  compiledNs: number;
  /** Mean nanoseconds per event, interpreted; NaN when `error` is set. */
  interpretedNs: number;
  /** Events matched (single-event rules) or stage hits (sequences, samples) in one pass. */
  matches: number;
  /** The two engines disagreed on `matches` (compiled count kept). */
  mismatch?: number;
  /** Why the rule could not be timed (a pattern that cannot run in linear time, ...). */
  error?: string;
}

/** How long to time each rule and engine. */
export interface CostOptions {
  categoryField?: string;
  /** Milliseconds timed per rule and engine, after as long untimed; default 10. */
  minMs?: number;
  /** Called after each rule, for progress. */
  onRule?: (done: number, total: number) => void;
}

/**
 * Times every plan alone, compiled and interpreted, over `events`; results in plan order.
 *
 * @example measureRuleCosts(plans, events).sort((a, b) => b.compiledNs - a.compiledNs)[0].name
 */
export function measureRuleCosts(
  plans: readonly RulePlan[],
  events: readonly object[],
  options: CostOptions = {},
): RuleCost[] {
  const packOptions = { categoryField: options.categoryField ?? 'event.category' };
  const minMs = options.minMs ?? 10;
  return plans.map((plan, i) => {
    const base = { id: plan.rule.id, name: plan.rule.name, kind: plan.kind };
    try {
      const compiled = compilePack([plan], packOptions);
      const problem = compiled.problems[0];
      if (problem) return { ...base, compiledNs: NaN, interpretedNs: NaN, matches: 0, error: problem.message };
      const interpreted = interpretedPack([plan], packOptions);
      const c = time(compiled, events, minMs);
      const n = time(interpreted, events, minMs);
      const cost: RuleCost = { ...base, compiledNs: c.ns, interpretedNs: n.ns, matches: c.matches };
      if (c.matches !== n.matches) cost.mismatch = n.matches;
      return cost;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return { ...base, compiledNs: NaN, interpretedNs: NaN, matches: 0, error };
    } finally {
      options.onRule?.(i + 1, plans.length);
    }
  });
}

/** One pass of a one-rule pack: matches, or stage hits for a sequence or sample. */
function pass(pack: Pack, events: readonly object[]): number {
  let matches = 0;
  if (pack.eventRules.length > 0) {
    const out: number[] = [];
    for (let i = 0; i < events.length; i++) {
      out.length = 0;
      matches += pack.match(events[i]!, out).length;
    }
  } else {
    const hit = (): void => void matches++;
    for (let i = 0; i < events.length; i++) pack.stageHits(events[i]!, hit);
  }
  return matches;
}

/**
 * Untimed passes first (at least one, which also counts matches) until `minMs` is spent, so
 * that the JIT has settled; then timed passes (at least one) until `minMs` is spent again.
 */
function time(pack: Pack, events: readonly object[], minMs: number): { ns: number; matches: number } {
  const budget = minMs * 1e6;
  const warm = process.hrtime.bigint();
  const matches = pass(pack, events);
  if (events.length === 0) return { ns: 0, matches };
  while (Number(process.hrtime.bigint() - warm) < budget) pass(pack, events);
  let passes = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  do {
    pass(pack, events);
    passes++;
    elapsed = Number(process.hrtime.bigint() - started);
  } while (elapsed < budget);
  return { ns: elapsed / (passes * events.length), matches };
}

/** Rules ranked by compiled cost, most expensive first; failed rules last. */
export function rankByCost(costs: readonly RuleCost[]): RuleCost[] {
  const key = (c: RuleCost): number => (Number.isNaN(c.compiledNs) ? -1 : c.compiledNs);
  return [...costs].sort((a, b) => key(b) - key(a));
}

/** Sums over the rules that could be timed. */
export function costTotals(costs: readonly RuleCost[]): { compiledNs: number; interpretedNs: number } {
  let compiledNs = 0;
  let interpretedNs = 0;
  for (const c of costs) {
    if (c.error !== undefined) continue;
    compiledNs += c.compiledNs;
    interpretedNs += c.interpretedNs;
  }
  return { compiledNs, interpretedNs };
}
