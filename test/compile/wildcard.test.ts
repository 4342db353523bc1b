import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import {
  compileInList,
  compilePatternSet,
  describeReduction,
  reducePattern,
  reductionTest,
} from '../../src/compile/index.js';
import { globMatch } from '../../src/interpret/glob.js';

const kind = (pattern: string): string => reducePattern(pattern).kind;

describe('single patterns reduce to the cheapest exact test', () => {
  test('a pattern without wildcards becomes an equality', () => {
    expect(reducePattern('cmd.exe')).toEqual({ kind: 'exact', text: 'cmd.exe' });
    expect(reducePattern('')).toEqual({ kind: 'exact', text: '' });
  });

  test('trailing, leading and surrounding stars become prefix, suffix and contains tests', () => {
    expect(reducePattern('c:\\windows\\*')).toEqual({ kind: 'prefix', text: 'c:\\windows\\' });
    expect(reducePattern('*\\cmd.exe')).toEqual({ kind: 'suffix', text: '\\cmd.exe' });
    expect(reducePattern('*mimikatz*')).toEqual({ kind: 'contains', text: 'mimikatz' });
    expect(reducePattern('**a**')).toEqual({ kind: 'contains', text: 'a' });
  });

  test('stars alone match any value, the empty one included', () => {
    expect(kind('*')).toBe('any');
    expect(kind('***')).toBe('any');
    expect(reductionTest(reducePattern('*'))('')).toBe(true);
  });

  test('one inner star becomes prefix and suffix with a length check', () => {
    const r = reducePattern('ab*ba');
    expect(r).toEqual({ kind: 'prefix-suffix', prefix: 'ab', suffix: 'ba' });
    const t = reductionTest(r);
    expect(t('abba')).toBe(true);
    expect(t('aba')).toBe(false); // prefix and suffix may not overlap
    expect(t('ab--ba')).toBe(true);
  });

  test('several stars become an ordered indexOf chain', () => {
    const r = reducePattern('/users/*/library/keychains/*');
    expect(r).toEqual({ kind: 'chain', prefix: '/users/', middle: ['/library/keychains/'], suffix: '' });
    expect(describeReduction(r)).toBe('prefix "/users/" then contains "/library/keychains/"');
    const t = reductionTest(reducePattern('*a*b*c*'));
    expect(t('xaxbxcx')).toBe(true);
    expect(t('cba')).toBe(false);
    const s = reductionTest(reducePattern('a*b*b'));
    expect(s('ab')).toBe(false); // the middle run may not reuse the suffix
    expect(s('abb')).toBe(true);
  });

  test('? becomes a segment matcher that counts code points', () => {
    const r = reducePattern('?:\\windows\\*.exe');
    expect(r.kind).toBe('segments');
    const t = reductionTest(r);
    expect(t('c:\\windows\\cmd.exe')).toBe(true);
    expect(t('😀:\\windows\\cmd.exe')).toBe(true); // a surrogate pair is one character
    expect(t(':\\windows\\cmd.exe')).toBe(false);
    expect(reductionTest(reducePattern('??'))('😀')).toBe(false);
    expect(reductionTest(reducePattern('?'))('😀')).toBe(true);
  });

  test('a lone surrogate in the pattern is left to the reference matcher', () => {
    expect(kind('*\uDE00')).toBe('glob');
    expect(reductionTest(reducePattern('*\uDE00'))('x😀')).toBe(globMatch('*\uDE00', 'x😀', false));
  });

  test('a pathological ? pattern on a long value runs in linear-ish time', () => {
    const t = reductionTest(reducePattern('*a?a?a?a?a*a?a?a?a?b*'));
    const value = 'a'.repeat(50_000);
    const started = performance.now();
    expect(t(value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

// An alphabet that exercises the corners: wildcards, case, punctuation, astral characters.
const CHARS = ['a', 'B', 'b', '*', '?', '.', '\\', '/', 'İ', '😀', '\uD83D', '\uDE00', ' '];
const text = (max: number) =>
  fc.array(fc.constantFrom(...CHARS), { maxLength: max }).map((cs) => cs.join(''));

describe('reductions agree with the reference glob matcher', () => {
  test('on random patterns and values, case-sensitive and folded', () => {
    fc.assert(
      fc.property(text(7), text(10), fc.boolean(), (pattern, value, ci) => {
        const folded = ci ? pattern.toLowerCase() : pattern;
        const got = reductionTest(reducePattern(folded))(ci ? value.toLowerCase() : value);
        expect(got).toBe(globMatch(pattern, value, ci));
      }),
      { numRuns: 4_000 },
    );
  });

  test('values built from the pattern match as the reference says', () => {
    fc.assert(
      fc.property(text(6), fc.array(text(3), { minLength: 8, maxLength: 8 }), (pattern, fills) => {
        let i = 0;
        const value = [...pattern].map((ch) => (ch === '*' ? fills[i++ % 8] : ch === '?' ? 'x' : ch)).join('');
        expect(reductionTest(reducePattern(pattern))(value)).toBe(globMatch(pattern, value, false));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('pattern lists reduce as a whole', () => {
  test('exact values, prefixes, suffixes and infixes go into Sets, tries and an automaton', () => {
    const patterns = [
      ...Array.from({ length: 20 }, (_, i) => `exact${i}.exe`),
      ...Array.from({ length: 10 }, (_, i) => `c:\\dir${i}\\*`),
      ...Array.from({ length: 10 }, (_, i) => `*\\tool${i}.exe`),
      ...Array.from({ length: 12 }, (_, i) => `*needle${i}*`),
      '?:\\windows\\system32\\*',
      'a*b*c',
    ];
    const set = compilePatternSet(patterns, true);
    expect(set.structure).toEqual([
      '20 exact values in a Set',
      '10 prefixes in a trie',
      '10 suffixes in a reversed trie',
      '12 infixes in an Aho-Corasick automaton',
      'skip 1 code point, then:',
      '  prefix ":\\\\windows\\\\system32\\\\"',
      'prefix "a" then contains "b" then suffix "c"',
    ]);
    const values = ['EXACT3.exe', 'c:\\DIR9\\x', 'd:\\x\\tool4.EXE', '--needle11--', 'D:\\Windows\\System32\\x', 'abc', 'exact', 'c:\\dir', 'needle', 'xbc'];
    for (const v of values) {
      const want = patterns.some((p) => globMatch(p, v, true));
      expect([v, set.test(v.toLowerCase())]).toEqual([v, want]);
    }
  });

  test('random lists agree with testing each pattern alone', () => {
    fc.assert(
      fc.property(fc.array(text(5), { maxLength: 30 }), text(8), fc.boolean(), (patterns, value, ci) => {
        const set = compilePatternSet(patterns, ci);
        const want = patterns.some((p) => globMatch(p, value, ci));
        expect(set.test(ci ? value.toLowerCase() : value)).toBe(want);
      }),
      { numRuns: 1_500 },
    );
  });

  test('the largest Elastic list shape (thousands of exact names) is one Set lookup', () => {
    const names = Array.from({ length: 2_609 }, (_, i) => `lib${i}.dll`);
    const set = compilePatternSet(names, true);
    expect(set.structure).toEqual(['2609 exact values in a Set']);
    expect(set.test('lib2608.dll')).toBe(true);
    expect(set.test('lib2609.dll')).toBe(false);
  });
});

describe('in lists', () => {
  test('strings only: a Set, and the fast path may trust it', () => {
    const list = compileInList(['a', 'B'], true, undefined);
    expect(list.strings).toEqual(new Set(['a', 'b']));
    expect(list.test('b')).toBe(true);
    expect(list.test(5)).toBe(null); // 5 against a non-numeric string is unknown
  });

  test('mixed candidates keep the third value of the reference', () => {
    const list = compileInList(['a', true, 5, '7', null], false, undefined);
    expect(list.strings).toBe(null);
    expect(list.test('a')).toBe(true);
    expect(list.test('c')).toBe(null); // 'c' against true and 5 is unknown
    expect(list.test('5')).toBe(true); // a decimal string equals the number
    expect(list.test(7)).toBe(true); // and a number equals a decimal string
    expect(list.test(null)).toBe(true);
    expect(list.test(false)).toBe(null);
    expect(compileInList([1, 2], false, undefined).test(3)).toBe(false);
  });
});
