/**
 * Stage hits made in-process, the way a worker makes them, for tests of the main-thread
 * half: events -> compiled pack -> `StageHitRecorder` -> `HitStore`.
 */
import { compilePack } from '../../src/compile/index.js';
import type { Schema } from '../../src/event/index.js';
import { emptyHitLines, StageHitRecorder } from '../../src/execute/hits.js';
import { HitStore } from '../../src/execute/hits-store.js';
import { planRules, queryRule, type Rule, type RulePlan } from '../../src/plan/index.js';

/** A rule from a query text. */
export function ruleOf(query: string, i: number): Rule {
  return queryRule(query, { id: `r${i}`, name: `rule ${i}`, severity: 'low', file: '<test>' });
}

/** Plans for query texts; throws when one does not plan. */
export function plansOf(queries: readonly string[], categoryField = 'event.category'): RulePlan[] {
  const { plans, failed } = planRules(queries.map(ruleOf), { categoryField });
  if (failed.length > 0) throw new Error(failed[0]!.message);
  return plans;
}

/** Options the tests scan with. */
export interface HitFixtureOptions {
  categoryField?: string;
  tiebreakerField?: string | null;
  schema?: Schema;
  /** Events per "file": the input is split into files of this many events. */
  perFile?: number;
  maxHitEvents?: number;
}

/** The store a scan of `events` (as NDJSON lines, in this order) would build. */
export function storeOf(
  plans: readonly RulePlan[],
  events: readonly object[],
  options: HitFixtureOptions = {},
): HitStore {
  const categoryField = options.categoryField ?? 'event.category';
  const pack = compilePack(plans, { categoryField, schema: options.schema });
  const recorder = StageHitRecorder.create(plans, pack, {
    categoryField,
    timestampField: '@timestamp',
    tiebreakerField: options.tiebreakerField ?? null,
    schema: options.schema,
  });
  const store = new HitStore(options.maxHitEvents ?? 1_000_000);
  if (recorder === null) return store;
  const perFile = options.perFile ?? events.length;
  for (let from = 0, file = 0; from < events.length; from += perFile, file++) {
    const out = emptyHitLines(true);
    let offset = 0;
    events.slice(from, from + perFile).forEach((event, line) => {
      const buf = Buffer.from(JSON.stringify(event));
      recorder.record(event, out, line, buf, offset, 0, 0, buf.length);
      offset += buf.length + 1;
    });
    store.add(`file${file}`, 0, out);
  }
  return store;
}
