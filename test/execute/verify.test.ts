import { describe, expect, test } from 'vitest';

import { createVerifier } from '../../src/execute/verify.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import { fieldsOf, planRules, queryRule, type Rule, type RulePlan } from '../../src/plan/index.js';
import { parseQuery } from '../../src/query/index.js';

function rule(id: string, query: string): Rule {
  return queryRule(query, { id, name: id, severity: 'low', file: `${id}.eql` });
}

const options = { categoryField: 'event.category' };

describe('createVerifier', () => {
  test('checks single-event rules and sets sequences aside', () => {
    const { plans } = planRules([
      rule('a', 'process where process.name : "cmd.exe"'),
      rule('s', 'sequence [process where true] [network where true]'),
      rule('b', 'any where destination.port >= 1024'),
    ]);
    const verifier = createVerifier(plans, options);
    expect(verifier.plans.map((p) => p.rule.id)).toEqual(['a', 'b']);
    expect(verifier.setAside.map((p) => p.rule.id)).toEqual(['s']);

    const events = [
      { event: { category: 'process' }, process: { name: 'CMD.exe' } },
      { destination: { port: ['80', 8080] } },
      { event: { category: 'network' } },
    ];
    for (const event of events) expect(verifier.check(event)).toEqual([]);
    expect(verifier.matched).toEqual({ interpreted: 2, compiled: 2 });
  });

  test('a rule that throws when reached gives an error verdict on both sides, not a crash', () => {
    // The verifier would reject `~` (complement) in a regex; a plan made without it, as
    // another loader might, still runs, and fails only on events that reach the pattern.
    const unchecked = rule('complement', 'process where process.command_line regex "a~b"');
    const query = parseQuery(unchecked.query);
    const plans: RulePlan[] = [
      { rule: unchecked, query, fields: fieldsOf(query, 'event.category'), kind: 'event' },
      ...planRules([rule('name', 'process where process.name == "sh"')]).plans,
    ];
    const verifier = createVerifier(plans, options);
    const proc = { name: 'sh', command_line: 'sh -c x' };
    const event = { event: { category: 'process' }, process: proc };
    if (query.body.kind !== 'event') throw new Error('expected an event query');
    const body = query.body;
    expect(() => matchesEventQuery(body, event, options)).toThrow(/Complement/);
    expect(verifier.check(event)).toEqual([]);
    expect(verifier.matched).toEqual({ interpreted: 1, compiled: 1 });
  });
});
