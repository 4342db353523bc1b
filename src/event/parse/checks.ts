/**
 * Checks every backend shares, so that they reject the same entries for the same reasons.
 *
 * Order matters and is the same everywhere: UTF-8 first (a parser only ever sees valid
 * text), then the parse itself, then the shape (an object) and the depth. A raw NUL byte can
 * never be valid JSON, so it is looked for only after a parse failed, keeping the common
 * path free of an extra pass.
 */
import { isAscii, isUtf8 } from 'node:buffer';

import type { ParseResult, RejectReason } from './types.js';

/**
 * The entry decoded as text, or null when it is not valid UTF-8. ASCII takes the one-byte
 * string path, which V8 builds and parses fastest.
 */
export function decodeEntry(buf: Uint8Array, start: number, end: number): string | null {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  const bytes = b.subarray(start, end);
  if (isAscii(bytes)) return b.toString('latin1', start, end);
  if (!isUtf8(bytes)) return null;
  return b.toString('utf8', start, end);
}

/**
 * True when `buf[start, end)` is empty or only JSON whitespace (space, tab, CR, LF).
 *
 * @example isBlank(Buffer.from(' \t '), 0, 3) // true
 */
export function isBlank(buf: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

/**
 * True when `value` nests objects and arrays deeper than `maxDepth`. Stops descending at the
 * limit, so even a hostile event costs at most `maxDepth` frames.
 */
export function nestsDeeper(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (maxDepth <= 0) return true;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'object' && item !== null && nestsDeeper(item, maxDepth - 1)) return true;
    }
    return false;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const item = record[key];
    if (typeof item === 'object' && item !== null && nestsDeeper(item, maxDepth - 1)) return true;
  }
  return false;
}

/** A rejection. */
export function reject(reason: RejectReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

/** The invalid-UTF-8 rejection, naming the first bad byte's position in the entry. */
export function invalidUtf8(buf: Uint8Array, start: number, end: number): ParseResult {
  const at = firstInvalidUtf8(buf, start, end);
  return reject('invalid-utf8', `invalid UTF-8 at byte ${at - start} of the line`);
}

/**
 * Classifies text that failed to parse: a raw NUL byte, or malformed JSON with the
 * message of `JSON.parse` (which both backends use for this, so details agree).
 */
export function parseFailure(text: string, message: string): ParseResult {
  const nul = text.indexOf('\0');
  if (nul !== -1) return reject('nul-byte', `NUL byte at character ${nul} of the line`);
  return reject('malformed-json', message);
}

/**
 * The shape check after a successful parse of `length` bytes. Nesting `maxDepth + 1` deep
 * takes at least that many brackets open and closed, so shorter text skips the depth walk
 * (which costs about a tenth of a parse on typical events).
 */
export function checkEvent(value: unknown, maxDepth: number, length: number): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('not-an-object', `expected a JSON object, got ${describe(value)}`);
  }
  if (length > 2 * maxDepth + 1 && nestsDeeper(value, maxDepth)) {
    return reject('too-deep', `objects and arrays nest deeper than ${maxDepth} levels`);
  }
  return { ok: true, event: value };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  return `a ${typeof value}`;
}

/** Offset of the first byte that breaks UTF-8, scanning by hand (only on the error path). */
function firstInvalidUtf8(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (i < end) {
    const c = buf[i]!;
    const need = c < 0x80 ? 0 : c < 0xc2 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf5 ? 3 : -1;
    if (need < 0 || i + need >= end) return i;
    for (let k = 1; k <= need; k++) if ((buf[i + k]! & 0xc0) !== 0x80) return i;
    const next = buf[i + 1]!;
    // Overlong three- and four-byte forms, surrogates, and code points past U+10FFFF.
    if ((c === 0xe0 && next < 0xa0) || (c === 0xed && next >= 0xa0)) return i;
    if ((c === 0xf0 && next < 0x90) || (c === 0xf4 && next >= 0x90)) return i;
    i += need + 1;
  }
  return end;
}
