/**
 * JSON text building blocks: string encoding, arrays, `\uXXXX` letter escapes and a fast
 * ISO-8601 timestamp formatter.
 *
 * Events are assembled by concatenating pre-encoded JSON fragments, which is several times
 * faster than building objects and calling `JSON.stringify` per event.
 */

/** JSON text of a string value (quotes included). */
export function str(value: string): string {
  return JSON.stringify(value);
}

/** JSON text of an array of strings. */
export function strArray(values: readonly string[]): string {
  return JSON.stringify(values);
}

/** `\uXXXX` for one character, with uppercase or lowercase hex digits. */
export function unicodeEscape(ch: string, upper = false): string {
  const hex = ch.charCodeAt(0).toString(16).padStart(4, '0');
  return '\\u' + (upper ? hex.toUpperCase() : hex);
}

/**
 * Replaces every occurrence of `needle` (raw JSON text inside string values) by the same text
 * with the character at `at` written as a `\uXXXX` escape. The result decodes to the same JSON
 * value, yet no longer contains `needle` byte for byte, so a raw-byte prefilter looking for it
 * has to decode escapes to stay correct. Throws when `needle` is absent, because a planted
 * event that silently lost its escape would make the manifest lie.
 */
export function escapeAll(line: string, needle: string, at: number, upper = false): string {
  const ch = needle[at];
  if (ch === undefined || !/[A-Za-z]/.test(ch)) {
    throw new Error(`BUG: escape position ${at} of ${needle} is not an ASCII letter`);
  }
  const escaped = needle.slice(0, at) + unicodeEscape(ch, upper) + needle.slice(at + 1);
  const out = line.split(needle).join(escaped);
  if (out === line) throw new Error(`BUG: ${needle} does not occur in the planted event`);
  return out;
}

/**
 * Escapes the first ASCII letter of the string value that follows the last occurrence of
 * `marker` (a key plus `:"`). Returns the line unchanged when there is no such letter.
 */
export function escapeLetterAfter(line: string, marker: string, upper: boolean): string {
  const start = line.lastIndexOf(marker);
  if (start < 0) return line;
  for (let i = start + marker.length; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 34 || code === 92) return line; // end of value, or an escape we must not split
    if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) {
      return line.slice(0, i) + unicodeEscape(line[i] as string, upper) + line.slice(i + 1);
    }
  }
  return line;
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const DAY_MS = 86_400_000;

/**
 * Formats epoch milliseconds as `YYYY-MM-DDTHH:MM:SS.mmmZ`. The date part is cached per day
 * because `Date#toISOString` per event would cost more than the rest of the event.
 */
export class IsoFormatter {
  private day = -1;
  private prefix = '';
  private prefixCodes: number[] = [];

  /** Writes the 24 bytes of `ms`'s ISO-8601 text into `buf` at `pos`. */
  write(buf: Buffer, pos: number, ms: number): void {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) this.format(ms);
    const p = this.prefixCodes;
    for (let i = 0; i < 11; i++) buf[pos + i] = p[i] as number;
    let rest = ms - day * DAY_MS;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    const min = rest % 60;
    const hour = (rest - min) / 60;
    two(buf, pos + 11, hour);
    buf[pos + 13] = 58;
    two(buf, pos + 14, min);
    buf[pos + 16] = 58;
    two(buf, pos + 17, sec);
    buf[pos + 19] = 46;
    buf[pos + 20] = 48 + Math.floor(milli / 100);
    two(buf, pos + 21, milli % 100);
    buf[pos + 23] = 90;
  }

  /** The ISO-8601 text of `ms` (UTC, millisecond precision). */
  format(ms: number): string {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
      this.prefixCodes = [...this.prefix].map((c) => c.charCodeAt(0));
    }
    let rest = ms - day * DAY_MS;
    const milli = rest % 1000;
    rest = (rest - milli) / 1000;
    const sec = rest % 60;
    rest = (rest - sec) / 60;
    const min = rest % 60;
    const hour = (rest - min) / 60;
    return `${this.prefix}${PAD2[hour]}:${PAD2[min]}:${PAD2[sec]}.${PAD3[milli]}Z`;
  }
}

function two(buf: Buffer, pos: number, v: number): void {
  const tens = Math.floor(v / 10);
  buf[pos] = 48 + tens;
  buf[pos + 1] = 48 + (v - tens * 10);
}

/** Joins Windows-style arguments into a command line, quoting those with spaces. */
export function windowsCommandLine(args: readonly string[]): string {
  return args.map((a) => (a.includes(' ') && !a.startsWith('"') ? `"${a}"` : a)).join(' ');
}

/** Joins POSIX arguments into a command line as Elastic Defend reports it (space-joined). */
export function posixCommandLine(args: readonly string[]): string {
  return args.join(' ');
}
