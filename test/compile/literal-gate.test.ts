import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LiteralGate, type EntryGate, type GateSet } from '../../src/compile/literal-gate.js';
import type { PrefilterLiteral } from '../../src/compile/prefilter-literals.js';

const lit = (text: string, caseInsensitive: boolean, atStart = false, atEnd = false): PrefilterLiteral => ({
  text, caseInsensitive, atStart, atEnd,
});
const set = (slots: number[], ...literals: PrefilterLiteral[]): GateSet => ({ set: { literals }, slots });

/** A gate over events that are plain slot arrays: slot i's value is `event[i]`. */
function gate(entries: GateSet[][]): (entry: number, event: unknown[]) => boolean {
  const g = new LiteralGate(entries, (slot, event) => (event as unknown[])[slot]);
  let ep = 0;
  return (entry, event) => g.allows(entry, event, ++ep);
}

describe('LiteralGate', () => {
  it('lets an entry without sets through, whatever the event', () => {
    const allows = gate([[]]);
    expect(allows(0, [])).toBe(true);
  });

  it('finds whole values folded, exact literals included', () => {
    const allows = gate([[set([0], lit('cmd.exe', true, true, true))], [set([0], lit('Start', false, true, true))]]);
    expect(allows(0, ['CMD.EXE'])).toBe(true);
    expect(allows(0, ['xcmd.exe'])).toBe(false);
    expect(allows(1, ['start'])).toBe(true); // folded search only lets more through
    expect(allows(1, [['a', 'START']])).toBe(true);
    expect(allows(1, ['started'])).toBe(false);
  });

  it('finds partial literals with their anchors', () => {
    const allows = gate([
      [set([0], lit('\\temp\\', true))],
      [set([0], lit('c:\\users\\', true, true, false))],
      [set([0], lit('.ps1', true, false, true))],
    ]);
    expect(allows(0, ['C:\\Windows\\Temp\\a.exe'])).toBe(true);
    expect(allows(0, ['C:\\Windows\\Tmp\\a.exe'])).toBe(false);
    expect(allows(1, ['C:\\Users\\bob'])).toBe(true);
    expect(allows(1, ['D:\\C:\\Users\\bob'])).toBe(false);
    expect(allows(2, ['run.PS1'])).toBe(true);
    expect(allows(2, ['run.ps1x'])).toBe(false);
  });

  it('folds the Kelvin sign and dotted capital I as full lower-casing does', () => {
    const allows = gate([[set([0], lit('kit', true))], [set([0], lit('i\u0307x', true))]]);
    expect('\u212aIT'.toLowerCase()).toBe('kit');
    expect(allows(0, ['\u212aIT'])).toBe(true);
    expect(allows(1, ['\u0130X'])).toBe(true);
    expect(allows(0, ['k\u0130t'])).toBe(false);
  });

  it('reads booleans as their text and ignores numbers', () => {
    const allows = gate([[set([0], lit('true', true))]]);
    expect(allows(0, [true])).toBe(true);
    expect(allows(0, [false])).toBe(false);
    expect(allows(0, [1])).toBe(false);
  });

  it('searches each slot for its own literals only', () => {
    const allows = gate([[set([0], lit('cmd.exe', true, true, true))], [set([1], lit('x', true))]]);
    expect(allows(0, ['a', 'cmd.exe'])).toBe(false);
    expect(allows(0, ['cmd.exe', 'a'])).toBe(true);
  });

  it('needs a literal of every set of an entry', () => {
    const allows = gate([[set([0], lit('a.exe', true, true, true), lit('b.exe', true, true, true)), set([1], lit('-enc', true))]]);
    expect(allows(0, ['b.exe', 'x -ENC y'])).toBe(true);
    expect(allows(0, ['b.exe', 'x y'])).toBe(false);
    expect(allows(0, ['c.exe', '-enc'])).toBe(false);
  });

  it('leaves a set with non-ASCII text out of the gate', () => {
    const allows = gate([[set([0], lit('josé', false, true, true))]]);
    expect(allows(0, ['bob'])).toBe(true);
  });

  it('searches once per epoch and again for the next one', () => {
    let reads = 0;
    const g = new LiteralGate([[set([0], lit('a', true))], [set([0], lit('b', true))]], (slot, event) => {
      reads++;
      return (event as unknown[])[slot];
    });
    const event = ['a'];
    expect(g.allows(0, event, 1)).toBe(true);
    expect(g.allows(1, event, 1)).toBe(false);
    expect(reads).toBe(1);
    expect(g.allows(1, ['b'], 2)).toBe(true);
    expect(reads).toBe(2);
  });

  // What a value finds is remembered per slot; a slot of values that seldom recur stops
  // remembering after a trial of a few thousand. Verdicts are the same throughout.
  it('gives the same verdicts on recurring and on ever new values', () => {
    const allows = gate([
      [set([0], lit('cmd.exe', true, true, true), lit('\\temp\\', true))],
      [set([1], lit('-enc', true))],
    ]);
    const names = ['CMD.exe', 'c:\\TEMP\\x', 'bash', 'cmd.exe ', 'C:\\temp\\'];
    for (let k = 0; k < 6000; k++) {
      const name = names[k % names.length]!;
      const arg = k % 2 === 0 ? `-ENC ${k}` : `-e ${k}`;
      const event = [name, [`x${k}`, arg]];
      expect(allows(0, event)).toBe(k % names.length !== 2 && k % names.length !== 3);
      expect(allows(1, event)).toBe(k % 2 === 0);
    }
  });
});

