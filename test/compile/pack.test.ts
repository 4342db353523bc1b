import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, test } from 'vitest';

import { compileEventQuery, compilePack, interpretedPack, type Pack } from '../../src/compile/index.js';
import { loadRules, planRule, planRules, queryRule, type Rule, type RulePlan } from '../../src/plan/index.js';
import { parseFieldPath, readField } from '../../src/event/index.js';
import { ruleEvents } from './rule-events.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RULES = path.resolve(ROOT, '../shared/rules/eql-rules.jsonl');
const present = existsSync(RULES);
if (!present) console.warn(`Elastic rules not found at ${RULES}: skipping the whole-pack tests`);

const OPTIONS = { categoryField: 'event.category' };

function rule(query: string, name = query): Rule {
  return queryRule(query, { id: name, name, severity: 'low', file: 'test.eql' });
}

const plansOf = (queries: readonly string[]): RulePlan[] => queries.map((q) => planRule(rule(q)));

const hitsOf = (pack: Pack, event: object): string[] => {
  const hits: string[] = [];
  pack.stageHits(event, (r, s) => hits.push(`${r}:${s}`));
  return hits;
};

describe('a small pack', () => {
  const plans = plansOf([
    'process where host.os.type == "windows" and process.name : "cmd.exe"',
    'process where host.os.type == "linux" and process.name : "bash"',
    'file where file.name : ("a.txt", "b.txt")',
    'any where user.name == "root"',
    'process where host.os.type == "windows" and process.name in ("ps.exe", "cmd.exe")',
    'process where host.os.type == "windows" and event.type == "start"',
    'sequence by host.id [process where process.name : "a"] [file where true] until [process where event.type == "end"]',
    'sample by host.id [process where true] [network where true]',
  ]);
  const pack = compilePack(plans, OPTIONS);

  test('knows its rules, kinds and fields', () => {
    expect(pack.eventRules).toEqual([0, 1, 2, 3, 4, 5]);
    expect(pack.stageRules).toEqual([6, 7]);
    expect(pack.fields).toEqual([
      'event.category',
      'event.type',
      'file.name',
      'host.id',
      'host.os.type',
      'process.name',
      'user.name',
    ]);
  });

  test('dispatches by category, by shared leading equalities and by the values rules need', () => {
    const event = { event: { category: ['process', 'start'] }, host: { os: { type: 'linux' } } };
    // The windows rules are filed under host.os.type, so a linux event never meets them;
    // the others are filed under the values they need (process.name, user.name, event.type).
    expect(pack.candidates(event)).toEqual([7]);
    expect(pack.candidates({ ...event, process: { name: 'BASH' } })).toEqual([1, 7]);
    const ending = { event: { category: ['process'], type: 'end' }, 'user.name': 'root' };
    expect(pack.candidates(ending)).toEqual([3, 6, 7]);
    expect(pack.candidates({})).toEqual([]);
  });

  test('matches like each rule alone, with multi-valued categories', () => {
    const events = [
      { event: { category: ['process', 'file'] }, host: { os: { type: 'windows' } }, process: { name: 'CMD.EXE' }, file: { name: 'A.txt' } },
      { event: { category: 'process', type: ['start', 'end'] }, 'host.os.type': 'windows', process: { name: ['ps.exe', 'x'] } },
      { event: { category: 'network' }, user: { name: 'root' }, host: { id: 'h' } },
    ];
    const reference = interpretedPack(plans, OPTIONS);
    for (const event of events) {
      expect(pack.match(event)).toEqual(reference.match(event));
      expect(hitsOf(pack, event)).toEqual(hitsOf(reference, event));
    }
    expect(pack.match(events[0]!)).toEqual([0, 2]);
    expect(pack.match(events[1]!)).toEqual([4, 5]);
    expect(hitsOf(pack, events[1]!)).toEqual(['6:2', '7:0']);
  });

  test('gates matchers by the literals of each conjunct, as the interpreter decides', () => {
    const gated = plansOf([
      'process where process.name : "cmd.exe" and process.args : "*-enc*"',
      'process where process.executable : "?:\\\\Windows\\\\Temp\\\\*" or process.name == "x"',
      'process where process.name : "bash" and not process.args : "-c"',
    ]);
    const compiled = compilePack(gated, OPTIONS);
    const reference = interpretedPack(gated, OPTIONS);
    const base = { event: { category: 'process' } };
    const events = [
      { ...base, process: { name: 'CMD.exe', args: ['cmd', '-ENC', 'x'] } },
      { ...base, process: { name: 'cmd.exe', args: ['cmd', '-e'] } },
      { ...base, process: { name: 'cmd.exe' }, other: '-enc' },
      { ...base, process: { executable: 'C:\\WINDOWS\\temp\\a.exe' } },
      { ...base, 'process.name': 'x' },
      { ...base, process: { name: 'bash', args: '-c' } },
      { ...base, process: { name: 'BASH', args: true } },
    ];
    for (const event of events) expect(compiled.match(event)).toEqual(reference.match(event));
    expect(compiled.match(events[0]!)).toEqual([0]);
    expect(compiled.match(events[2]!)).toEqual([]);
  });

  test('shares reads between begin, stageHits and match, and no further', () => {
    const event: Record<string, unknown> = { event: { category: 'process', type: 'end' }, host: { id: 'h' }, process: { name: 'a' } };
    pack.begin(event);
    expect(hitsOf(pack, event)).toEqual(['6:0', '6:2', '7:0']);
    expect(pack.match(event)).toEqual([]);
    // After match the event is no longer held: a changed event is read afresh.
    event.user = { name: 'root' };
    expect(pack.match(event)).toEqual([3]);
    pack.begin(event);
    pack.candidates({});
    event.user = { name: 'bob' };
    expect(pack.match(event)).toEqual([]);
  });

  test('appends to the array it is given', () => {
    const out = [99];
    pack.match({ user: { name: 'root' } }, out);
    expect(out).toEqual([99, 3]);
  });

  test('explain lists dispatch keys and pattern reductions', () => {
    const explain = pack.explain();
    expect(explain.rules[0]!.stages[0]!.keys).toEqual([
      { field: 'event.category', mode: 'strict', values: ['process'] },
      { field: 'host.os.type', mode: 'exact', values: ['windows'] },
      { field: 'process.name', mode: 'folded', values: ['cmd.exe'] },
    ]);
    expect(explain.rules[2]!.stages[0]!.notes[0]!.notes).toContain('"a.txt" -> exact "a.txt"');
    expect(explain.dispatch.join('\n')).toContain('by host.os.type (exact, 2 values):');
  });
});

