import { describe, expect, it } from 'vitest';

import { compilePack } from '../../src/compile/index.js';
import { IndexPlanner, type IndexGroup } from '../../src/compile/leaf-index.js';
import { planRule, queryRule, type Rule } from '../../src/plan/index.js';

const group = (slots: number[], values: string[], conjunct?: number): IndexGroup => ({ slots, values, conjunct });

describe('IndexPlanner', () => {
  // Entry 0 needs `windows` (which every entry needs) and a rare name; entry 1 only `windows`.
  const groups = [
    [group([1], ['windows'], 0), group([2], ['psexec.exe'], 1)],
    [group([1], ['windows'], 0)],
    [group([1], ['windows'], 0), group([2], ['cmd.exe', 'sh'], 1)],
    [],
  ];
  const planner = new IndexPlanner(groups);

  it('files each entry under its least likely set, by value and slot, and lists the rest', () => {
    const { plain, index, filed } = planner.split([0, 1, 2, 3], () => new Set());
    expect(plain).toEqual([3]);
    expect(filed.get(0)?.values).toEqual(['psexec.exe']);
    expect(filed.get(2)?.values).toEqual(['cmd.exe', 'sh']);
    expect(filed.get(1)?.values).toEqual(['windows']);
    const bySlot = new Map([...index!.slots].map((slot, j) => [slot, index!.maps[j]!]));
    expect([...bySlot.get(2)!.get('sh')!]).toEqual([2]);
    expect([...bySlot.get(1)!.get('windows')!]).toEqual([1]);
    expect(index!.size).toBe(3);
  });

  it('does not file an entry under a slot its path already split on', () => {
    const { plain, filed } = planner.split([0, 1], () => new Set([1, 2]));
    expect(plain).toEqual([0, 1]);
    expect(filed.size).toBe(0);
  });
});

function rule(query: string): Rule {
  return queryRule(query, { id: query, name: query, severity: 'low', file: 'test.eql' });
}

describe('a leaf index in a pack', () => {
  const plans = [
    'process where process.name : ("cmd.exe", "sh")',
    'process where process.name == "Bash" or process.parent.name == "bash"',
    'process where process.name : "kit"',
    'process where ?process.flag == "true"',
  ].map((q) => planRule(rule(q)));
  const pack = compilePack(plans, { categoryField: 'event.category' });
  const meet = (process: object): number[] => pack.candidates({ event: { category: 'process' }, process });

  it('meets entries by their folded values, in arrays and booleans too', () => {
    expect(pack.explain().dispatch.join('\n')).toMatch(/look up 4 more by \d+ values of 3 fields/);
    expect(meet({ name: 'CMD.EXE' })).toEqual([0]);
    expect(meet({ name: ['x', 'Sh'] })).toEqual([0]);
    expect(meet({ parent: { name: 'BASH' } })).toEqual([1]);
    expect(meet({ name: 'BASH' })).toEqual([1]);
    expect(meet({ flag: true })).toEqual([3]);
    expect(meet({ name: 'bashful' })).toEqual([]);
  });

  it('folds a value whose length folding changes: the Kelvin sign and dotted capital I', () => {
    expect(meet({ name: '\u212Ait' })).toEqual([2]);
    expect(pack.match({ event: { category: 'process' }, process: { name: '\u212AIT' } })).toEqual([2]);
    expect(meet({ name: 'k\u0130t' })).toEqual([]);
  });
});
