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

  test('agrees with the direct regex translation on random patterns and values', () => {
    const alphabet = fc.constantFrom('a', 'B', '/', '\\', '.', '*', '?', '[', ']', '{', '!', '(', ' ', 'é', '\n');
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
