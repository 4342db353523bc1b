import { describe, expect, it } from 'vitest';

import {
  ANY_CODE_POINT,
  compileNfa,
  complementRanges,
  MAX_CODE_POINT,
  nfaSize,
  normalizeRanges,
} from '../../src/event/regex-nfa.js';
import type { RegexNode } from '../../src/event/regex-nfa.js';

const ch = (c: string): RegexNode => {
  const cp = c.codePointAt(0)!;
  return { kind: 'set', ranges: [[cp, cp]] };
};
const seq = (...items: RegexNode[]): RegexNode => ({ kind: 'concat', items });
const alt = (...items: RegexNode[]): RegexNode => ({ kind: 'union', items });
const rep = (item: RegexNode, min: number, max: number | null): RegexNode => ({
  kind: 'repeat',
  item,
  min,
  max,
});

describe('code point ranges', () => {
  it('should sort, merge and join adjacent ranges', () => {
    expect(normalizeRanges([[5, 6], [1, 2], [3, 4], [10, 12], [11, 11]])).toEqual([
      [1, 6],
      [10, 12],
    ]);
  });

  it('should complement over every code point, lone surrogates included', () => {
    expect(complementRanges([[0x61, 0x61]])).toEqual([
      [0, 0x60],
      [0x62, MAX_CODE_POINT],
    ]);
    expect(complementRanges([[0, MAX_CODE_POINT]])).toEqual([]);
    expect(complementRanges([])).toEqual([[0, MAX_CODE_POINT]]);
  });
});

describe('compileNfa', () => {
  it('should match whole values only', () => {
    const nfa = compileNfa(seq(ch('a'), ch('b')));
    expect(nfa.test('ab')).toBe(true);
    expect(nfa.test('abc')).toBe(false);
    expect(nfa.test('a')).toBe(false);
    expect(nfa.test('')).toBe(false);
  });

  it('should match the empty sequence only on the empty value, and the empty set never', () => {
    expect(compileNfa(seq()).test('')).toBe(true);
    expect(compileNfa(seq()).test('a')).toBe(false);
    expect(compileNfa({ kind: 'set', ranges: [] }).test('')).toBe(false);
    expect(compileNfa(alt({ kind: 'set', ranges: [] }, ch('a'))).test('a')).toBe(true);
  });

  it('should run unions and every kind of repetition', () => {
    const x = ch('x');
    const cases: Array<[RegexNode, string, boolean]> = [
      [alt(ch('a'), ch('b'), seq(ch('c'), ch('d'))), 'cd', true],
      [alt(ch('a'), ch('b'), seq(ch('c'), ch('d'))), 'c', false],
      [rep(x, 0, null), '', true],
      [rep(x, 0, null), 'xxxx', true],
      [rep(x, 1, null), '', false],
      [rep(x, 3, null), 'xx', false],
      [rep(x, 3, null), 'xxxxx', true],
      [rep(x, 0, 1), 'xx', false],
      [rep(x, 2, 4), 'x', false],
      [rep(x, 2, 4), 'xx', true],
      [rep(x, 2, 4), 'xxxx', true],
      [rep(x, 2, 4), 'xxxxx', false],
      [rep(x, 0, 0), '', true],
      [rep(x, 0, 0), 'x', false],
      [rep(seq(ch('a'), ch('b')), 2, 2), 'abab', true],
      [rep(rep(x, 0, null), 0, null), 'xxx', true],
      [rep(seq(), 0, null), '', true],
    ];
    for (const [node, value, expected] of cases) {
      expect([value, compileNfa(node).test(value)]).toEqual([value, expected]);
    }
  });

  it('should read a surrogate pair as one code point, a lone surrogate as one too', () => {
    const one = compileNfa(ANY_CODE_POINT);
    const two = compileNfa(rep(ANY_CODE_POINT, 2, 2));
    expect(one.test('😀')).toBe(true);
    expect(two.test('😀')).toBe(false);
    expect(one.test('\uD83D')).toBe(true);
    expect(one.test('\uDE00')).toBe(true);
    expect(two.test('\uDE00\uD83D')).toBe(true);
    expect(two.test('\uD83D😀')).toBe(true);
    expect(compileNfa(ch('😀')).test('😀')).toBe(true);
    expect(compileNfa(ch('\uD83D')).test('😀')).toBe(false);
    expect(compileNfa(seq(ch('\uD83D'), ch('a'))).test('\uD83Da')).toBe(true);
  });

  it('should test membership in sets beyond ASCII by range', () => {
    const ranges = [[0x41, 0x41], [0x2b0, 0x2ff], [0x1f600, 0x1f64f]] as const;
    const set: RegexNode = { kind: 'set', ranges };
    const nfa = compileNfa(set);
    expect(nfa.test('A')).toBe(true);
    expect(nfa.test('B')).toBe(false);
    expect(nfa.test('ʰ')).toBe(true);
    expect(nfa.test('Ͱ')).toBe(false);
    expect(nfa.test('😀')).toBe(true);
    expect(nfa.test('🚀')).toBe(false);
  });

  it('should build exactly the number of states nfaSize predicts', () => {
    const nodes = [
      seq(ch('a'), ch('b')),
      alt(ch('a'), ch('b'), ch('c')),
      rep(ch('a'), 0, null),
      rep(ch('a'), 3, null),
      rep(seq(ch('a'), alt(ch('b'), ch('c'))), 2, 7),
      rep(rep(ch('a'), 1, 3), 4, null),
    ];
    for (const node of nodes) expect(compileNfa(node).size).toBe(nfaSize(node));
    expect(nfaSize(rep(rep(ch('a'), 1000, 1000), 1000, 1000))).toBe(1_000_001);
  });

  it('should stay linear on patterns that make backtracking engines explode', () => {
    const a = ch('a');
    const nested = seq(rep(rep(a, 1, null), 1, null), ch('b'));
    const counted = seq(rep(alt(a, seq(a, a)), 1, 300), ch('c'));
    const value = 'a'.repeat(100_000);
    const started = performance.now();
    expect(compileNfa(nested).test(value)).toBe(false);
    expect(compileNfa(counted).test(value)).toBe(false);
    expect(compileNfa(seq(rep(ANY_CODE_POINT, 0, null), rep(a, 1, 50))).test(value)).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

describe('the lazy DFA behind Nfa.test', () => {
  const a = ch('a');
  const b = ch('b');
  const any = alt(a, b);
  // `(a|b)*a(a|b){11}`: its DFA has 4096 states, past the cache, which is then rebuilt.
  const wide = seq(rep(any, 0, null), a, rep(any, 11, 11));

  it('should answer as the simulation does, also after its cache is rebuilt', () => {
    const nfa = compileNfa(wide);
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 300; i++) {
      const value = Array.from({ length: 1 + Math.floor(next() * 400) }, () => (next() < 0.5 ? 'a' : 'b')).join('');
      expect(nfa.test(value)).toBe(nfa.simulate(value));
    }
  });

  it('should read astral characters and lone surrogates as the simulation does', () => {
    const nfa = compileNfa(seq(rep(ANY_CODE_POINT, 0, null), ch('😀'), rep(ANY_CODE_POINT, 0, 1)));
    for (const value of ['😀', 'x😀', '😀😀', '\uD83D', '\uD83D\uDE00x', 'a\uDE00😀', 'ab', '']) {
      expect([value, nfa.test(value)]).toEqual([value, nfa.simulate(value)]);
    }
  });
});
