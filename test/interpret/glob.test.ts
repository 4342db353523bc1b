import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { compileWildcard } from '../../src/event/index.js';
import { globMatch } from '../../src/interpret/glob.js';

describe('wildcards through picomatch', () => {
  test.each([
    ['*', '', true],
    ['*', '.', true],
    ['*', '..', true],
    ['?', '', false],
    ['a*', 'a/b/c', true],
    ['a?c', 'a/c', true],
    ['a?c', 'a.c', true],
    ['*\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe', true],
    ['C:\\Windows\\*', 'C:\\Windows\\x', true],
    ['C:\\Windows\\*', 'C:/Windows/x', false],
    ['[x]*', '[x]y', true],
    ['[x]*', 'xy', false],
    ['{a,b}', 'a', false],
    ['{a,b}', '{a,b}', true],
    ['!a', '!a', true],
    ['!a', 'b', false],
    ['+(a)', '+(a)', true],
    ['@(a)', 'a', false],
    ['a*', 'a\nline two', true],
    ['*/../*', 'x/../y', true],
    ['.*', '.bashrc', true],
    ['', '', true],
    ['', 'a', false],
  ])('pattern %j on %j is %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value, false)).toBe(expected);
  });

  test('case-insensitive matching folds both sides', () => {
    expect(globMatch('*\\CMD.exe', 'c:\\windows\\cmd.EXE', true)).toBe(true);
    expect(globMatch('*\\CMD.exe', 'c:\\windows\\cmd.EXE', false)).toBe(false);
  });

  test.each([
    ['?', '😀', true],
    ['??', '😀', false],
    ['?', '\uD83D', true],
    ['??', '\uDE00\uD83D', true],
    ['a?b', 'a\uDE00b', true],
    ['*\uD83D', '😀', false],
    ['*\uD83D', 'x\uD83D', true],
    ['😀*', '😀\uD83D', true],
  ])('pattern %j on %j is %s by code point, in both matchers', (pattern, value, expected) => {
    expect(globMatch(pattern, value, false)).toBe(expected);
    expect(compileWildcard(pattern, false).test(value)).toBe(expected);
    expect(compileWildcard(pattern, true).test(value)).toBe(expected);
  });

  test('agrees with the direct regex translation on random patterns and values', () => {
    // An emoji and lone surrogates too: two lone halves side by side make a pair again.
    const alphabet = fc.constantFrom(
      ...['a', 'B', '/', '\\', '.', '*', '?', '[', ']', '{', '!', '(', ' ', 'é', '\n'],
      ...['😀', '\uD83D', '\uDE00', '\uD800'],
    );
    const text = fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(text, text, fc.boolean(), (pattern, value, ci) => {
        const plain = value.replace(/[*?]/g, 'x');
        expect(globMatch(pattern, plain, ci)).toBe(compileWildcard(pattern, ci).test(plain));
      }),
      { numRuns: 3000 },
    );
  });
});
