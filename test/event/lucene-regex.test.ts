import { describe, expect, it } from 'vitest';

import { EqlError } from '../../src/errors.js';
import { compileLuceneRegex, translateLuceneRegex } from '../../src/event/index.js';

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
    expect(match('\\d', 'd')).toBe(true);
    expect(match('\\d', '5')).toBe(false);
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

  it('should reject repetition the linear-time engine cannot run', () => {
    expect(() => compileLuceneRegex('a{1,100}', false)).toThrow(/cannot be matched in linear time/);
  });

  it('should match a pathological pattern over a long input in linear time', () => {
    const started = performance.now();
    expect(match('(a+)+b', 'a'.repeat(100_000))).toBe(false);
    expect(match('(a|aa)+c', 'a'.repeat(100_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
