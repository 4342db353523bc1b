/**
 * A compiled pack selects, for every event, exactly the rules whose queries the interpreter
 * says match one by one, whatever the pack does to get there (category dispatch, indexes on
 * opening equalities, shared field reads).
 *
 * `EQL_DIFF_RUNS=N` scales the number of packs with the event-query test (N / 5).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { compilePack } from '../../src/compile/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import type { EventQuery } from '../../src/query/ast.js';
import { printQuery } from '../../src/query/index.js';
import { CATEGORY_FIELD, planFor } from './cases.js';
import { eventQueryArb, openingQueryArb } from './gen-query.js';
import { eventArb, SCHEMAS, schemaNameArb } from './gen-values.js';

const RUNS = Math.ceil(Number(process.env['EQL_DIFF_RUNS'] ?? 10_000) / 5);

const packCaseArb = fc.record({
  queries: fc.array(
    fc.oneof({ weight: 2, arbitrary: openingQueryArb }, { weight: 1, arbitrary: eventQueryArb }),
    { minLength: 1, maxLength: 8 },
  ).map((bodies) => bodies.map((body) => printQuery({ body, pipes: [] }))),
  events: fc.array(eventArb, { minLength: 1, maxLength: 6 }),
  schema: schemaNameArb,
});

describe('a compiled pack agrees with the interpreter rule by rule', () => {
  test(`on ${RUNS} random packs of up to 8 rules`, () => {
    fc.assert(
      fc.property(packCaseArb, ({ queries, events, schema }) => {
        const plans = queries.map(planFor);
        const options = { categoryField: CATEGORY_FIELD, schema: SCHEMAS[schema] };
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
      }),
      { numRuns: RUNS },
    );
  });
});
