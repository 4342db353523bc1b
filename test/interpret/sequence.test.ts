import { describe, expect, test } from 'vitest';

import { interpreterEngine } from '../../src/interpret/run-engine.js';
import { runQuery, type QueryResult } from '../../src/interpret/run.js';
import type { KeyTuple } from '../../src/interpret/run-keys.js';
import { SequenceMatcher, type SequenceInput } from '../../src/interpret/sequence.js';
import { createSchema } from '../../src/event/index.js';
import { parseQuery } from '../../src/query/index.js';

interface Ev {
  id: number;
  '@timestamp': number;
  event: { category: string };
  [field: string]: unknown;
}

let nextId = 1;
function ev(t: number, category: string, fields: Record<string, unknown> = {}): Ev {
  return { id: nextId++, '@timestamp': t, event: { category }, ...fields };
}

const OPTIONS = { categoryField: 'event.category', timestampField: '@timestamp' };

function run(query: string, events: Ev[], size?: number): QueryResult {
  const engine = interpreterEngine({ categoryField: OPTIONS.categoryField });
  return runQuery(parseQuery(query), events, engine, { ...OPTIONS, size });
}

/** The ids of each sequence, -1 for a missing-event placeholder. */
function ids(result: QueryResult): number[][] {
  if (result.kind !== 'sequences') throw new Error(`expected sequences, got ${result.kind}`);
  return result.sequences.map((s) => s.events.map((e) => (e === null ? -1 : (e as Ev).id)));
}

function keys(result: QueryResult): unknown[][] {
  if (result.kind !== 'sequences') throw new Error(`expected sequences, got ${result.kind}`);
  return result.sequences.map((s) => s.joinKeys);
}

describe('SequenceMatcher fed directly', () => {
  const input = (id: string, t: number, stages: number[], key: KeyTuple = []) =>
    ({
      event: id,
      ordinal: { timestamp: t, tiebreaker: undefined, position: t },
      stages: stages.map((stage) => ({ stage, keys: [key] })),
      until: [],
    }) satisfies SequenceInput<string>;

  test('a newer stage-0 match replaces the pending one under the same key', () => {
    const m = new SequenceMatcher<string>({ missing: [false, false], maxspan: null });
    m.feed(input('a1', 1, [0]));
    m.feed(input('a2', 2, [0]));
    m.feed(input('b', 3, [1]));
    expect(m.finish().map((s) => s.events)).toEqual([['a2', 'b']]);
  });

  test('an event matching two stages never extends the sequence it starts', () => {
    const m = new SequenceMatcher<string>({ missing: [false, false], maxspan: null });
    m.feed(input('x', 1, [0, 1]));
    m.feed(input('y', 2, [0, 1]));
    m.feed(input('z', 3, [0, 1]));
    expect(m.finish().map((s) => s.events)).toEqual([
      ['x', 'y'],
      ['y', 'z'],
    ]);
  });

  test('keys keep sequences apart', () => {
    const m = new SequenceMatcher<string>({ missing: [false, false], maxspan: null });
    m.feed(input('a-h1', 1, [0], ['h1']));
    m.feed(input('a-h2', 2, [0], ['h2']));
    m.feed(input('b-h1', 3, [1], ['h1']));
    expect(m.finish()).toEqual([{ events: ['a-h1', 'b-h1'], key: ['h1'] }]);
  });

  test('stopAfter makes the matcher satisfied after that many sequences', () => {
    const shape = { missing: [false, false], maxspan: null };
    const m = new SequenceMatcher<string>(shape, { stopAfter: 1 });
    m.feed(input('a', 1, [0, 1]));
    m.feed(input('b', 2, [0, 1]));
    expect(m.satisfied).toBe(true);
    m.feed(input('c', 3, [0, 1]));
    expect(m.finish().map((s) => s.events)).toEqual([['a', 'b']]);
  });

  describe('with interned keys (keyIdentity: the tuple itself)', () => {
    const h1: KeyTuple = ['h1'];
    const h2: KeyTuple = ['h2'];
    const byObject = { keyIdentity: (key: KeyTuple) => key };

    test('one object per key joins stages, until and missing stages as encoded keys do', () => {
      const feedAll = (m: SequenceMatcher<string>, k1: () => KeyTuple, k2: () => KeyTuple) => {
        m.feed(input('a-h1', 1, [0], k1()));
        m.feed(input('a-h2', 2, [0], k2()));
        m.feed(input('m-h2', 3, [1], k2()));
        m.feed(input('b-h1', 4, [2], k1()));
        m.feed(input('b-h2', 5, [2], k2()));
        m.feed(input('c-h1', 6, [0], k1()));
        m.feed({ ...input('u-h1', 7, []), until: [k1()] });
        m.feed(input('d-h1', 8, [2], k1()));
        return m.finish();
      };
      const shape = { missing: [false, true, false], maxspan: null };
      const interned = feedAll(new SequenceMatcher<string>(shape, byObject), () => h1, () => h2);
      const encoded = feedAll(new SequenceMatcher<string>(shape), () => ['h1'], () => ['h2']);
      expect(interned).toEqual([{ events: ['a-h1', null, 'b-h1'], key: ['h1'] }]);
      expect(interned).toEqual(encoded);
    });

    test('equal tuples that are distinct objects are distinct keys: callers must intern', () => {
      const m = new SequenceMatcher<string>({ missing: [false, false], maxspan: null }, byObject);
      m.feed(input('a', 1, [0], ['h1']));
      m.feed(input('b', 2, [1], ['h1']));
      expect(m.finish()).toEqual([]);
    });
  });
});

