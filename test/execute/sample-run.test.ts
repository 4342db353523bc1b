/**
 * Samples from stage hits: input order across files, events without a timestamp taking
 * part, and several samples per key, as the interpreter gives them.
 */
import { describe, expect, test } from 'vitest';

import { matchStageRules, stageLimits } from '../../src/execute/sequence-pass.js';
import { interpreterEngine } from '../../src/interpret/run-engine.js';
import { runQuery } from '../../src/interpret/run.js';
import { plansOf, storeOf } from './sequence-hits.js';

const QUERY = 'sample by host [process where true] [file where true] | head 3';

const events = [
  { id: 0, event: { category: 'process' }, host: 'b' },
  { id: 1, event: { category: 'file' }, host: 'a', '@timestamp': 5 },
  { id: 2, event: { category: 'process' }, host: 'a' },
  { id: 3, event: { category: 'file' }, host: 'b' },
  { id: 4, event: { category: 'process' }, host: 'a', '@timestamp': 1 },
  { id: 5, event: { category: 'file' }, host: 'a' },
  { id: 6, event: { category: 'file' }, host: 'c' },
];

describe('samples from stage hits', () => {
  test.each([[1, 2], [2, 3], [3, 3]])('%i per key, as the interpreter finds them (%i after head)', (perKey, count) => {
    const plans = plansOf([QUERY]);
    const store = storeOf(plans, events, { perFile: 3 });
    const { results } = matchStageRules(store, plans, stageLimits({ maxSamplesPerKey: perKey }));
    const got = results[0]!.matches.map((m) => [m.joinKeys, m.rows.map((r) => JSON.parse(store.text[r!]!).id)]);

    const want = runQuery(plans[0]!.query, events, interpreterEngine({ categoryField: 'event.category' }), {
      categoryField: 'event.category', timestampField: '@timestamp', maxSamplesPerKey: perKey,
    });
    if (want.kind !== 'samples') throw new Error('not samples');
    expect(got).toEqual(want.samples.map((s) => [s.joinKeys, s.events.map((e) => (e as { id: number }).id)]));
    expect(got.length).toBe(count);
  });
});