describe('a walking pack given a slot source', () => {
  const plans = plansOf([
    'process where process.name : "cmd.exe" and process.args : "/c"',
    'file where file.path : "*.dll"',
    'sequence by host.id [process where process.name : "a"] [file where true]',
  ]);
  const options = { ...OPTIONS, fieldAccess: 'walk' as const, readPaths: [['@timestamp']] };
  const pack = compilePack(plans, options);
  const paths = [...pack.fields, '@timestamp'].map(parseFieldPath);
  const events: object[] = [
    { event: { category: 'process' }, process: { name: 'CMD.exe', args: ['cmd', '/c', 'dir'] }, host: { id: 'h' } },
    { event: { category: ['file'] }, 'file.path': 'C:\\x.dll', host: { id: ['h', 'k'] }, '@timestamp': 7 },
    { event: { category: 'process' }, process: { name: 'a', 'args': null }, host: { id: 'h' } },
    { event: { category: 'network' }, process: { name: 'cmd.exe', args: '/c' } },
  ];
  /** A source that reads each slot's path from `event`, and counts the events it hands out. */
  const sourceOf = (event: object, slots: Int32Array, of = paths) => {
    const pathOf = new Map([...slots].map((slot, f) => [slot, of[f]!]));
    const source = {
      built: 0,
      read: (slot: number) => readField(event, pathOf.get(slot)!),
      foldedOf: () => undefined,
      event: () => (source.built++, event),
    };
    return source;
  };

  test('names a slot for every path it walks, and none when one is left out', () => {
    const slots = pack.slotsOf(paths)!;
    expect(slots).not.toBeNull();
    expect([...slots].every((s) => s >= 0)).toBe(true);
    expect(pack.slotsOf(paths.slice(1))).toBeNull();
    const direct = compilePack(plans, { ...OPTIONS, fieldAccess: 'direct' });
    expect(direct.slotsOf(paths)).toBeNull();
  });

  test('matches on the values a source gives exactly as on the walked event', () => {
    const slots = pack.slotsOf(paths)!;
    const walked = events.map((event) => {
      pack.begin(event);
      return [hitsOf(pack, event), pack.match(event)];
    });
    const standIn = {};
    const fed = events.map((event) => {
      pack.begin(standIn, sourceOf(event, slots));
      return [hitsOf(pack, standIn), pack.match(standIn)];
    });
    expect(fed).toEqual(walked);
    expect(walked.flat(2).length).toBeGreaterThan(3);
  });

  test('reads what its source gives, not the event', () => {
    const event = events[0]!;
    pack.begin(event, { read: () => undefined, foldedOf: () => undefined, event: () => event });
    expect(pack.match(event)).toEqual([]);
    pack.begin(event);
    expect(pack.match(event)).toEqual([0]);
  });

  test('builds the event only when a slot it cannot be handed is read', () => {
    const mixed = compilePack(
      plansOf(['process where process.args[0] == "cmd"', 'file where file.path : "*.dll"']),
      { ...OPTIONS, fieldAccess: 'walk' },
    );
    const fields = mixed.fields.filter((f) => !f.includes('[')).map(parseFieldPath);
    const slots = mixed.slotsOf(fields)!;
    expect(slots).not.toBeNull();
    const standIn = {};
    const run = (event: object): [number[], number] => {
      const source = sourceOf(event, slots, fields);
      mixed.begin(standIn, source);
      return [mixed.match(standIn), source.built];
    };
    expect(run(events[0]!)).toEqual([[0], 1]);
    expect(run(events[1]!)).toEqual([[1], 0]);
    expect(run({ event: { category: 'process' }, process: { args: ['sh'] } })).toEqual([[], 1]);
  });

  test('reads join keys and extra paths through its slots, between begin and match', () => {
    const hostId = pack.reader(['host', 'id'], undefined)!;
    const time = pack.reader(['@timestamp'], undefined)!;
    expect(pack.reader(['user', 'name'], undefined)).toBeNull();
    const event = events[1]!;
    pack.begin(event);
    expect(hitsOf(pack, event)).toEqual(['2:1']);
    expect(hostId(event)).toEqual(['h', 'k']);
    expect(time(event)).toBe(7);
    pack.match(event);
    expect(hostId({ 'host.id': 'z' })).toBe('z');
  });
});

