import { describe, expect, test } from 'vitest';

import { loadRuleSet, plansOf } from '../../src/execute/rules.js';

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
