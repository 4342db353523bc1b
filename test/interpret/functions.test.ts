import { describe, expect, it } from 'vitest';

import { EqlError } from '../../src/errors.js';
import { createSchema } from '../../src/event/index.js';
import { evaluate } from '../../src/interpret/index.js';
import { parseExpression } from '../../src/query/index.js';

const value = (text: string, event: object = {}) =>
  evaluate(parseExpression(text), event, { schema: createSchema() });

describe('string functions', () => {
  it('should cut between two markers, lazily unless greedy', () => {
    const path = { p: 'C:\\Windows\\System32\\cmd.exe' };
    expect(value('between(p, "System32\\\\", ".exe")', path)).toBe('cmd');
    expect(value('between(p, "system32\\\\", ".exe")', path)).toBe('');
    expect(value('between~(p, "system32\\\\", ".exe")', path)).toBe('cmd');
    expect(value('between("a.b.c.d", ".", ".")')).toBe('b');
    expect(value('between("a.b.c.d", ".", ".", true)')).toBe('b.c');
    expect(value('between("abc", "b", "a", true)')).toBe('');
    expect(value('between(x, "a", "b")')).toBeNull();
  });

  it('should concatenate text forms, and be null when any argument is null', () => {
    expect(value('concat("a", 1, true)')).toBe('a1true');
    expect(value('concat("a", x)')).toBeNull();
  });

  it('should test prefixes, suffixes and substrings with the case rule of the call', () => {
    expect(value('startsWith("Explorer.exe", "explorer")')).toBe(false);
    expect(value('startsWith~("Explorer.exe", "explorer")')).toBe(true);
    expect(value('endsWith~("Explorer.EXE", ".exe")')).toBe(true);
    expect(value('stringContains("abc", "B")')).toBe(false);
    expect(value('stringContains~("abc", "B")')).toBe(true);
    expect(value('endsWith(x, "a")')).toBeNull();
  });

  it('should find the first index at or after start, or null', () => {
    expect(value('indexOf("explorer.exe", "plore")')).toBe(2);
    expect(value('indexOf("explorer.exe", "e", 1)')).toBe(6);
    expect(value('indexOf("explorer.exe", "plore", 100)')).toBeNull();
    expect(value('indexOf("explorer.exe", "x", -5)')).toBe(1);
    expect(value('indexOf~("EXPLORER.exe", "plore")')).toBe(2);
    expect(value('indexOf("abc", "z")')).toBeNull();
  });

  it('should measure length in UTF-16 code units, as Java does', () => {
    expect(value('length("abc")')).toBe(3);
    expect(value('length("")')).toBe(0);
    expect(value('length(x)')).toBeNull();
  });

  it('should slice substrings with Python semantics', () => {
    expect(value('substring("explorer.exe", 0, 4)')).toBe('expl');
    expect(value('substring("explorer.exe", -4)')).toBe('.exe');
    expect(value('substring("explorer.exe", -4, -1)')).toBe('.ex');
    expect(value('substring("abc", 5)')).toBe('');
    expect(value('substring("abc", -10, 2)')).toBe('ab');
    expect(value('substring("abc", 2, 1)')).toBe('');
  });

  it('should convert to text and to numbers', () => {
    expect(value('string(5)')).toBe('5');
    expect(value('string(x)')).toBeNull();
    expect(value('number("5")')).toBe(5);
    expect(value('number("-1.5")')).toBe(-1.5);
    expect(value('number("0x32", 16)')).toBe(50);
    expect(value('number("0x32")')).toBe(50);
    expect(value('number("32", 16)')).toBe(50);
    expect(value('number("-101", 2)')).toBe(-5);
    expect(value('number("12", 2)')).toBeNull();
    expect(value('number("abc")')).toBeNull();
    expect(value('number(x)')).toBeNull();
  });
});

describe('math functions', () => {
  it('should match the arithmetic operators, integer division included', () => {
    expect(value('add(4, 0.5)')).toBe(4.5);
    expect(value('subtract(1, -5)')).toBe(6);
    expect(value('multiply(6, 5)')).toBe(30);
    expect(value('divide(30, 4)')).toBe(7);
    expect(value('divide(30, 4.0)')).toBe(7.5);
    expect(value('modulo(11, 4)')).toBe(3);
  });

  it('should be null on null arguments and division by zero', () => {
    expect(value('add(null, 4)')).toBeNull();
    expect(value('divide(1, 0)')).toBeNull();
  });
});

describe('cidrMatch', () => {
  it('should match IPv4 and IPv6 addresses against any of the blocks', () => {
    expect(value('cidrMatch(ip, "10.0.0.0/8")', { ip: '10.6.48.157' })).toBe(true);
    expect(value('cidrMatch(ip, "192.168.0.0/16", "10.0.0.0/8")', { ip: '10.1.1.1' })).toBe(true);
    expect(value('cidrMatch(ip, "192.168.0.0/16")', { ip: '10.1.1.1' })).toBe(false);
    expect(value('cidrMatch(ip, "2001:db8::/32")', { ip: '2001:db8::5' })).toBe(true);
  });

  it('should be null for a missing or unreadable address', () => {
    expect(value('cidrMatch(ip, "10.0.0.0/8")')).toBeNull();
    expect(value('cidrMatch(ip, "10.0.0.0/8")', { ip: 'host' })).toBeNull();
  });

  it('should reject a malformed block', () => {
    expect(() => value('cidrMatch(ip, "10.0.0.0/99")', { ip: '10.0.0.1' })).toThrow(EqlError);
  });
});
