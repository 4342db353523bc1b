import { describe, expect, it } from 'vitest';

import { toEpochMillis } from '../../src/event/index.js';

describe('toEpochMillis', () => {
  it('should read ISO-8601 date-times with a zone', () => {
    expect(toEpochMillis('2017-08-30T20:47:33Z')).toBe(Date.UTC(2017, 7, 30, 20, 47, 33));
    expect(toEpochMillis('2017-08-30T22:47:33+02:00')).toBe(Date.UTC(2017, 7, 30, 20, 47, 33));
    expect(toEpochMillis('2017-08-30T15:17:33-0530')).toBe(Date.UTC(2017, 7, 30, 20, 47, 33));
  });

  it('should read text without a zone as UTC, not local time', () => {
    expect(toEpochMillis('2017-08-30T20:47:33')).toBe(Date.UTC(2017, 7, 30, 20, 47, 33));
    expect(toEpochMillis('2017-08-30')).toBe(Date.UTC(2017, 7, 30));
  });

  it('should truncate fractions below a millisecond', () => {
    expect(toEpochMillis('1970-01-01T00:00:01.5Z')).toBe(1500);
    expect(toEpochMillis('1970-01-01T00:00:00.123456789Z')).toBe(123);
    expect(toEpochMillis(1516116808349.4375)).toBe(1516116808349);
  });

  it('should read numbers and digit strings as epoch milliseconds', () => {
    expect(toEpochMillis(1516116808349)).toBe(1516116808349);
    expect(toEpochMillis('100')).toBe(100);
  });

  it('should reject what is not a date', () => {
    expect(toEpochMillis('2017-02-30')).toBeNull();
    expect(toEpochMillis('2017-13-01')).toBeNull();
    expect(toEpochMillis('Aug 30 2017')).toBeNull();
    expect(toEpochMillis(null)).toBeNull();
    expect(toEpochMillis(true)).toBeNull();
  });

  it('should read years before 100 as written', () => {
    expect(new Date(toEpochMillis('0050-01-01T00:00:00Z') ?? 0).getUTCFullYear()).toBe(50);
  });
});
