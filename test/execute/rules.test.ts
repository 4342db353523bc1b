import { describe, expect, test } from 'vitest';

import { executorFor } from '../../src/execute/executor.js';
import { loadRuleSet, plansOf, rulePayload, sharedPayload } from '../../src/execute/rules.js';
import type { ExecOptions } from '../../src/pool/messages.js';

const QUERIES = [
  'process where process.name == "sshd"',
  'sequence by host.id [process where true] [file where true]',
  'this is not eql',
];

describe('plansOf', () => {
  test('gives the plans the set was sorted with, one per runnable rule in order', async () => {
    const set = await loadRuleSet({ queries: QUERIES });
    expect(set.rules.map((r) => r.id)).toEqual(['query-1', 'query-2']);
    expect(set.failed).toHaveLength(1);
    const plans = plansOf(set, 'event.category');
    expect(plans).toBe(set.planned!.plans);
    expect(plans.map((p) => [p.rule, p.kind])).toEqual([[set.rules[0], 'event'], [set.rules[1], 'sequence']]);
  });

  test('plans again for another category field or a set whose rules were changed', async () => {
    const set = await loadRuleSet({ queries: QUERIES });
    const other = plansOf(set, 'event.kind');
    expect(other).not.toBe(set.planned!.plans);
    expect(other.map((p) => p.rule)).toEqual(set.rules);

    const filtered = { ...set, rules: set.rules.slice(1) };
    expect(plansOf(filtered, 'event.category').map((p) => p.rule)).toEqual([set.rules[1]]);

    const reordered = { ...set, rules: [...set.rules].reverse() };
    expect(plansOf(reordered, 'event.category').map((p) => p.kind)).toEqual(['sequence', 'event']);
  });
});

describe('sharedPayload', () => {
  const options: ExecOptions = {
    categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
    engine: 'compiled', parser: 'json', prefilter: true, validate: false,
  };

  test('compiles to the executor the plain payload gives, from the plans in shared memory', async () => {
    const set = await loadRuleSet({ queries: QUERIES.slice(0, 2) });
    // Another key than the plain one, so that neither executor comes from the other's cache.
    const plain = rulePayload(set.rules, options);
    const shared = sharedPayload({ ...plain, key: `${plain.key}-shared` }, plansOf(set, options.categoryField));
    expect(shared.shared).toBeInstanceOf(SharedArrayBuffer);
    const a = executorFor(plain);
    const b = executorFor(shared);
    expect(b).not.toBe(a);
    expect(b.options).toEqual(options);
    expect(b.plans.map((p) => [p.rule.id, p.rule.query, p.kind])).toEqual(a.plans.map((p) => [p.rule.id, p.rule.query, p.kind]));
    const event = { event: { category: ['process'] }, process: { name: 'sshd' } };
    expect(b.pack.match(event)).toEqual([0]);
    // The same key is the same executor: the rules are not read again.
    expect(executorFor({ key: shared.key, shared: new SharedArrayBuffer(0) })).toBe(b);
  });

  test('refuses plans that are not those of the payload\'s rules', async () => {
    const set = await loadRuleSet({ queries: QUERIES.slice(0, 2) });
    const plain = rulePayload(set.rules, options);
    const plans = plansOf(set, options.categoryField);
    expect(() => sharedPayload(plain, [...plans].reverse())).toThrow(/not those of the payload's rules/);
    expect(() => sharedPayload(plain, plans.slice(1))).toThrow(/not those of the payload's rules/);
  });
});
