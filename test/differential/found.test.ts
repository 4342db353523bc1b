/**
 * Cases the differential generators found, shrunk, kept so that they stay fixed. Each gives
 * the query, the event and the three-valued verdict the interpreter gives (checked by hand
 * against the value rules), which the compiled matcher must give too.
 */
import { describe, expect, test } from 'vitest';

import { compileEventQuery } from '../../src/compile/index.js';
import {
  interpreted,
  parseCase,
  verdictMatcher,
  type MatcherFactory,
  type Verdict,
} from './cases.js';

const compiled: MatcherFactory = (query, options) => {
  const matcher = compileEventQuery(query, options);
  return (event) => matcher.test(event);
};

const FOUND: [query: string, event: Record<string, unknown>, verdict: Verdict][] = [
  // A negated equality once compiled to `!x === k`, which JavaScript reads as `(!x) === k`.
  ['any where not a == ""', { a: 'a' }, true],
  ['any where ?a != ""', { a: 'a' }, true],
  ['any where not ?t == 1.0', { t: 0 }, true],
  ['any where not (t == "" or n : "")', { n: '5', t: '2024-01-01T00:00:00Z' }, true],
  // `?a` is missing, so it is the literal null: `false == null` is false, not unknown.
  ['any where (?a.b == "") == ?a', { 'a.b': 'a' }, false],
];

describe('cases found by the generators', () => {
  test.each(FOUND)('%s on %j is %s on both engines', (query, event, verdict) => {
    const parsed = parseCase({ query, events: [event], schema: 'none' });
    expect(verdictMatcher(interpreted, parsed)(event)).toBe(verdict);
    expect(verdictMatcher(compiled, parsed)(event)).toBe(verdict);
  });
});
