import { describe, expect, test } from 'vitest';

import { createVerifier } from '../../src/execute/verify.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import { planRules, type Rule } from '../../src/plan/index.js';

function rule(id: string, query: string): Rule {
  return {
    id, name: id, severity: 'low', riskScore: 0, tags: [], index: [], query, language: 'eql',
    type: 'eql', threat: [], deprecated: false, origin: { file: `${id}.eql`, line: 1, column: 1 },
  };
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
    // Bounded repetition past 16 copies cannot run on the linear-time regex engine.
    const { plans } = planRules([
      rule('padding', 'process where process.command_line regex ".*[ ]{20,}.*"'),
      rule('name', 'process where process.name == "sh"'),
    ]);
    const verifier = createVerifier(plans, options);
    const proc = { name: 'sh', command_line: 'sh -c x' };
    const event = { event: { category: 'process' }, process: proc };
    const padding = plans[0]!.query.body;
    if (padding.kind !== 'event') throw new Error('expected an event query');
    expect(() => matchesEventQuery(padding, event, options)).toThrow(/linear time/);
    expect(verifier.check(event)).toEqual([]);
    expect(verifier.matched).toEqual({ interpreted: 1, compiled: 1 });
  });
});
