import { describe, expect, it } from 'vitest';

import {
  anyOf,
  arithmetic,
  compareScalars,
  equalScalars,
  negate,
  not,
  parseDecimal,
  toText,
  toTri,
} from '../../src/event/index.js';

describe('three-valued logic', () => {
  it('should keep unknown unknown under not', () => {
    expect(not(null)).toBeNull();
    expect(not(true)).toBe(false);
  });

  it('should be true when any item is true, else null when any is null', () => {
    expect(anyOf([false, null, true], (v) => v)).toBe(true);
    expect(anyOf([false, null], (v) => v)).toBeNull();
    expect(anyOf([false, false], (v) => v)).toBe(false);
    expect(anyOf([], (v: boolean) => v)).toBe(false);
  });

  it('should read only booleans as truth values', () => {
    expect(toTri(true)).toBe(true);
    expect(toTri(undefined)).toBeNull();
    expect(toTri('true')).toBeNull();
    expect(toTri([false, true])).toBe(true);
  });
});

describe('compareScalars', () => {
  it('should compare with null as null', () => {
    expect(compareScalars(null, 1)).toBeNull();
    expect(compareScalars('a', null)).toBeNull();
    expect(equalScalars(null, null)).toBeNull();
  });

  it('should compare strings case-sensitively by code unit', () => {
    expect(compareScalars('System', 'system')).toBeLessThan(0);
    expect(equalScalars('a', 'A')).toBe(false);
    expect(equalScalars('a', 'A', { caseInsensitive: true })).toBe(true);
  });

  it('should compare integers and fractions numerically', () => {
    expect(equalScalars(1, 1.0)).toBe(true);
    expect(compareScalars(4, 4.5)).toBeLessThan(0);
  });

  it('should compare a number with a string that reads as a decimal numerically', () => {
    expect(equalScalars('5', 5)).toBe(true);
    expect(compareScalars(10, '9')).toBeGreaterThan(0);
    expect(equalScalars('abc', 5)).toBeNull();
    expect(equalScalars('', 0)).toBeNull();
  });

  it('should not mix booleans with other types', () => {
    expect(equalScalars(true, true)).toBe(true);
    expect(compareScalars(false, true)).toBeLessThan(0);
    expect(equalScalars(true, 1)).toBeNull();
    expect(equalScalars(true, 'true')).toBeNull();
  });

  it('should compare date fields as instants from ISO text or epoch milliseconds', () => {
    const type = 'date';
    expect(equalScalars(1504126053000, '2017-08-30T20:47:33Z', { type })).toBe(true);
    expect(equalScalars('2017-08-30T22:47:33+02:00', '2017-08-30T20:47:33Z', { type })).toBe(true);
    expect(compareScalars('2017-08-30', 1504126053000, { type })).toBeLessThan(0);
    expect(equalScalars('yesterday', 0, { type })).toBeNull();
  });

  it('should compare version fields in semantic-version order', () => {
    expect(compareScalars('1.5.0', '1.10.0', { type: 'version' })).toBeLessThan(0);
    expect(compareScalars('1.5.0', '1.10.0')).toBeGreaterThan(0);
    expect(compareScalars('1.0.0-beta', '1.0.0', { type: 'version' })).toBeLessThan(0);
  });

  it('should compare ip fields as addresses', () => {
    expect(equalScalars('::1', '0:0:0:0:0:0:0:1', { type: 'ip' })).toBe(true);
    expect(compareScalars('10.0.0.2', '10.0.0.10', { type: 'ip' })).toBeLessThan(0);
    expect(equalScalars('10.0.0.1', 'not an ip', { type: 'ip' })).toBeNull();
  });
});

describe('parseDecimal and toText', () => {
  it('should read decimal notation only', () => {
    expect(parseDecimal('-1.5')).toBe(-1.5);
    expect(parseDecimal('1e3')).toBe(1000);
    expect(parseDecimal('0x10')).toBeNull();
    expect(parseDecimal(' 5')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });

  it('should print scalars as text and keep null null', () => {
    expect(toText(5)).toBe('5');
    expect(toText(true)).toBe('true');
    expect(toText(null)).toBeNull();
  });
});

describe('arithmetic', () => {
  it('should truncate division when both operands are integers by type', () => {
    expect(arithmetic('/', 7, 2, true)).toBe(3);
    expect(arithmetic('/', -7, 2, true)).toBe(-3);
    expect(arithmetic('/', 7, 2, false)).toBe(3.5);
    expect(arithmetic('/', 7.5, 2, true)).toBe(3.75);
  });

  it('should give null for division or modulo by zero, nulls and non-numbers', () => {
    expect(arithmetic('/', 1, 0, true)).toBeNull();
    expect(arithmetic('%', 1, 0, false)).toBeNull();
    expect(arithmetic('+', null, 1, true)).toBeNull();
    expect(arithmetic('+', true, 1, true)).toBeNull();
    expect(arithmetic('+', 'abc', 1, true)).toBeNull();
  });

  it('should take a remainder with the sign of the dividend, like Java', () => {
    expect(arithmetic('%', -7, 3, true)).toBe(-1);
    expect(arithmetic('%', 82, 40, true)).toBe(2);
  });

  it('should read numeric strings as numbers', () => {
    expect(arithmetic('+', '41', 1, true)).toBe(42);
  });

  it('should negate numbers and keep null null', () => {
    expect(negate(5)).toBe(-5);
    expect(negate(null)).toBeNull();
    expect(Object.is(negate(0), -0)).toBe(false);
  });
});
