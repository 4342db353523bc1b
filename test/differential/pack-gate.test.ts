/**
 * A compiled pack selects exactly what the interpreter selects, on packs shaped to lean on
 * what prunes candidates before any matcher runs: leaf indexes (rules filed under the whole
 * values they need), sets the dispatch path already decided, required fields (a field
 * compared to a number must have a value), and `or` alternatives (`(a and b) or (c and d)`).
 * Single-event rules and sequence stages are checked alike, in one pack.
 *
 * `EQL_DIFF_RUNS=N` scales the number of packs (N / 10).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { compilePack, type PackOptions } from '../../src/compile/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import type { EventQuery, Expr } from '../../src/query/ast.js';
import { printQuery } from '../../src/query/index.js';
import { CATEGORY_FIELD, planFor } from './cases.js';
import { KEY_FIELDS, keyedEventArb, openingArb } from './gen-pack.js';
import { conditionArb, lit, NO_SPAN } from './gen-query.js';
import { place, SCHEMAS, schemaNameArb } from './gen-values.js';

const RUNS = Math.ceil(Number(process.env['EQL_DIFF_RUNS'] ?? 20_000) / 10);
const TIMEOUT = Math.max(60_000, RUNS * 25);

const and = (operands: Expr[]): Expr =>
  operands.length === 1 ? operands[0]! : { kind: 'and', operands, span: NO_SPAN };
const field = (name: string, optional = false): Expr => ({
  kind: 'field', path: [name], optional, span: NO_SPAN,
});

/** `n OP 4`, `?n == 4`, `n in (4, "x")`: conjuncts that need a value, of no text. */
const numericArb: fc.Arbitrary<Expr> = fc
  .record({
    op: fc.constantFrom('==', '>', '<=', '!=' as const),
    optional: fc.boolean(),
    list: fc.boolean(),
  })
  .map(({ op, optional, list }): Expr => {
    const left = field('n', optional);
    if (list) {
      const values = [lit(4), lit('x')];
      return { kind: 'in', negated: false, caseInsensitive: false, left, values, span: NO_SPAN };
    }
    return { kind: 'compare', op: op as '==', left, right: lit(4), span: NO_SPAN };
  });

const keyedArb = fc.constantFrom(...KEY_FIELDS).chain((path) => openingArb(path));

/** `(k1 and k2) or (k3 and ...)`: an alternative of conjunctions. */
const alternativeArb: fc.Arbitrary<Expr> = fc
  .array(fc.array(fc.oneof(keyedArb, numericArb), { minLength: 1, maxLength: 2 }), { minLength: 2, maxLength: 3 })
  .map((branches) => ({ kind: 'or', operands: branches.map(and), span: NO_SPAN }));

const bodyArb: fc.Arbitrary<EventQuery> = fc
  .record({
    parts: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: keyedArb },
        { weight: 2, arbitrary: alternativeArb },
        { weight: 2, arbitrary: numericArb },
        { weight: 1, arbitrary: conditionArb },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    category: fc.constantFrom<string | null>('process', 'process', 'network', null),
  })
  .map(({ parts, category }) => ({ kind: 'event', category, condition: and(parts), span: NO_SPAN }));

const eventWithNumberArb = fc
  .record({
    event: keyedEventArb(KEY_FIELDS),
    n: fc.option(fc.constantFrom<unknown>(4, 3, 5, '4', 'x', [4, 1], null), { freq: 2 }),
    nest: fc.boolean(),
  })
  .map(({ event, n, nest }) => {
    if (n !== null) place(event as Record<string, unknown>, { path: ['n'], nest: [nest], value: n });
    return event;
  });

const caseArb: fc.Arbitrary<Case> = fc.record({
  bodies: fc.array(bodyArb, { minLength: 3, maxLength: 16 }),
  sequences: fc.array(fc.tuple(bodyArb, bodyArb), { maxLength: 4 }),
  events: fc.array(eventWithNumberArb, { minLength: 1, maxLength: 6 }),
  schema: schemaNameArb,
});

interface Case {
  bodies: EventQuery[];
  sequences: [EventQuery, EventQuery][];
  events: object[];
  schema: string;
}

function check({ bodies, sequences, events, schema }: Case): void {
  const texts = [
    ...bodies.map((body) => printQuery({ body, pipes: [] })),
    ...sequences.map(([a, b]) =>
      `sequence [${printQuery({ body: a, pipes: [] })}] [${printQuery({ body: b, pipes: [] })}]`,
    ),
  ];
  const plans = texts.map(planFor);
  const options: PackOptions = { categoryField: CATEGORY_FIELD, schema: SCHEMAS[schema] };
  const pack = compilePack(plans, options);
  for (const event of events) {
    const wantRules: number[] = [];
    const wantStages: string[] = [];
    plans.forEach((plan, i) => {
      const body = plan.query.body;
      if (body.kind === 'event') {
        if (matchesEventQuery(body, event, options)) wantRules.push(i);
        return;
      }
      if (body.kind !== 'sequence') return;
      body.stages.forEach((stage, s) => {
        if (matchesEventQuery(stage.query, event, options)) wantStages.push(`${i}:${s}`);
      });
    });
    pack.begin(event);
    const gotStages: string[] = [];
    pack.stageHits(event, (rule, stage) => gotStages.push(`${rule}:${stage}`));
    const gotRules = pack.match(event);
    const same = gotRules.join() === wantRules.join() && gotStages.join() === wantStages.join();
    if (!same) {
      expect.fail(
        `pack [${gotRules}] / stages [${gotStages}] but the interpreter [${wantRules}] / [${wantStages}]\n` +
          `${texts.map((t, i) => `  r${i}: ${t}`).join('\n')}\nevent: ${JSON.stringify(event)}\nschema: ${schema}`,
      );
    }
  }
}

describe('a compiled pack agrees with the interpreter where its gate and indexes prune', () => {
  test(`on ${RUNS} packs of alternatives, keyed values and numbers`, { timeout: TIMEOUT }, () => {
    fc.assert(fc.property(caseArb, check), { numRuns: RUNS });
  });

  test('such packs do file rules in leaf indexes', () => {
    const samples = fc.sample(caseArb, { numRuns: 100, seed: 11 });
    const indexed = samples.filter(({ bodies }) => {
      const plans = bodies.map((body, i) => planFor(printQuery({ body, pipes: [] }), i));
      return compilePack(plans, { categoryField: CATEGORY_FIELD }).explain().dispatch.some((l) => /look up/.test(l));
    });
    expect(indexed.length).toBeGreaterThan(samples.length / 2);
  });
});
