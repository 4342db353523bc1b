import { describe, expect, it } from 'vitest';

import { compilePack } from '../../src/compile/index.js';
import { toEpochMillis } from '../../src/event/index.js';
import { emptyHitLines, recordedPaths, StageHitRecorder } from '../../src/execute/hits.js';
import { interpreterEngine } from '../../src/interpret/run-engine.js';
import { encodeKey } from '../../src/interpret/run-keys.js';
import { plansOf } from './sequence-hits.js';

const queries = [
  'sequence by host.id [process where true] [file where true]',
  'sequence by host.id [process where process.name : "a*"] by process.pid [network where true] by source.port',
  'sequence by host.id, user.name [process where true] [any where true] until [process where event.type == "end"]',
  'sample by user.name [process where true] [file where true]',
  'sequence [process where true] by ?process.parent.pid, host.id [file where true] by ?x, host.id',
];

const events: object[] = [
  { '@timestamp': '2026-03-02T08:00:00.024Z', event: { category: 'process' }, host: { id: 'h1' }, user: { name: 'u' }, process: { name: 'abc', pid: 4 } },
  { '@timestamp': 5, event: { category: ['process', 'file'] }, host: { id: ['h1', 'h2', 'h1'] }, user: { name: ['u', 'v'] }, process: { name: 'x', parent: { pid: [1, 2] } } },
  { event: { category: 'network' }, host: { id: 'h2' }, source: { port: 80 }, 'user.name': 'u' },
  { '@timestamp': '2026-03-02', event: { category: 'file', type: 'end' }, host: { id: 'h1' }, x: null },
  { event: { category: 'process', type: ['end'] }, 'host.id': 'h1', user: { name: null } },
  { event: { category: 'process' }, process: { pid: '4' } },
];

describe('StageHitRecorder', () => {
  it('records each stage hit under the keys the engine gives, interned in order', () => {
    const plans = plansOf(queries);
    const options = { categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null, schema: undefined };
    const pack = compilePack(plans, options);
    const recorder = StageHitRecorder.create(plans, pack, options)!;
    const out = emptyHitLines(true);
    events.forEach((event, line) => {
      const buf = Buffer.from(JSON.stringify(event));
      recorder.record(event, out, line, buf, 0, 0, 0, buf.length);
    });

    // The same, one hit at a time, straight from the reference engine.
    const engine = interpreterEngine(options);
    const keys: string[] = [];
    const ids = new Map<string, number>();
    const rows: { line: number; codes: number[]; timestamp: number }[] = [];
    events.forEach((event, line) => {
      const codes: number[] = [];
      pack.stageHits(event, (rule, stage) => {
        const body = plans[rule]!.query.body;
        if (body.kind === 'event') return;
        const stages = body.kind === 'sequence' && body.until ? [...body.stages, body.until] : body.stages;
        const tuples = engine.keys([...body.by, ...stages[stage]!.by])(event);
        if (tuples.length === 0) return;
        codes.push(rule, stage, tuples.length);
        for (const tuple of tuples) {
          const text = encodeKey(tuple);
          if (!ids.has(text)) ids.set(text, keys.push(text) - 1);
          codes.push(ids.get(text)!);
        }
      });
      if (codes.length === 0) return;
      const ts = (event as { '@timestamp'?: string | number })['@timestamp'];
      rows.push({ line, codes, timestamp: toEpochMillis(ts) ?? Number.NaN });
    });

    expect(out.keys).toEqual(keys);
    expect(out.count).toBe(rows.length);
    expect(out.line).toEqual(rows.map((r) => r.line));
    expect(out.timestamp).toEqual(rows.map((r) => r.timestamp));
    const got = out.hitStart.map((from, i) => out.codes.slice(from, out.hitStart[i + 1] ?? out.codes.length));
    expect(got).toEqual(rows.map((r) => r.codes));
    expect(keys.length).toBeGreaterThan(5);
  });

  it('reads keys and times through the pack slots as it does from the event', () => {
    const plans = plansOf(queries);
    const options = { categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: 'process.pid', schema: undefined };
    const record = (withSlots: boolean) => {
      const pack = compilePack(plans, withSlots ? { ...options, readPaths: recordedPaths(options) } : options);
      const recorder = StageHitRecorder.create(plans, pack, options)!;
      const out = emptyHitLines(false);
      events.forEach((event, line) => {
        const buf = Buffer.from(JSON.stringify(event));
        // As a scan runs it: begin, then the stage hits and their keys, then the matches.
        if (withSlots) pack.begin(event);
        recorder.record(event, out, line, buf, 0, 0, 0, buf.length);
        if (withSlots) pack.match(event);
      });
      return out;
    };
    const slotted = record(true);
    expect(slotted).toEqual(record(false));
    const pid = (line: number) => (events[line] as { process?: { pid?: unknown } }).process?.pid;
    expect(slotted.tiebreaker).toEqual(slotted.line.map(pid));
    expect(slotted.tiebreaker).toContain(4);
  });
});
