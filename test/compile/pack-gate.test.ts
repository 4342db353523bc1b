import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Decided, gateAlternatives, gateSets, requiredFields } from '../../src/compile/pack-gate.js';
import type { EntryKey } from '../../src/compile/dispatch.js';
import { readField, resolveAlias, schemaKey } from '../../src/event/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import { parseQuery } from '../../src/query/index.js';
import type { EventQuery, Field } from '../../src/query/ast.js';
import { eventQueryArb } from '../differential/gen-query.js';
import { eventArb, SCHEMAS, schemaNameArb } from '../differential/gen-values.js';

const query = (text: string): EventQuery => parseQuery(text).body as EventQuery;
const names = (clauses: Field[][]): string[][] => clauses.map((c) => c.map((f) => f.path.join('.')));

describe('requiredFields', () => {
  it('names the fields comparisons, lists and patterns of constants need a value in', () => {
    expect(names(requiredFields(query('any where a == 1 and b : "x*" and c in (1, 2) and d > 0')))).toEqual([
      ['a'], ['b'], ['c'], ['d'],
    ]);
    expect(names(requiredFields(query('any where (a == 1 and b == 2) or c == 3')))).toEqual([['a', 'c']]);
    // Nothing for what can hold on an absent field.
    expect(requiredFields(query('any where a != 1 or b == null'))).toEqual([]);
    expect(requiredFields(query('any where not a == 1'))).toEqual([]);
    expect(requiredFields(query('any where a in (1, null)'))).toEqual([]);
    expect(requiredFields(query('any where a == 1 or length(b) > 1'))).toEqual([]);
  });

  it('only names fields every matching event has a value in', () => {
    fc.assert(
      fc.property(eventQueryArb, eventArb, schemaNameArb, (q, event, name) => {
        const schema = SCHEMAS[name];
        if (!matchesEventQuery(q, event, { categoryField: 'event.category', schema })) return;
        for (const clause of requiredFields(q)) {
          const held = clause.some((f) => {
            const path = resolveAlias(schema, f.path);
            return readField(event, path, schema?.nullValues.get(schemaKey(path))) !== undefined;
          });
          expect(held).toBe(true);
        }
      }),
      { numRuns: 4000 },
    );
  });
});

describe('gate sets of a query', () => {
  const slotOf = (f: Field): number => ['a', 'b', 'c', 'd'].indexOf(String(f.path[0]));

  it('proves one set per conjunct, over the fields it reads, and alternatives per or', () => {
    const q = query('any where a == "x" and (b : "*cmdline*" or c == "z") and d > 1');
    expect(gateSets(q, undefined, slotOf).map((s) => [s.conjunct, s.slots])).toEqual([[0, [0]], [1, [1, 2]]]);
    const alternatives = gateAlternatives(query('any where (a == "x" and b == "y") or c : "z*"'), undefined, slotOf);
    expect(alternatives.map((a) => a.map((branch) => branch.map((s) => s.slots)))).toEqual([[[[0], [1]], [[2]]]]);
  });
});

describe('Decided', () => {
  const key = (slot: number, values: string[], conjunct: number, mode: EntryKey['mode'] = 'exact'): EntryKey => ({
    id: `${slot}:${mode}`, slot, field: `f${slot}`, mode, values, conjunct,
  });
  const lit = (text: string) => ({ text, caseInsensitive: true, atStart: true, atEnd: true });
  const sets = [[
    { set: { literals: [lit('windows')] }, slots: [1], conjunct: 0 },
    { set: { literals: [lit('cmd.exe'), lit('sh')] }, slots: [2], conjunct: 1 },
    { set: { literals: [lit('x')] }, slots: [3], conjunct: 2 },
  ]];
  const groups = [[
    { slots: [1], values: ['windows'], conjunct: 0 },
    { slots: [2], values: ['cmd.exe', 'sh'], conjunct: 1 },
    { slots: [3], values: ['x'], conjunct: 2 },
  ]];

  it('drops the sets the path to every leaf of an entry decided', () => {
    const decided = new Decided(groups);
    decided.leaf(0, [key(1, ['Windows'], 0)], groups[0]![1]);
    decided.leaf(0, [key(1, ['windows'], 0)], undefined);
    // The key decides conjunct 0 on both leaves; the index set only on the first.
    expect(decided.prune(sets)[0]!.map((s) => s.conjunct)).toEqual([1, 2]);
  });

  it('keeps a set a key does not prove', () => {
    const decided = new Decided(groups);
    decided.leaf(0, [key(2, ['cmd.exe', 'bash'], 1, 'folded'), key(0, ['process'], -1, 'strict')], undefined);
    expect(decided.prune(sets)[0]!.map((s) => s.conjunct)).toEqual([0, 1, 2]);
    expect(new Decided(groups).prune(sets)[0]!.length).toBe(3);
  });
});