describe('sequences through runQuery', () => {
  test('stages match in time order, not input order', () => {
    const b = ev(20, 'file');
    const a = ev(10, 'process');
    expect(ids(run('sequence [process where true] [file where true]', [b, a]))).toEqual([
      [a.id, b.id],
    ]);
  });

  test('maxspan is measured from the first event and is inclusive', () => {
    const events = [ev(0, 'process'), ev(600, 'file'), ev(1000, 'network')];
    const query = (span: string) =>
      `sequence with maxspan=${span} [process where true] [file where true] [network where true]`;
    expect(ids(run(query('1s'), events))).toHaveLength(1);
    expect(ids(run(query('999ms'), events))).toEqual([]);
  });

  test('until drops the in-flight sequences of its key only', () => {
    const events = [
      ev(1, 'process', { host: 'a' }),
      ev(2, 'process', { host: 'b' }),
      ev(3, 'stop', { host: 'a' }),
      ev(4, 'file', { host: 'a' }),
      ev(5, 'file', { host: 'b' }),
    ];
    const q = 'sequence by host [process where true] [file where true] until [stop where true]';
    expect(ids(run(q, events))).toEqual([[events[1]!.id, events[4]!.id]]);
  });

  test('an until event still completes a sequence it ends', () => {
    const events = [ev(1, 'process'), ev(2, 'file', { last: true })];
    const q = 'sequence [process where true] [file where true] until [file where last == true]';
    expect(ids(run(q, events))).toHaveLength(1);
  });

  test('with runs=N stands for N consecutive stages', () => {
    const events = [ev(1, 'process'), ev(2, 'file'), ev(3, 'file'), ev(4, 'file')];
    const q = 'sequence [process where true] [file where true] with runs=2';
    expect(ids(run(q, events))).toEqual([[events[0]!.id, events[1]!.id, events[2]!.id]]);
  });

  test('per-stage keys append to the shared keys', () => {
    const events = [
      ev(1, 'process', { host: 'h', pid: 7 }),
      ev(2, 'file', { host: 'h', ppid: 7 }),
      ev(3, 'file', { host: 'h', ppid: 8 }),
    ];
    const q = 'sequence by host [process where true] by pid [file where true] by ppid';
    const result = run(q, events);
    expect(ids(result)).toEqual([[events[0]!.id, events[1]!.id]]);
    expect(keys(result)).toEqual([['h', 7]]);
  });

  test('a missing non-optional key keeps the event out; an optional one joins as null', () => {
    const events = [ev(1, 'process'), ev(2, 'file')];
    expect(ids(run('sequence by host [process where true] [file where true]', events))).toEqual([]);
    const optional = run('sequence by ?host [process where true] [file where true]', events);
    expect(keys(optional)).toEqual([[null]]);
  });

  test('a multi-valued key joins once per value, without duplicates', () => {
    const events = [
      ev(1, 'process', { tags: ['x', 'y', 'y'] }),
      ev(2, 'file', { tags: ['y', 'x'] }),
    ];
    const result = run('sequence by tags [process where true] [file where true]', events);
    expect(keys(result)).toEqual([['y'], ['x']]);
  });

  test('date keys join as instants and come back as ISO-8601 text', () => {
    const events = [
      ev(1, 'process', { day: '2024-01-02' }),
      ev(2, 'file', { day: 1704153600000 }),
    ];
    const schema = createSchema({ day: 'date' });
    const engine = interpreterEngine({ categoryField: 'event.category', schema });
    const q = parseQuery('sequence by day [process where true] [file where true]');
    const result = runQuery(q, events, engine, { ...OPTIONS, schema });
    expect(keys(result)).toEqual([['2024-01-02T00:00:00.000Z']]);
  });

  test('head and tail pick whole sequences in completion order', () => {
    const events = [1, 2, 3, 4, 5].map((t) => ev(t, 'process'));
    const q = 'sequence [process where true] [process where true]';
    const all = ids(run(q, events));
    expect(all).toHaveLength(4);
    expect(ids(run(`${q} | head 1`, events))).toEqual(all.slice(0, 1));
    expect(ids(run(`${q} | tail 2`, events))).toEqual(all.slice(2));
    expect(ids(run(`${q} | head 3 | tail 1`, events))).toEqual(all.slice(2, 3));
    expect(ids(run(q, events, 2))).toEqual(all.slice(0, 2));
  });
});

