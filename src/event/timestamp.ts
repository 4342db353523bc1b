/**
 * Instants as epoch milliseconds.
 *
 * Date fields compare as instants: `@timestamp == "2017-08-30T20:47:33Z"` and
 * `@timestamp > 1516116808349` both hold for the right events whether the event stores ISO
 * text or epoch milliseconds. Text without a zone is UTC, as Elasticsearch assumes by default
 * (JavaScript's own `Date.parse` would take it as local time, which is why it is not used
 * alone).
 */
import type { Scalar } from '../query/ast.js';

// Calendar date, optional time (minutes, seconds, fraction of any length), optional zone.
const ISO_8601 = new RegExp(
  '^([+-]?\\d{4,6})-(\\d{2})-(\\d{2})' +
    '(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?' +
    '\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?$',
  'i',
);

const INTEGER = /^[+-]?\d+$/;

/**
 * Converts a date value to epoch milliseconds, or null when it is not a date.
 *
 * Numbers are epoch milliseconds already; strings are ISO-8601 (date, or date and time, with
 * an optional fraction and zone) or all digits (epoch milliseconds, as Elasticsearch's default
 * `strict_date_optional_time||epoch_millis` format reads them). Fractions below a millisecond
 * are truncated, numbers' included.
 *
 * @example toEpochMillis('1970-01-01T00:00:01.5Z') // 1500
 * @example toEpochMillis('2017-08-30') // 1504051200000
 */
export function toEpochMillis(value: Scalar | undefined): number | null {
  // Date fields hold whole milliseconds: a fraction is dropped, as Elasticsearch indexes it.
  if (typeof value === 'number') return Number.isFinite(value) ? Math.floor(value) : null;
  if (typeof value !== 'string') return null;
  if (value.length === 24) {
    const fast = canonicalMillis(value);
    if (fast !== null) return fast;
  }

  const text = value.trim();
  if (INTEGER.test(text)) return Number(text);

  const m = ISO_8601.exec(text);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 24 || minute > 59 || second > 60) return null;

  const millis = Number((fraction + '000').slice(0, 3));
  // Date.UTC maps years 0..99 to 1900..1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  return date.getTime() - zoneOffsetMillis(zone);
}

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, the form telemetry writes (`Date#toISOString`), read without a
 * regex or a `Date`; null for anything else (another form, a year below 100, which `Date.UTC`
 * would move, a time that rolls over, a date that does not exist), which the general reader
 * then reads or refuses.
 */
function canonicalMillis(t: string): number | null {
  if (
    t.charCodeAt(4) !== 0x2d || t.charCodeAt(7) !== 0x2d || t.charCodeAt(10) !== 0x54 ||
    t.charCodeAt(13) !== 0x3a || t.charCodeAt(16) !== 0x3a || t.charCodeAt(19) !== 0x2e ||
    t.charCodeAt(23) !== 0x5a
  ) {
    return null;
  }
  const year = digits(t, 0, 4);
  const month = digits(t, 5, 2);
  const day = digits(t, 8, 2);
  const hour = digits(t, 11, 2);
  const minute = digits(t, 14, 2);
  const second = digits(t, 17, 2);
  const millis = digits(t, 20, 3);
  if (year < 100 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || millis < 0) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  // Hour 24 and second 60 roll over, which the general reader does its own way.
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis);
}

/** The decimal number `t[from, from + n)` spells, or -1 when a character is not a digit. */
function digits(t: string, from: number, n: number): number {
  let value = 0;
  for (let i = from; i < from + n; i++) {
    const d = t.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

function zoneOffsetMillis(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}
