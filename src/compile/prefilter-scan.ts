/**
 * Byte search over a whole batch of lines.
 *
 * The batch is never split into lines first. Each finder scans the batch for its next hit;
 * the scanner takes the earliest hit of all finders, reports the line around it (found with
 * `lastIndexOf` / `indexOf` of the newline, which run at memchr speed), and asks only the
 * finders whose hit fell inside that line to search again from the next line. So every byte
 * is looked at once per finder, and lines without hits cost nothing beyond that.
 *
 * Finders: `NativeFinder` (`Buffer#indexOf`, for one exact pattern), `MultiFinder`
 * (Wu-Manber: one pass for many patterns, mixed case rules, skipping on two-byte blocks), and
 * `EscapeFinder` (real `\u` / `\/` escapes that could hide a literal).
 */
import type { Spelling } from './prefilter-spell.js';

/** Something that finds its next hit in a batch. */
export interface Finder {
  /** The offset of the first hit at or after `from` in `view`, or -1. */
  find(view: Buffer, from: number): number;
  describe(): string;
}

/** One exact byte pattern, searched by `Buffer#indexOf`. */
export class NativeFinder implements Finder {
  private readonly needle: Buffer;

  constructor(bytes: Uint8Array) {
    this.needle = Buffer.from(bytes);
  }

  find(view: Buffer, from: number): number {
    return view.indexOf(this.needle, from);
  }

  describe(): string {
    return `indexOf ${JSON.stringify(this.needle.toString('utf8'))}`;
  }
}

/** True when the backslash at `at` begins an escape: an even run of backslashes precedes it. */
function isRealEscape(view: Buffer, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && view[k] === 0x5c) k--;
  return (at - 1 - k) % 2 === 0;
}

/** A hex digit's value, or -1. */
function hexValue(byte: number): number {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x57 : -1;
}

/**
 * Real `\uXXXX` escapes of a code unit in `alphabet` (or malformed ones, to be safe), or
 * real `\/` escapes when `alphabet` is null.
 */
export class EscapeFinder implements Finder {
  private readonly needle: Buffer;

  constructor(private readonly alphabet: Uint8Array | null) {
    this.needle = Buffer.from(alphabet === null ? '\\/' : '\\u', 'latin1');
  }

  find(view: Buffer, from: number): number {
    const needle = this.needle;
    for (let at = view.indexOf(needle, from); at >= 0; at = view.indexOf(needle, at + 2)) {
      if (!isRealEscape(view, at)) continue;
      if (this.alphabet === null) return at;
      let code = 0;
      for (let i = at + 2; i < at + 6; i++) {
        const digit = i < view.length ? hexValue(view[i]!) : -1;
        if (digit < 0) return at;
        code = code * 16 + digit;
      }
      if (this.alphabet[code] === 1) return at;
    }
    return -1;
  }

  describe(): string {
    return this.alphabet === null ? 'escapes \\/' : 'escapes \\uXXXX of literal characters';
  }
}

/** The longest window used for skipping; longer patterns are verified in full on a hit. */
const MAX_WINDOW = 64;

/**
 * A rough rank of how common a byte is in JSON telemetry: quotes and separators most, then
 * lower-case letters, digits, path punctuation, capitals. Only used to place each pattern's
 * window so that its last block (which triggers verification) is a rare one.
 */
function byteRank(byte: number): number {
  if (byte === 0x22 || byte === 0x3a || byte === 0x2c || byte === 0x20) return 9;
  if ('etaoinsr'.includes(String.fromCharCode(byte))) return 7;
  if (byte >= 0x61 && byte <= 0x7a) return 5;
  if (byte === 0x2e || byte === 0x5c || byte === 0x5f || byte === 0x2d || byte === 0x2f) return 6;
  if (byte >= 0x30 && byte <= 0x39) return 5;
  if (byte >= 0x41 && byte <= 0x5a) return 3;
  return byte < 0x80 ? 2 : 1;
}

/** Where to take an `m`-byte window of `p` so that its last two bytes are rare. */
function windowOffset(p: Spelling, m: number): number {
  let best = 0;
  let bestCost = Infinity;
  for (let o = 0; o + m <= p.bytes.length; o++) {
    let cost = 0;
    for (let j = Math.max(o, o + m - 2); j < o + m; j++) {
      cost += byteRank(p.bytes[j]!) + (p.fold[j] === 0 ? 0 : 1);
    }
    if (cost < bestCost) {
      best = o;
      bestCost = cost;
    }
  }
  return best;
}

