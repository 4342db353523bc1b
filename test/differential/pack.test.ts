/**
 * A compiled pack selects, for every event, exactly the rules whose queries the interpreter
 * says match one by one, whatever the pack does to get there (category dispatch, indexes on
 * opening equalities, shared field reads).
 *
 * `EQL_DIFF_RUNS=N` scales the number of packs with the event-query test (N / 10 of each kind).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { compilePack, type PackOptions } from '../../src/compile/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import type { EventQuery } from '../../src/query/ast.js';
import { printQuery } from '../../src/query/index.js';
import type { RulePlan } from '../../src/plan/index.js';
import { CATEGORY_FIELD, planFor } from './cases.js';
import { keyedPackArb } from './gen-pack.js';
import { eventQueryArb, openingQueryArb } from './gen-query.js';
import { eventArb, SCHEMAS, schemaNameArb } from './gen-values.js';

const RUNS = Math.ceil(Number(process.env['EQL_DIFF_RUNS'] ?? 20_000) / 10);
const TIMEOUT = Math.max(60_000, RUNS * 25);

/** Rule texts for event queries. */
function print(bodies: EventQuery[]): string[] {
  return bodies.map((body) => printQuery({ body, pipes: [] }));
}

const packCaseArb = fc.record({
  queries: fc
    .array(
      fc.oneof({ weight: 2, arbitrary: openingQueryArb }, { weight: 1, arbitrary: eventQueryArb }),
      { minLength: 1, maxLength: 12 },
    )
    .map(print),
  events: fc.array(eventArb, { minLength: 1, maxLength: 6 }),
  schema: schemaNameArb,
});

/** Fails with the rules and the event when the pack and the interpreter pick differently. */
function comparePack(queries: string[], events: object[], schema: string): void {
  const plans: RulePlan[] = queries.map(planFor);
  const options: PackOptions = { categoryField: CATEGORY_FIELD, schema: SCHEMAS[schema] };
  const pack = compilePack(plans, options);
  const out: number[] = [];
  for (const event of events) {
    const want = plans.flatMap((plan, i) =>
      matchesEventQuery(plan.query.body as EventQuery, event, options) ? [i] : [],
    );
    out.length = 0;
    const got = [...pack.match(event, out)].sort((a, b) => a - b);
    if (got.join() !== want.join()) {
      const rules = queries.map((q, i) => `  r${i}: ${q}`).join('\n');
      expect.fail(
        `pack selected [${got}] but the interpreter [${want}]\n${rules}\n` +
          `event:  ${JSON.stringify(event)}\nschema: ${schema}`,
      );
    }
  }
}

describe('a compiled pack agrees with the interpreter rule by rule', () => {
  test(`on ${RUNS} random packs of up to 12 rules`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(packCaseArb, ({ queries, events, schema }) =>
        comparePack(queries, events, schema),
      ),
      { numRuns: RUNS },
    );
  });

  test(`on ${RUNS} packs whose rules share opening keys`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(keyedPackArb, schemaNameArb, ({ bodies, events }, schema) =>
        comparePack(print(bodies), events, schema),
      ),
      { numRuns: RUNS },
    );
  });

  test('packs of rules sharing opening keys do build dispatch trees on them', () => {
    const packs = fc.sample(keyedPackArb, { numRuns: 200, seed: 7 });
    const keyed = packs.filter(({ bodies }) => {
      const plans = print(bodies).map(planFor);
      const { dispatch } = compilePack(plans, { categoryField: CATEGORY_FIELD }).explain();
      return dispatch.some((line) => /by (?!event\.category)/.test(line));
    });
    expect(keyed.length).toBeGreaterThan(packs.length / 2);
  });
});
