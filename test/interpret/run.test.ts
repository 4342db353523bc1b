import { describe, expect, test } from 'vitest';

import { applyPipes, headLimit } from '../../src/interpret/pipes.js';
import { interpreterEngine } from '../../src/interpret/run-engine.js';
import { compareOrdinals, orderEvents } from '../../src/interpret/run-order.js';
import { runQuery, type QueryResult } from '../../src/interpret/run.js';
import { createSchema } from '../../src/event/index.js';
import { parseQuery } from '../../src/query/index.js';

const OPTIONS = { categoryField: 'type', timestampField: '@timestamp', tiebreakerField: 'seq' };

function ids(result: QueryResult): unknown[] {
  if (result.kind !== 'events') throw new Error(`expected events, got ${result.kind}`);
  return result.events.map((e) => (e as { id: unknown }).id);
}

function run(query: string, events: object[], size?: number) {
  return runQuery(parseQuery(query), events, interpreterEngine(OPTIONS), { ...OPTIONS, size });
}

describe('event queries', () => {
  const events = [
    { id: 'c', type: 'process', '@timestamp': '2024-01-01T00:00:02Z', seq: 1 },
    { id: 'b', type: 'process', '@timestamp': 1704067201000, seq: 2 },
    { id: 'a', type: 'process', '@timestamp': 1704067201000, seq: 1 },
    { id: 'x', type: 'file', '@timestamp': 1704067200000, seq: 1 },
    { id: 'none', type: 'process', seq: 0 },
  ];

  test('return matching events by timestamp, then tiebreaker; no timestamp sorts last', () => {
    expect(ids(run('process where true', events))).toEqual(['a', 'b', 'c', 'none']);
  });

  test('head keeps the first, tail the last, both ascending', () => {
    expect(ids(run('process where true | head 2', events))).toEqual(['a', 'b']);
    expect(ids(run('process where true | tail 2', events))).toEqual(['c', 'none']);
    expect(ids(run('any where true | head 3 | tail 2', events))).toEqual(['a', 'b']);
  });

  test('size caps results, from the end after a tail', () => {
    expect(ids(run('process where true', events, 1))).toEqual(['a']);
    expect(ids(run('process where true | tail 3', events, 1))).toEqual(['none']);
  });
});

describe('ordering', () => {
  test('numeric tiebreakers compare as numbers, and input order breaks remaining ties', () => {
    const events = [
      { '@timestamp': 5, seq: 10, id: 1 },
      { '@timestamp': 5, seq: 9, id: 2 },
      { '@timestamp': 5, seq: 9, id: 3 },
    ];
    const ordered = orderEvents(events, OPTIONS).map((o) => o.event.id);
    expect(ordered).toEqual([2, 3, 1]);
  });

  test('a timestamp field reached through a schema alias is read', () => {
    const schema = createSchema({}, { ts: 'meta.time' });
    const [o] = orderEvents([{ meta: { time: '1970-01-01T00:00:01Z' } }], {
      timestampField: 'ts',
      schema,
    });
    expect(o?.ordinal.timestamp).toBe(1000);
  });

  test('a missing timestamp sorts after every present one', () => {
    const a = { timestamp: Number.NaN, tiebreaker: undefined, position: 0 };
    const b = { timestamp: 1e15, tiebreaker: undefined, position: 1 };
    expect(compareOrdinals(a, b)).toBeGreaterThan(0);
  });
});

describe('pipes', () => {
  const head = (count: number) => ({ kind: 'head' as const, count, span: SPAN });
  const tail = (count: number) => ({ kind: 'tail' as const, count, span: SPAN });
  const SPAN = { start: 0, end: 0, line: 1, column: 1 };

  test('apply left to right', () => {
    expect(applyPipes([1, 2, 3, 4, 5], [tail(3), head(2)])).toEqual([3, 4]);
    expect(applyPipes([1, 2, 3], [tail(0)])).toEqual([]);
  });

  test('headLimit says how many results can matter', () => {
    expect(headLimit([head(4), tail(2)])).toBe(4);
    expect(headLimit([tail(2), head(1)])).toBe(Infinity);
    expect(headLimit([], 50)).toBe(50);
  });
});

describe('interpreter engine keys', () => {
  test('canonical values by field type', () => {
    const schema = createSchema({ at: 'date', n: 'long', k: 'keyword' });
    const engine = interpreterEngine({ categoryField: 'type', schema });
    const q = parseQuery('sequence by at, n, k [a where true] [b where true]');
    if (q.body.kind !== 'sequence') throw new Error('expected a sequence');
    const keys = engine.keys(q.body.by);
    expect(keys({ at: '1970-01-01T00:00:01Z', n: '12', k: 7 })).toEqual([[1000, 12, '7']]);
  });

  test('an array of nulls is absent: [] for a plain key, [null] for an optional one', () => {
    const engine = interpreterEngine({ categoryField: 'type' });
    const plain = parseQuery('sequence by a [x where true] [y where true]');
    const optional = parseQuery('sequence by ?a [x where true] [y where true]');
    if (plain.body.kind !== 'sequence' || optional.body.kind !== 'sequence') throw new Error();
    expect(engine.keys(plain.body.by)({ a: [null, null] })).toEqual([]);
    expect(engine.keys(optional.body.by)({ a: [null] })).toEqual([[null]]);
  });
});