describe.skipIf(!present)('the Elastic rules as one pack', () => {
  let plans: RulePlan[] = [];
  let pack: Pack;
  let events: object[] = [];
  let compileMillis = 0;

  beforeAll(async () => {
    const all = planRules((await loadRules([RULES])).rules).plans;
    // Rules with a pattern the linear engine rejects throw when reached, in both engines.
    const problems = new Set(compilePack(all, OPTIONS).problems.map((p) => p.rule));
    plans = all.filter((_, i) => !problems.has(i));
    const started = performance.now();
    pack = compilePack(plans, OPTIONS);
    compileMillis = performance.now() - started;
    events = ruleEvents(plans, 400, 20_240_601);
  });

  test('all 884 rules plan, and only rules with unrunnable regexes are reported', async () => {
    const all = planRules((await loadRules([RULES])).rules).plans;
    expect(all).toHaveLength(884);
    const problems = compilePack(all, OPTIONS).problems;
    expect(problems.every((p) => /linear time/.test(p.message))).toBe(true);
    expect(plans.length + new Set(problems.map((p) => p.rule)).size).toBe(884);
    console.info(`pack of ${plans.length} rules compiled in ${compileMillis.toFixed(0)} ms`);
  });

  test('agrees with the interpreter on every rule and every event', () => {
    const reference = interpretedPack(plans, OPTIONS);
    let matched = 0;
    for (const event of events) {
      const want = reference.match(event);
      matched += want.length;
      expect([JSON.stringify(event), pack.match(event)]).toEqual([JSON.stringify(event), want]);
      expect(hitsOf(pack, event)).toEqual(hitsOf(reference, event));
    }
    // The events are built to match: the comparison is not all misses.
    expect(matched).toBeGreaterThan(20);
  });

  test('an event meets only candidates, and far fewer than all rules', () => {
    let total = 0;
    for (const event of events) {
      const candidates = new Set(pack.candidates(event));
      total += candidates.size;
      for (const r of pack.match(event)) expect(candidates.has(r)).toBe(true);
      pack.stageHits(event, (r) => expect(candidates.has(r)).toBe(true));
    }
    expect(total / events.length).toBeLessThan(plans.length / 4);
  });

  test('a rule in the pack matches exactly where it matches alone', () => {
    const sample = plans.flatMap((p, i) => (p.kind === 'event' && i % 5 === 0 ? [i] : []));
    const matches = events.map((event) => new Set(pack.match(event)));
    for (const i of sample) {
      const alone = compileEventQuery(plans[i]!.query.body as never, OPTIONS);
      events.forEach((event, e) => expect(matches[e]!.has(i)).toBe(alone.test(event)));
    }
  });
});
