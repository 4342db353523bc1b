import { describe, expect, it } from 'vitest';

import { EqlError } from '../../src/errors.js';
import {
  compileLuceneRegex,
  MAX_NFA_STATES,
  parseLuceneRegex,
  translateLuceneRegex,
} from '../../src/event/index.js';
import { tryLinearRegExp } from '../../src/event/linear-regexp.js';
import { compileNfa } from '../../src/event/regex-nfa.js';

const match = (pattern: string, value: string, ci = false): boolean =>
  compileLuceneRegex(pattern, ci).test(value);

const errorOf = (pattern: string): EqlError => {
  try {
    translateLuceneRegex(pattern, false);
  } catch (error) {
    if (error instanceof EqlError) return error;
  }
  throw new Error(`no EqlError for ${pattern}`);
};

describe('Lucene regular expressions', () => {
  it('should anchor the pattern to the whole value', () => {
    expect(match('cmd', 'cmd.exe')).toBe(false);
    expect(match('cmd.*', 'cmd.exe')).toBe(true);
    expect(match('.*exe', 'cmd.exe')).toBe(true);
  });

  it('should support . * + ? and bounded repetition', () => {
    expect(match('a.c', 'abc')).toBe(true);
    expect(match('a.c', 'a\nc')).toBe(true);
    expect(match('ab*c', 'ac')).toBe(true);
    expect(match('ab+c', 'ac')).toBe(false);
    expect(match('ab?c', 'abc')).toBe(true);
    expect(match('a{2}', 'aa')).toBe(true);
    expect(match('a{2,}', 'aaaa')).toBe(true);
    expect(match('a{2,3}', 'aaaa')).toBe(false);
    expect(match('(ab){1,2}', 'abab')).toBe(true);
  });

  it('should stack repetition operators as Lucene does, never lazily', () => {
    expect(translateLuceneRegex('a+?', false)).toBe('^(?:(?:(?:a)+)?)$');
    expect(match('a+?', '')).toBe(true);
    expect(match('a+?', 'aaa')).toBe(true);
  });

  it('should support alternation, groups and empty groups', () => {
    expect(match('cmd|powershell', 'powershell')).toBe(true);
    expect(match('(cmd|pwsh)\\.exe', 'pwsh.exe')).toBe(true);
    expect(match('a()b', 'ab')).toBe(true);
  });

  it('should support character classes, ranges and negation', () => {
    expect(match('[a-c]+', 'abcabc')).toBe(true);
    expect(match('[a-c]+', 'abcd')).toBe(false);
    expect(match('[^a-c]', 'd')).toBe(true);
    expect(match('[^a-c]', 'b')).toBe(false);
    expect(match('[\\]x]', ']')).toBe(true);
    expect(match('[a-]', '-')).toBe(true);
    expect(match('[.]', 'x')).toBe(false);
  });

  it('should read quoted strings and backslash escapes literally', () => {
    expect(match('"a.b*"', 'a.b*')).toBe(true);
    expect(match('"a.b*"', 'axb')).toBe(false);
    expect(match('a\\.b', 'a.b')).toBe(true);
    expect(match('a\\.b', 'axb')).toBe(false);
    expect(match('C:\\\\Windows', 'C:\\Windows')).toBe(true);
  });

  it('should read characters special in JavaScript but not in Lucene literally', () => {
    expect(match('^a$', '^a$')).toBe(true);
    expect(match('a/b', 'a/b')).toBe(true);
    expect(match('\\q', 'q')).toBe(true);
    expect(match('\\.', 'x')).toBe(false);
  });

  it('should support @ as any string and # as the empty language', () => {
    expect(match('cmd@', 'cmd.exe')).toBe(true);
    expect(match('@', '')).toBe(true);
    expect(match('#', '')).toBe(false);
    expect(match('a|#', 'a')).toBe(true);
  });

  it('should fold case for regex~ by expanding letters and ranges into classes', () => {
    expect(match('cmd\\.exe', 'CMD.EXE', true)).toBe(true);
    expect(match('cmd\\.exe', 'CMD.EXE', false)).toBe(false);
    expect(match('[a-c]+', 'ABC', true)).toBe(true);
    expect(match('[^a-c]', 'B', true)).toBe(false);
    expect(match('"Quoted"', 'qUOTED', true)).toBe(true);
  });

  it('should reject complement, intersection and intervals as unsupported', () => {
    expect(errorOf('~a').code).toBe('unsupported');
    expect(errorOf('a&b').code).toBe('unsupported');
    expect(errorOf('<1-10>').code).toBe('unsupported');
    expect(errorOf('a&b').message).toBe(
      `Intersection '&' is not supported at position 1 of regular expression "a&b"`,
    );
  });

  it('should reject malformed patterns with a syntax error', () => {
    expect(errorOf('(ab').code).toBe('syntax');
    expect(errorOf('[ab').code).toBe('syntax');
    expect(errorOf('[]').code).toBe('syntax');
    expect(errorOf('[z-a]').code).toBe('syntax');
    expect(errorOf('a{3,1}').code).toBe('syntax');
    expect(errorOf('"open').code).toBe('syntax');
    expect(errorOf('ab)').message).toBe(
      `Unexpected ')' at position 2 of regular expression "ab)"`,
    );
  });

  it('should run repetition V8 refuses on the automaton', () => {
    const regex = compileLuceneRegex('a{1,100}', false);
    expect(regex.engine).toBe('nfa');
    expect(regex.states).toBe(200);
    expect(regex.test('a'.repeat(100))).toBe(true);
    expect(regex.test('a'.repeat(101))).toBe(false);
    expect(regex.test('')).toBe(false);
    expect(compileLuceneRegex('(a|bc){1,20}', false).test('abcbca')).toBe(true);
    expect(compileLuceneRegex('(a|bc){1,20}', false).test('abcbcb')).toBe(false);
    expect(compileLuceneRegex('a{1,3}', false).engine).toBe('v8-linear');
  });

  it('should refuse, when compiled, a pattern whose automaton is too large', () => {
    const error = errorOf('(a{1000}){1000}');
    expect(error.code).toBe('unsupported');
    expect(error.message).toBe(
      'Regular expression "(a{1000}){1000}" is too large: its repetitions expand to 1000001 ' +
        `automaton states, over the limit of ${MAX_NFA_STATES}`,
    );
    expect(() => compileLuceneRegex('.{99999999999}', false)).toThrow(/too large/);
    expect(compileLuceneRegex('a{49999}', false).engine).toBe('nfa');
  });

  it('should read a surrogate pair as one character, never half of one', () => {
    expect(match('.', '😀')).toBe(true);
    expect(match('..', '😀')).toBe(false);
    expect(match('a?b?', '😀')).toBe(false);
    expect(match('[^a]', '😀')).toBe(true);
    expect(match('[^a][^a]', '😀')).toBe(false);
    expect(match('@.', 'x😀')).toBe(true);
    expect(match('@..', 'x😀')).toBe(true);
    expect(match('@...', 'x😀')).toBe(false);
    expect(match('😀+', '😀😀')).toBe(true);
    expect(match('[😀-🙏]', '🙂')).toBe(true);
    expect(match('[😀-🙏]', '🚀')).toBe(false);
    expect(match('[^😀-🙏]', '🚀')).toBe(true);
    expect(match('.{20}', '😀'.repeat(20))).toBe(true);
    expect(match('.{20}', '😀'.repeat(10))).toBe(false);
  });

  it('should read a lone surrogate as one character of its own', () => {
    expect(match('.', '\uD83D')).toBe(true);
    expect(match('a.b', 'a\uDE00b')).toBe(true);
    expect(match('..', '\uDE00\uD83D')).toBe(true);
    expect(match('.', '\uDE00\uD83D')).toBe(false);
    expect(match('[^a]', '\uD83D')).toBe(true);
    expect(match('a', '\uD83D')).toBe(false);
    // A lone surrogate in the pattern matches only a lone surrogate in the value.
    expect(match('\uD83D@', '😀')).toBe(false);
    expect(match('\uD83D@', '\uD83Dx')).toBe(true);
    expect(match('.{1,50}', 'x\uD83D')).toBe(true);
    expect(compileLuceneRegex('.{1,50}', false).engine).toBe('nfa');
  });

  it('should fold case identically on both engines', () => {
    for (const pattern of ['cmd\\.exe', '[a-c]+', '[^a-c]', 'é{1,4}', 'ǅ', '[ǅ-ǈ]']) {
      const v8 = tryLinearRegExp(translateLuceneRegex(pattern, true))!;
      const nfa = compileNfa(parseLuceneRegex(pattern, true));
      const values = ['CMD.EXE', 'Cmd.exe', 'ABC', 'b', 'B', 'd', 'É', 'éÉ', 'ǆ', 'Ǆ', 'ǅ'];
      for (const value of values) {
        expect([pattern, value, nfa.test(value)]).toEqual([pattern, value, v8.test(value)]);
      }
    }
    expect(match('ǅ', 'ǆ', true)).toBe(true);
    expect(match('straße', 'STRASSE', true)).toBe(false);
  });

  it('should match a pathological pattern over a long input in linear time', () => {
    const started = performance.now();
    expect(match('(a+)+b', 'a'.repeat(100_000))).toBe(false);
    expect(match('(a|aa)+c', 'a'.repeat(100_000))).toBe(false);
    expect(match('(a+)+b{1,30}', 'a'.repeat(100_000))).toBe(false);
    expect(match('(.*a){1,40}', 'a'.repeat(100_000))).toBe(true);
    expect(match('(.*a){1,40}', 'a'.repeat(100_000) + 'b')).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
