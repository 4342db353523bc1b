/**
 * The main-thread half of sequences and samples against the reference: stage hits made as
 * a worker makes them, split over several files and fed in input order that is not time
 * order, must give exactly the matches `runQuery` gives over the same events in memory.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { interpreterEngine } from '../../src/interpret/run-engine.js';
import { runQuery } from '../../src/interpret/run.js';
import type { HitStore } from '../../src/execute/hits-store.js';
import { matchStageRules, stageLimits } from '../../src/execute/sequence-pass.js';
import type { StageLimits } from '../../src/execute/sequence-run.js';
import type { Scalar } from '../../src/query/ast.js';
import { plansOf, storeOf } from './sequence-hits.js';

const QUERIES = [
  'sequence by host [process where true] [file where true]',
  'sequence by host with maxspan=10ms [process where true] [network where true]',
  'sequence by host [process where true] [file where true] until [network where true]',
  'sequence by host [process where true] with runs=2 [file where true]',
  'sequence by host with maxspan=40ms [process where true] ![file where true] [network where true]',
  'sequence by host [process where true] [network where true] ![file where true]',
  'sequence by ?user [process where true] [file where true]',
  'sequence [process where true] [file where true] | tail 3',
  'sequence by host [process where true] [file where true] | head 2',
  'sequence by host [process where true] by pid [file where true] by ppid',
  'sample by host [process where true] [file where true]',
  'sample by ?user [process where true] [network where true] [file where true]',
];

interface Ev {
  id: number;
  '@timestamp': number;
  event: { category: string };
  host: string;
  user?: string | null;
  pid: number;
  ppid: number;
}

const eventArb = fc.record({
  t: fc.integer({ min: 0, max: 120 }),
  category: fc.constantFrom('process', 'file', 'network', 'dns'),
  host: fc.constantFrom('a', 'b', 'c'),
  user: fc.constantFrom('u1', 'u2', null, undefined),
  pid: fc.integer({ min: 1, max: 3 }),
});

type Raw = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function eventsOf(raw: readonly Raw[]): Ev[] {
  return raw.map((r, id) => {
    const e: Ev = {
      id, '@timestamp': r.t, event: { category: r.category }, host: r.host, pid: r.pid, ppid: 4 - r.pid,
    };
    if (r.user !== undefined) e.user = r.user;
    return e;
  });
}

type Found = { ids: number[]; keys: Scalar[] }[];

function idOfRow(store: HitStore, row: number | null): number {
  return row === null ? -1 : (JSON.parse(store.text[row]!) as Ev).id;
}

function viaStore(events: Ev[], tiebreaker: boolean, limits: Partial<StageLimits> = {}): Found[] {
  const plans = plansOf(QUERIES);
  const store = storeOf(plans, events, { perFile: 7, tiebreakerField: tiebreaker ? 'id' : null });
  const { results } = matchStageRules(store, plans, stageLimits(limits));
  return results.map((r) => r.matches.map((m) => ({ ids: m.rows.map((row) => idOfRow(store, row)), keys: m.joinKeys })));
}

function viaInterpreter(events: Ev[], tiebreaker: boolean): Found[] {
  const engine = interpreterEngine({ categoryField: 'event.category' });
  return plansOf(QUERIES).map((plan) => {
    const result = runQuery(plan.query, events, engine, {
      categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: tiebreaker ? 'id' : undefined,
    });
    const groups = result.kind === 'sequences' ? result.sequences : result.kind === 'samples' ? result.samples : [];
    return groups.map((g) => ({ ids: g.events.map((e) => (e === null ? -1 : (e as Ev).id)), keys: g.joinKeys }));
  });
}

describe('sequences and samples from stage hits', () => {
  test('give the interpreter\'s matches over events out of order across files', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 60 }), fc.boolean(), (raw, tiebreaker) => {
        const events = eventsOf(raw);
        expect(viaStore(events, tiebreaker)).toEqual(viaInterpreter(events, tiebreaker));
      }),
      { numRuns: 150 },
    );
  });

  test('find matches at all, so that the comparison above means something', () => {
    const events = eventsOf(Array.from({ length: 40 }, (_, i) => ({
      t: (i * 37) % 100, category: (['process', 'file', 'network'] as const)[i % 3]!, host: 'a' as const,
      user: 'u1' as const, pid: 1,
    })));
    const found = viaStore(events, true);
    expect(found[0]!.length).toBeGreaterThan(0);
    expect(found[10]!.length).toBe(1);
  });

  test('a tight maxPending evicts in-flight sequences, counts them, and can lose matches', () => {
    const plans = plansOf(['sequence by host [process where true] [file where true]']);
    const events = [
      { id: 0, '@timestamp': 1, event: { category: 'process' }, host: 'a' },
      { id: 1, '@timestamp': 2, event: { category: 'process' }, host: 'b' },
      { id: 2, '@timestamp': 3, event: { category: 'file' }, host: 'a' },
      { id: 3, '@timestamp': 4, event: { category: 'file' }, host: 'b' },
    ];
    const store = storeOf(plans, events);
    const all = matchStageRules(store, plans, stageLimits());
    expect(all.results[0]!.matches).toHaveLength(2);
    expect(all.stats.evicted).toBe(0);
    expect(all.stats.peakPending).toBe(2);

    const tight = matchStageRules(store, plans, stageLimits({ maxPending: 1 }));
    expect(tight.results[0]!.matches.map((m) => m.joinKeys)).toEqual([['b']]);
    expect(tight.stats.evicted).toBe(1);
    expect(tight.stats.peakPending).toBe(1);
  });

  test('state older than maxspan expires without losing a match', () => {
    const plans = plansOf(['sequence by host with maxspan=5ms [process where true] [file where true]']);
    const events = Array.from({ length: 600 }, (_, i) => ({
      id: i, '@timestamp': i * 10, event: { category: 'process' }, host: `h${i}`,
    }));
    // Within maxspan of h599's start; h0's start expired long ago.
    events.push({ id: 600, '@timestamp': 5993, event: { category: 'file' }, host: 'h599' });
    events.push({ id: 601, '@timestamp': 5994, event: { category: 'file' }, host: 'h0' });
    const store = storeOf(plans, events);
    const { results, stats } = matchStageRules(store, plans, stageLimits());
    expect(stats.expired).toBeGreaterThan(400);
    expect(stats.evicted).toBe(0);
    expect(stats.peakPending).toBeLessThan(300);
    expect(results[0]!.matches.map((m) => m.joinKeys)).toEqual([['h599']]);
  });

  test('the hit cap drops rows and counts them', () => {
    const plans = plansOf(['sequence by host [process where true] [file where true]']);
    const events = [
      { '@timestamp': 1, event: { category: 'process' }, host: 'a' },
      { '@timestamp': 2, event: { category: 'dns' }, host: 'a' },
      { '@timestamp': 3, event: { category: 'file' }, host: 'a' },
    ];
    const store = storeOf(plans, events, { maxHitEvents: 1 });
    expect([store.count, store.dropped]).toEqual([1, 1]);
    const { results, stats } = matchStageRules(store, plans, stageLimits());
    expect(results[0]!.matches).toEqual([]);
    expect(stats.droppedHitEvents).toBe(1);
  });

  test('missing-event hits over maxPerKey are not recorded, and are counted', () => {
    const plans = plansOf(['sequence by host [process where true] ![file where true] [network where true]']);
    const events = [
      { '@timestamp': 1, event: { category: 'process' }, host: 'a' },
      { '@timestamp': 2, event: { category: 'file' }, host: 'a' },
      { '@timestamp': 3, event: { category: 'file' }, host: 'a' },
      { '@timestamp': 4, event: { category: 'network' }, host: 'a' },
    ];
    const store = storeOf(plans, events);
    expect(matchStageRules(store, plans, stageLimits()).results[0]!.matches).toEqual([]);
    const capped = matchStageRules(store, plans, stageLimits({ maxPerKey: 1 }));
    expect(capped.stats.perKeyDropped).toBe(1);
    expect(capped.results[0]!.matches).toEqual([]);
  });

  test('sample keys over maxPending are dropped and counted', () => {
    const plans = plansOf(['sample by host [process where true] [file where true]']);
    const events = ['a', 'b'].flatMap((host) => [
      { event: { category: 'process' }, host },
      { event: { category: 'file' }, host },
    ]);
    const store = storeOf(plans, events);
    expect(matchStageRules(store, plans, stageLimits()).results[0]!.matches).toHaveLength(2);
    const tight = matchStageRules(store, plans, stageLimits({ maxPending: 1 }));
    expect(tight.results[0]!.matches.map((m) => m.joinKeys)).toEqual([['a']]);
    expect(tight.stats.sampleKeysDropped).toBe(2);
  });

  test('limits are checked', () => {
    expect(() => stageLimits({ maxPending: -1 })).toThrow('maxPending: expected a non-negative integer, got -1');
  });
});
