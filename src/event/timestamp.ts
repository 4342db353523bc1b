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
