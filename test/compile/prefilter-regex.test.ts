import { describe, expect, test } from 'vitest';

import { regexLiterals } from '../../src/compile/prefilter-regex.js';
import { compileLuceneRegex } from '../../src/event/index.js';

const texts = (pattern: string, ci = false): string[] | null =>
  regexLiterals(pattern, ci)?.map((l) => l.text) ?? null;

describe('necessary literals of repeated characters and one-character classes', () => {
  test('a character that must repeat counts as often as it must', () => {
    expect(texts('.*[ ]{20,}.*')).toEqual([' '.repeat(20)]);
    expect(texts('a{3}')).toEqual(['aaa']);
    // Both runs are necessary; the longer one is kept.
    expect(texts('a[ ]{3,}b')).toEqual(['a   ']);
    expect(texts('x{100}')).toEqual(['x'.repeat(32)]);
    expect(texts('ab+c')).toEqual(['ab']);
  });

  test('a class of one plain character is that character; others are not', () => {
    expect(texts('[.]exe')).toEqual(['.exe']);
    expect(texts('[\\.]exe')).toEqual(['.exe']);
    expect(texts('[E]XE', true)).toEqual(['exe']);
    expect(texts('[\\d]x')).toEqual(['x']);
    expect(texts('[^a]')).toBeNull();
    expect(texts('[a-c]')).toBeNull();
    expect(texts('[ab]')).toBeNull();
    expect(texts('[-]')).toBeNull();
  });

  test('every value the regex matches holds a literal', () => {
    const cases: [string, boolean, string[]][] = [
      ['.*[ ]{20,}.*', false, [`cmd.exe /c${' '.repeat(20)}x`, ' '.repeat(25)]],
      ['a[ ]{3,}b', false, ['a   b', 'a      b']],
      ['[.]exe', false, ['.exe']],
      ['[E]XE', true, ['exe', 'EXE', 'eXe']],
      ['x{2,4}y', false, ['xxy', 'xxxxy']],
    ];
    for (const [pattern, ci, values] of cases) {
      const regex = compileLuceneRegex(pattern, ci);
      const literals = regexLiterals(pattern, ci)!;
      for (const value of values) {
        expect([pattern, value, regex.test(value)]).toEqual([pattern, value, true]);
        const folded = ci ? value.toLowerCase() : value;
        expect([pattern, value, literals.some((l) => folded.includes(l.text))]).toEqual([pattern, value, true]);
      }
    }
  });
});