describe('missing-event stages', () => {
  test('an event between the neighbouring stages rejects the sequence', () => {
    const events = [ev(1, 'a'), ev(2, 'm'), ev(3, 'b'), ev(4, 'a'), ev(5, 'b')];
    const result = run('sequence [a where true] ![m where true] [b where true]', events);
    expect(ids(result)).toEqual([[events[3]!.id, -1, events[4]!.id]]);
  });

  test('the missing stage is checked under the sequence key', () => {
    const events = [ev(1, 'a', { k: 1 }), ev(2, 'm', { k: 2 }), ev(3, 'b', { k: 1 })];
    const q = 'sequence by k [a where true] ![m where true] [b where true]';
    expect(ids(run(q, events))).toEqual([[events[0]!.id, -1, events[2]!.id]]);
  });

  test('a trailing missing stage looks ahead within maxspan from the first event', () => {
    const events = [ev(0, 'a'), ev(500, 'm'), ev(2000, 'a'), ev(3500, 'm')];
    const q = 'sequence with maxspan=1s [a where true] ![m where true]';
    expect(ids(run(q, events))).toEqual([[events[2]!.id, -1]]);
  });

  test('a leading missing stage looks back within maxspan from the last event', () => {
    const events = [ev(0, 'm'), ev(500, 'a'), ev(3000, 'a')];
    const q = 'sequence with maxspan=1s ![m where true] [a where true]';
    expect(ids(run(q, events))).toEqual([[-1, events[2]!.id]]);
  });

  test('leading and trailing missing stages reject only when both fit in maxspan', () => {
    const events = [ev(0, 'm'), ev(1000, 'a'), ev(2000, 'm')];
    const q = (span: string) =>
      `sequence with maxspan=${span} ![m where true] [a where true] ![m where true]`;
    expect(ids(run(q('1500ms'), events))).toEqual([[-1, events[1]!.id, -1]]);
    expect(ids(run(q('2s'), events))).toEqual([]);
  });
});