describe('LiteralGate, beyond sets', () => {
  const ep = (() => {
    let n = 0;
    return () => ++n;
  })();
  const run = (entries: EntryGate[], entry: number, event: unknown[]): boolean =>
    new LiteralGate(entries, (slot, e) => (e as unknown[])[slot]).allows(entry, event, ep());

  it('needs a value in some slot of each required clause, whatever the value', () => {
    const entries: EntryGate[] = [{ sets: [], required: [[0], [1, 2]] }];
    expect(run(entries, 0, [5, undefined, false])).toBe(true);
    expect(run(entries, 0, [5, 'x', undefined])).toBe(true);
    expect(run(entries, 0, [5, undefined, undefined])).toBe(false);
    expect(run(entries, 0, [undefined, 1, 1])).toBe(false);
  });

  it('passes an alternative when every set of one of its branches holds', () => {
    const branch = (slot: number, text: string): GateSet[] => [set([slot], lit(text, true, true, true))];
    const entries: EntryGate[] = [{ sets: [], alternatives: [[[...branch(0, 'a'), ...branch(1, 'b')], branch(2, 'c')]] }];
    expect(run(entries, 0, ['A', 'B', 'x'])).toBe(true);
    expect(run(entries, 0, ['A', 'x', 'C'])).toBe(true);
    expect(run(entries, 0, ['A', 'x', 'x'])).toBe(false);
    // A branch with nothing to test could hold on any event: the alternative is not used.
    const open: EntryGate[] = [{ sets: [], alternatives: [[branch(0, 'a'), []]] }];
    expect(run(open, 0, ['x'])).toBe(true);
  });

  // A literal's meaning: some value, folded by full lower-casing, is it, opens with it, closes
  // with it or holds it. Sets of a few literals test that directly, larger ones by automaton.
  const spec = (literals: PrefilterLiteral[], values: unknown[]): boolean =>
    values.some((v) => {
      const text = typeof v === 'boolean' ? String(v) : typeof v === 'string' ? v.toLowerCase() : null;
      if (text === null) return false;
      return literals.some((l) => {
        const t = l.caseInsensitive ? l.text : l.text.toLowerCase();
        if (l.atStart && l.atEnd) return text === t;
        if (l.atStart) return text.startsWith(t);
        if (l.atEnd) return text.endsWith(t);
        return text.includes(t);
      });
    });
  const unit = fc.constantFrom('a', 'A', 'b', 'k', 'K', '\u212A', 'i', 'I', '\u0130', '.', 'x', 'é', '\u0307');
  const text = fc.string({ unit, maxLength: 6 });
  const literal = fc
    .record({ text: fc.string({ unit: fc.constantFrom('a', 'b', 'k', 'i', '.', 'x', 'A'), minLength: 1, maxLength: 3 }), ci: fc.boolean(), atStart: fc.boolean(), atEnd: fc.boolean() })
    .map(({ text, ci, atStart, atEnd }) => lit(ci ? text.toLowerCase() : text, ci, atStart, atEnd));

  it('tests literals, directly or by automaton, as folding and searching the values would', () => {
    fc.assert(
      fc.property(
        fc.array(literal, { minLength: 1, maxLength: 9 }),
        fc.array(fc.oneof(text, fc.boolean(), fc.integer()), { maxLength: 3 }),
        (literals, values) => {
          const allowed = run([{ sets: [set([0], ...literals)] }], 0, [values]);
          expect(allowed).toBe(spec(literals, values));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
