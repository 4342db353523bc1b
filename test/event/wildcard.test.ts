import { describe, expect, it } from 'vitest';

import { compileWildcard } from '../../src/event/index.js';

const match = (pattern: string, value: string, ci = false): boolean =>
  compileWildcard(pattern, ci).test(value);

describe('compileWildcard', () => {
  it('should match * across any run of characters, slashes and backslashes included', () => {
    expect(match('*\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe')).toBe(true);
    expect(match('/usr/*/python', '/usr/local/bin/python')).toBe(true);
    expect(match('a*b', 'ab')).toBe(true);
    expect(match('*', '')).toBe(true);
    expect(match('a*', 'a/../b')).toBe(true);
  });

  it('should match ? as exactly one character, a slash or a surrogate pair included', () => {
    expect(match('a?c', 'abc')).toBe(true);
    expect(match('a?c', 'a/c')).toBe(true);
    expect(match('a?c', 'a\\c')).toBe(true);
    expect(match('a?c', 'ac')).toBe(false);
    expect(match('a?c', 'a😀c')).toBe(true);
  });

  it('should anchor the pattern to the whole value', () => {
    expect(match('cmd', 'cmd.exe')).toBe(false);
    expect(match('*.exe', 'cmd.exe.bak')).toBe(false);
  });

  it('should treat a backslash as a literal character, never an escape', () => {
    expect(match('C:\\Windows\\*', 'C:\\Windows\\notepad.exe')).toBe(true);
    expect(match('a\\*', 'a\\xyz')).toBe(true);
    expect(match('a\\*', 'a*')).toBe(false);
  });

  it('should treat other glob characters literally', () => {
    expect(match('[ab]', '[ab]')).toBe(true);
    expect(match('[ab]', 'a')).toBe(false);
    expect(match('{a,b}', '{a,b}')).toBe(true);
    expect(match('{a,b}', 'a')).toBe(false);
    expect(match('!x*', '!xyz')).toBe(true);
    expect(match('!x*', 'abc')).toBe(false);
    expect(match('+(a)', '+(a)')).toBe(true);
    expect(match('@(a)', '@(a)')).toBe(true);
    expect(match('a|b', 'a|b')).toBe(true);
    expect(match('^$.', '^$.')).toBe(true);
  });

  it('should match leading dots and dot segments like any other character', () => {
    expect(match('*', '.hidden')).toBe(true);
    expect(match('*', '..')).toBe(true);
    expect(match('*.exe', '.exe')).toBe(true);
    expect(match('?', '.')).toBe(true);
  });

  it('should match newlines with * and ?', () => {
    expect(match('a*b', 'a\nb')).toBe(true);
    expect(match('a?b', 'a\nb')).toBe(true);
  });

  it('should fold case only when case-insensitive', () => {
    expect(match('*\\CMD.exe', 'c:\\windows\\cmd.EXE')).toBe(false);
    expect(match('*\\CMD.exe', 'c:\\windows\\cmd.EXE', true)).toBe(true);
    expect(match('straße', 'STRASSE', true)).toBe(false);
  });

  it('should return the same compiled matcher for the same pattern', () => {
    expect(compileWildcard('x*', true)).toBe(compileWildcard('x*', true));
    expect(compileWildcard('x*', true)).not.toBe(compileWildcard('x*', false));
  });

  it('should match many stars over a long value in linear time', () => {
    const started = performance.now();
    expect(match('*a*a*a*a*a*a*a*b', 'a'.repeat(100_000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
