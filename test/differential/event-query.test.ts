/**
 * The compiled matcher against the reference interpreter, on random event queries and
 * random events: both must give the same three-valued verdict on every event (see
 * `cases.ts` for how a yes/no matcher reveals three values).
 *
 * `EQL_DIFF_RUNS=N` changes the number of cases (20,000 by default) and `EQL_DIFF_SEED=S`
 * replays a run; a failure prints the seed, the shrunk query and event, and both verdicts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { compileEventQuery } from '../../src/compile/index.js';
import {
  caseArb,
  describeDisagreement,
  interpreted,
  parseCase,
  verdictMatcher,
  type MatcherFactory,
} from './cases.js';

const RUNS = Number(process.env['EQL_DIFF_RUNS'] ?? 20_000);
const seedText = process.env['EQL_DIFF_SEED'];
const SEED = seedText === undefined ? undefined : Number(seedText);
// About half a millisecond a case; the budget grows with the runs so that long hunts can run.
const TIMEOUT = Math.max(60_000, RUNS * 5);

const compiled: MatcherFactory = (query, options) => {
  const matcher = compileEventQuery(query, options);
  return (event) => matcher.test(event);
};

describe('compiled event queries agree with the interpreter', () => {
  test(`on ${RUNS} random queries, each over up to 4 random events`, { timeout: TIMEOUT }, () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const parsed = parseCase(c);
        const reference = verdictMatcher(interpreted, parsed);
        const candidate = verdictMatcher(compiled, parsed);
        for (const event of c.events) {
          const want = reference(event);
          const got = candidate(event);
          if (got !== want) {
            const report = describeDisagreement(c, event, { interpreter: want, compiled: got });
            expect.fail(`verdicts differ\n${report}`);
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
