/**
 * The stateful half of sample matching, on the main thread: stage hits fed to the reference
 * `SampleCollector`, one per rule.
 *
 * Samples ignore time, so rows are fed in input order (file, then offset), which is the
 * order the store holds them in, and rows without a timestamp take part too, as they do in
 * the interpreter. A collector keeps a bounded number of candidates per key; the number of
 * keys is what grows, so it counts against the scan's `maxPending`, and a hit under a new
 * key once the cap is reached is dropped and counted.
 */
import { applyPipes, headLimit } from '../interpret/pipes.js';
import type { KeyTuple } from '../interpret/run-keys.js';
import { SampleCollector } from '../interpret/sample.js';
import type { RulePlan } from '../plan/index.js';
import type { HitStore } from './hits-store.js';
import type { PendingBudget, RuleMatches, StageCounters, StageLimits } from './sequence-run.js';

interface Runner {
  rule: number;
  plan: RulePlan;
  collector: SampleCollector<number>;
  /** Encoded key tuples (ids joined) this rule holds groups for. */
  keys: Set<string>;
  perStage: (KeyTuple[] | null)[];
  touched: boolean;
}

/** Runs every sample rule over all rows of the store; returns their matches in rule order. */
export function runSamples(
  store: HitStore,
  plans: readonly RulePlan[],
  limits: StageLimits,
  counters: StageCounters,
  budget: PendingBudget,
): RuleMatches[] {
  const runners: (Runner | undefined)[] = plans.map((plan, rule) => {
    const body = plan.query.body;
    if (body.kind !== 'sample') return undefined;
    return {
      rule,
      plan,
      collector: new SampleCollector<number>(body.stages.length, limits.maxSamplesPerKey),
      keys: new Set<string>(),
      perStage: body.stages.map(() => null),
      touched: false,
    };
  });
  const all = runners.filter((r): r is Runner => r !== undefined);
  if (all.length === 0) return [];

  const touched: Runner[] = [];
  for (let row = 0; row < store.count; row++) {
    touched.length = 0;
    store.hitsOf(row, (rule, stage, ids) => {
      const runner = runners[rule];
      if (runner === undefined) return;
      const kept: KeyTuple[] = [];
      for (const id of ids) {
        const slot = String(id);
        if (!runner.keys.has(slot)) {
          if (budget.total >= budget.limit) {
            counters.sampleKeysDropped++;
            continue;
          }
          runner.keys.add(slot);
          budget.total++;
          if (budget.total > counters.peakPending) counters.peakPending = budget.total;
        }
        kept.push(store.keys[id]!);
      }
      if (kept.length === 0) return;
      runner.perStage[stage] = kept;
      if (!runner.touched) {
        runner.touched = true;
        touched.push(runner);
      }
    });
    for (const runner of touched) {
      runner.collector.feed(row, runner.perStage);
      runner.perStage.fill(null);
      runner.touched = false;
    }
  }

  return all.map((runner) => {
    const pipes = runner.plan.query.pipes;
    const matches = runner.collector
      .finish(headLimit(pipes))
      .map((s) => ({ rows: s.events as (number | null)[], joinKeys: [...s.key] }));
    return { rule: runner.rule, kind: 'sample' as const, matches: applyPipes(matches, pipes) };
  });
}
