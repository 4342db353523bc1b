/**
 * The bounds the scan puts on sequence state, on the reference state machine itself:
 * `pending`, `expire` (maxspan) and `trim` (eviction), and the time order of hits.
 */
import { describe, expect, test } from 'vitest';

import { timeOrder, untimedRows } from '../../src/execute/merge-order.js';
import { SequenceMatcher, type SequenceInput } from '../../src/interpret/sequence.js';
import { plansOf, storeOf } from './sequence-hits.js';

const input = (event: number, t: number, stage: number, key: string): SequenceInput<number> => ({
  event, ordinal: { timestamp: t, tiebreaker: undefined, position: event }, stages: [{ stage, keys: [[key]] }], until: [],
});

describe('sequence state bounds', () => {
  test('expire drops only what maxspan has ruled out, and the result is unchanged', () => {
    const make = () => new SequenceMatcher<number>({ missing: [false, false, false], maxspan: 10 });
    const feed = [input(0, 0, 0, 'a'), input(1, 5, 0, 'b'), input(2, 6, 1, 'b'), input(3, 12, 1, 'a'), input(4, 14, 2, 'b')];
    const plain = make();
    const expiring = make();
    for (const i of feed) {
      plain.feed(i);
      expiring.feed(i);
      expiring.expire(i.ordinal.timestamp);
    }
    expect(expiring.finish()).toEqual(plain.finish());
    expect(expiring.finish().map((m) => m.events)).toEqual([[1, 2, 4]]);

    const m = make();
    m.feed(input(0, 0, 0, 'a'));
    m.feed(input(1, 5, 0, 'b'));
    expect(m.pending).toBe(2);
    expect(m.expire(10)).toBe(0);
    expect(m.expire(11)).toBe(1);
    expect(m.pending).toBe(1);
    expect(new SequenceMatcher<number>({ missing: [false, false], maxspan: null }).expire(1e9)).toBe(0);
  });

  test('trim evicts the least advanced, longest waiting sequences first', () => {
    const m = new SequenceMatcher<number>({ missing: [false, false, false], maxspan: null });
    m.feed(input(0, 0, 0, 'a'));
    m.feed(input(1, 1, 0, 'b'));
    m.feed(input(2, 2, 1, 'b'));
    m.feed(input(3, 3, 0, 'c'));
    expect(m.pending).toBe(3);
    expect(m.trim(1)).toBe(2);
    m.feed(input(4, 4, 2, 'b'));
    m.feed(input(5, 5, 1, 'c'));
    expect(m.finish().map((s) => s.key)).toEqual([['b']]);
  });
});

describe('time order of hits', () => {
  test('timestamp, then tiebreaker, then file and offset; untimed rows left out', () => {
    const plans = plansOf(['sequence [process where true] [file where true]']);
    const events = [
      { n: 0, '@timestamp': 5, event: { category: 'process' }, tb: 2 },
      { n: 1, '@timestamp': 5, event: { category: 'process' }, tb: 1 },
      { n: 2, event: { category: 'process' } },
      { n: 3, '@timestamp': 1, event: { category: 'file' } },
      { n: 4, '@timestamp': 5, event: { category: 'file' }, tb: 1 },
      { n: 5, '@timestamp': 5, event: { category: 'file' } },
    ];
    const store = storeOf(plans, events, { perFile: 2, tiebreakerField: 'tb' });
    const order = [...timeOrder(store)].map((row) => JSON.parse(store.text[row]!).n);
    // n1 and n4 tie on (5, 1): file order decides; a missing tiebreaker sorts last.
    expect(order).toEqual([3, 1, 4, 0, 5]);
    expect(untimedRows(store)).toBe(1);
    expect(store.files).toEqual(['file0', 'file1', 'file2']);
  });
});