/**
 * Wu-Manber search for many patterns at once. Every pattern is looked for through an `m`-byte
 * window of it (`m` the shortest pattern length), placed to end on a rare block. A table
 * gives, for each two-byte block (both bytes OR 0x20, which merges letter cases and costs only
 * rare extra checks), how far the window may shift; a zero shift lists the patterns whose
 * window ends with that block, which are then verified in full.
 */
export class MultiFinder implements Finder {
  private readonly m: number;
  private readonly shift: Uint8Array;
  private readonly heads: Int32Array;
  private readonly chain: Int32Array;
  private readonly offsets: Int32Array;

  constructor(private readonly patterns: readonly Spelling[]) {
    let m = MAX_WINDOW;
    for (const p of patterns) m = Math.min(m, p.bytes.length);
    this.m = m;
    const blockBytes = m >= 2 ? 2 : 1;
    const size = blockBytes === 2 ? 0x10000 : 0x100;
    this.shift = new Uint8Array(size).fill(m - blockBytes + 1);
    this.heads = new Int32Array(size).fill(-1);
    this.chain = new Int32Array(patterns.length).fill(-1);
    this.offsets = new Int32Array(patterns.map((p) => windowOffset(p, m)));
    patterns.forEach((p, index) => {
      const w = p.bytes.subarray(this.offsets[index]!);
      for (let q = blockBytes - 1; q < m; q++) {
        const h = blockBytes === 2 ? (((w[q - 1]! << 8) | w[q]!) | 0x2020) : w[q]! | 0x20;
        const s = m - 1 - q;
        if (s < this.shift[h]!) this.shift[h] = s;
        if (s === 0) {
          this.chain[index] = this.heads[h]!;
          this.heads[h] = index;
        }
      }
    });
  }

  find(view: Buffer, from: number): number {
    const m = this.m;
    const shift = this.shift;
    const len = view.length;
    if (m >= 2) {
      for (let i = from + m - 1; i < len; ) {
        const h = ((view[i - 1]! << 8) | view[i]!) | 0x2020;
        const s = shift[h]!;
        if (s !== 0) {
          i += s;
          continue;
        }
        const at = this.verifyAt(view, i - m + 1, h, from);
        if (at >= 0) return at;
        i++;
      }
    } else {
      for (let i = from; i < len; i++) {
        const h = view[i]! | 0x20;
        if (shift[h] !== 0) continue;
        const at = this.verifyAt(view, i, h, from);
        if (at >= 0) return at;
      }
    }
    return -1;
  }

  /** The start of a pattern whose window starts at `windowStart`, or -1. */
  private verifyAt(view: Buffer, windowStart: number, h: number, from: number): number {
    let found = -1;
    for (let p = this.heads[h]!; p >= 0; p = this.chain[p]!) {
      const { bytes, fold } = this.patterns[p]!;
      const start = windowStart - this.offsets[p]!;
      if (start < from || start + bytes.length > view.length) continue;
      if (found >= 0 && start >= found) continue;
      let j = 0;
      while (j < bytes.length && (view[start + j]! | fold[j]!) === bytes[j]) j++;
      if (j === bytes.length) found = start;
    }
    return found;
  }

  describe(): string {
    return `Wu-Manber over ${this.patterns.length} spellings, window ${this.m}`;
  }
}

/**
 * Pushes `[start, end)` of every line of `buf[start, end)` where some finder hits, in order,
 * onto `out` (absolute offsets; `end` is the newline's offset or the batch end). Returns the
 * number of lines pushed.
 */
export function scanLines(
  finders: readonly Finder[],
  buf: Buffer,
  start: number,
  end: number,
  out: number[],
): number {
  const view = buf.subarray(start, end);
  const len = view.length;
  const next = finders.map((finder) => finder.find(view, 0));
  let count = 0;
  for (;;) {
    let hit = -1;
    for (const at of next) if (at >= 0 && (hit < 0 || at < hit)) hit = at;
    if (hit < 0) return count;

    const lineStart = hit === 0 ? 0 : view.lastIndexOf(0x0a, hit - 1) + 1;
    let lineEnd = view.indexOf(0x0a, hit);
    if (lineEnd < 0) lineEnd = len;
    out.push(start + lineStart, start + lineEnd);
    count++;

    const from = lineEnd + 1;
    for (let k = 0; k < next.length; k++) {
      const at = next[k]!;
      if (at >= 0 && at < from) next[k] = from >= len ? -1 : finders[k]!.find(view, from);
    }
  }
}

/** Pushes every non-empty line of `buf[start, end)`, as `scanLines` does. */
export function allLines(buf: Buffer, start: number, end: number, out: number[]): number {
  let count = 0;
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = buf.indexOf(0x0a, lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (lineEnd > lineStart) {
      out.push(lineStart, lineEnd);
      count++;
    }
    lineStart = lineEnd + 1;
  }
  return count;
}
