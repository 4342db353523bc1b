import { describe, expect, test } from 'vitest';

import { interpreterEngine } from '../../src/interpret/run-engine.js';
import { runQuery, type QueryResult } from '../../src/interpret/run.js';
import { SampleCollector } from '../../src/interpret/sample.js';
import { parseQuery } from '../../src/query/index.js';

interface Ev {
  id: number;
  event_type: string;
  [field: string]: unknown;
}

const OPTIONS = { categoryField: 'event_type', timestampField: '@timestamp' };

function run(query: string, events: Ev[], extra: { size?: number; max?: number } = {}) {
  const engine = interpreterEngine({ categoryField: OPTIONS.categoryField });
  return runQuery(parseQuery(query), events, engine, {
    ...OPTIONS,
    size: extra.size,
    maxSamplesPerKey: extra.max,
  });
}

function samples(result: QueryResult): { ids: number[]; keys: unknown[] }[] {
  if (result.kind !== 'samples') throw new Error(`expected samples, got ${result.kind}`);
  return result.samples.map((s) => ({ ids: s.events.map((e) => (e as Ev).id), keys: s.joinKeys }));
}

describe('SampleCollector', () => {
  test('picks distinct events even when the first choice would block a later stage', () => {
    const c = new SampleCollector<string>(2);
    c.feed('both', [[['k']], [['k']]]);
    c.feed('first-only', [[['k']], null]);
    // Stage 0 takes "both" first, which leaves stage 1 nothing: backtracking fixes that.
    expect(c.finish()).toEqual([{ events: ['first-only', 'both'], key: ['k'] }]);
  });

  test('one event cannot fill every stage on its own', () => {
    const c = new SampleCollector<string>(2);
    c.feed('only', [[['k']], [['k']]]);
    expect(c.finish()).toEqual([]);
  });

  test('keys come out sorted, null first', () => {
    const c = new SampleCollector<string>(1);
    c.feed('b', [[['b']]]);
    c.feed('null', [[[null]]]);
    c.feed('A', [[['A']]]);
    expect(c.finish().map((s) => s.key)).toEqual([[null], ['A'], ['b']]);
  });

  test('maxSamplesPerKey gives further combinations, first ones first', () => {
    const c = new SampleCollector<string>(2, 3);
    c.feed('a1', [[['k']], null]);
    c.feed('a2', [[['k']], null]);
    c.feed('b', [null, [['k']]]);
    expect(c.finish().map((s) => s.events)).toEqual([
      ['a1', 'b'],
      ['a2', 'b'],
    ]);
  });
});

describe('samples through runQuery', () => {
  const events: Ev[] = [
    { id: 1, event_type: 'alert', host: 'doom', os: 'linux' },
    { id: 2, event_type: 'alert', host: 'cs', os: 'win' },
    { id: 3, event_type: 'failure', host: 'doom', os: 'linux' },
    { id: 4, event_type: 'failure', host: 'cs', os: 'win' },
    { id: 5, event_type: 'failure', host: 'quake' },
  ];

  test('one sample per key, sorted by key, events in stage order', () => {
    const result = run('sample by host [alert where true] [failure where true]', events);
    expect(samples(result)).toEqual([
      { ids: [2, 4], keys: ['cs'] },
      { ids: [1, 3], keys: ['doom'] },
    ]);
  });

  test('stage keys join the shared ones; an absent non-optional key drops the event', () => {
    const q = 'sample by host [alert where true] by os [failure where true] by os';
    expect(samples(run(q, events)).map((s) => s.keys)).toEqual([
      ['cs', 'win'],
      ['doom', 'linux'],
    ]);
  });

  test('size caps the number of samples', () => {
    const q = 'sample by host [alert where true] [failure where true]';
    expect(samples(run(q, events, { size: 1 }))).toEqual([{ ids: [2, 4], keys: ['cs'] }]);
    expect(samples(run(q, events, { size: 0 }))).toEqual([]);
  });
});
