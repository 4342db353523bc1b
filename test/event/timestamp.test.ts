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

describe('toEpochMillis on the canonical form', () => {
  /** The general reader, as `toEpochMillis` reads a value it cannot take the short way. */
  const general = (text: string): number | null => toEpochMillis(` ${text}`);

  it('should read YYYY-MM-DDTHH:MM:SS.sssZ as the general reader does', () => {
    const two = (n: number): string => String(n).padStart(2, '0');
    const values: string[] = [];
    for (const year of ['0000', '0099', '0100', '1969', '1970', '2000', '2024', '2026', '9999']) {
      for (const [month, day] of [[1, 1], [2, 28], [2, 29], [2, 30], [4, 31], [12, 31], [13, 1], [0, 5], [6, 0]]) {
        for (const time of ['00:00:00.000', '23:59:59.999', '24:00:00.000', '12:60:00.000', '12:00:60.000', '12:3a:00.000']) {
          values.push(`${year}-${two(month!)}-${two(day!)}T${time}Z`);
        }
      }
    }
    for (const text of values) expect([text, toEpochMillis(text)]).toEqual([text, general(text)]);
    // Other spellings of the same instant take the general way and agree.
    expect(toEpochMillis('2026-03-02T08:00:00.024Z')).toBe(Date.UTC(2026, 2, 2, 8, 0, 0, 24));
    expect(toEpochMillis('2026-03-02t08:00:00.024z')).toBe(Date.UTC(2026, 2, 2, 8, 0, 0, 24));
    expect(toEpochMillis('2026-03-02 08:00:00.024Z')).toBe(Date.UTC(2026, 2, 2, 8, 0, 0, 24));
  });
});
