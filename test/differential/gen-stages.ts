/**
 * Random sequences, samples and pipes around generated event queries, for the printer's
 * round trip. The shapes are those the parser accepts: at least two stages, one that is not
 * missing, and the same number of join keys in every stage.
 */
import fc from 'fast-check';

import type { Expr, Pipe, Query, Sample, Sequence, Stage } from '../../src/query/ast.js';
import { eventQueryArb, fieldArb, NO_SPAN } from './gen-query.js';

const keyArb: fc.Arbitrary<Expr> = fieldArb;

const stageArb = (keys: number, sequence: boolean): fc.Arbitrary<Stage> =>
  fc
    .record({
      query: eventQueryArb,
      by: fc.array(keyArb, { minLength: keys, maxLength: keys }),
      runs: sequence ? fc.integer({ min: 1, max: 3 }) : fc.constant(1),
      missing: sequence ? fc.boolean() : fc.constant(false),
    })
    .map((s) => ({ ...s, span: NO_SPAN }));

const sequenceArb: fc.Arbitrary<Sequence> = fc
  .record({
    keys: fc.nat(2),
    shared: fc.nat(2),
    until: fc.boolean(),
    maxspan: fc.option(fc.constantFrom(1, 1500, 5000, 60_000, 86_400_000)),
  })
  .chain(({ keys, shared, until, maxspan }) =>
    fc
      .record({
        by: fc.array(keyArb, { minLength: shared, maxLength: shared }),
        stages: fc.array(stageArb(keys, true), { minLength: 2, maxLength: 3 }),
        until: until ? stageArb(keys, false).map((s) => s as Stage | null) : fc.constant(null),
      })
      .map(({ by, stages, until: u }): Sequence => {
        // A sequence needs one stage that is not missing; the first one is kept present.
        const present = stages.map((s, i) => (i === 0 ? { ...s, missing: false } : s));
        return { kind: 'sequence', by, maxspan, stages: present, until: u, span: NO_SPAN };
      }),
  );

const sampleArb: fc.Arbitrary<Sample> = fc.nat(2).chain((keys) =>
  fc
    .record({
      by: fc.array(keyArb, { maxLength: 2 }),
      stages: fc.array(stageArb(keys, false), { minLength: 2, maxLength: 3 }),
    })
    .map(({ by, stages }): Sample => ({ kind: 'sample', by, stages, span: NO_SPAN })),
);

const pipeArb: fc.Arbitrary<Pipe> = fc
  .record({ kind: fc.constantFrom<'head' | 'tail'>('head', 'tail'), count: fc.nat(100) })
  .map((p) => ({ ...p, span: NO_SPAN }));

/** A whole query: an event query, sequence or sample, with up to two pipes. */
export const queryArb: fc.Arbitrary<Pick<Query, 'body' | 'pipes'>> = fc.record({
  body: fc.oneof(
    { weight: 2, arbitrary: eventQueryArb as fc.Arbitrary<Query['body']> },
    { weight: 1, arbitrary: sequenceArb },
    { weight: 1, arbitrary: sampleArb },
  ),
  pipes: fc.array(pipeArb, { maxLength: 2 }),
});

