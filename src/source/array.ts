/**
 * Framing a JSON array file: one entry per element of the top-level array.
 *
 * The file is read as a sequence of top-level JSON values separated by whitespace. An array
 * is flattened one level (each element is an entry); any other value is an entry itself, so
 * `[...]` followed by more text still accounts for that text. The scanner only tracks string
 * and bracket nesting to find element boundaries; it validates nothing, so a damaged element
 * still becomes an entry and is rejected by the parser with its line number.
 *
 * An empty element (`[1,,2]`, `[1,]`) becomes an entry spanning its delimiter, which no
 * parser accepts: it is rejected as malformed rather than passing as a blank line.
 */
import type { Framer, ScanResult } from './framer.js';
import { newCounts } from './framer.js';
import { bomLength } from './sniff.js';
import { Entries, type Window } from './window.js';

const NL = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** What ends the open entry. */
type Kind =
  /** An array element: a `,` or `]` outside strings, directly inside the array. */
  | 'element'
  /** A top-level object: its brackets balancing. */
  | 'container'
  /** A top-level string: its closing quote. */
  | 'string'
  /** Anything else at top level (a number, junk): whitespace. */
  | 'bare';

/** Frames the elements of JSON arrays (and any other top-level values). */
export class ArrayFramer implements Framer {
  readonly window: Window;
  readonly entries: Entries;
  readonly counts = newCounts(0);
  readonly growLimit: number;
  readonly #max: number;
  /** Next byte of `window.buf` to look at. */
  #pos = 0;
  /** Relative line number at `#pos`. */
  #line = 0;
  #lastByte = NL;
  #bomPending = true;

  // Structure at `#pos`.
  #inArray = false;
  /** Bracket depth inside the open entry; for elements, 1 is directly inside the array. */
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** Inside an array, no element since `[` or the last `,`. */
  #expectElement = false;
  #afterComma = false;

  // The open entry, if any.
  #kind: Kind | null = null;
  #skipping = false;
  #entryStart = 0;
  #entryOffset = 0;
  #entryLine = 0;
  /** Input offset one past the entry's last non-space byte. */
  #contentEnd = 0;

  constructor(window: Window, maxLineBytes: number, transfer: boolean) {
    this.window = window;
    this.entries = new Entries(true, transfer);
    this.#max = maxLineBytes;
    // Room for the element, then whitespace and the delimiter that ends it.
    this.growLimit = maxLineBytes + 64;
  }

  scan(eof: boolean): ScanResult {
    const w = this.window;
    const buf = w.buf;
    if (this.#bomPending) {
      if (w.fill < 3 && !eof) return 'more';
      this.#bomPending = false;
      this.#pos = bomLength(buf.subarray(0, w.fill));
    }

    for (let i = this.#pos; i < w.fill; i++) {
      const c = buf[i]!;
      if (c === NL) this.#line++;
      if (this.#kind === null) this.#between(c, i);
      else if (this.#inString) this.#stringByte(c, i);
      else this.#entryByte(c, i);
    }
    if (w.fill > 0) this.#lastByte = buf[w.fill - 1]!;
    this.#pos = w.fill;

    if (!eof) return 'more';
    if (this.#kind !== null) this.#close();
    this.counts.lines = this.#line + (this.#lastByte === NL ? 0 : 1);
    this.counts.spanEnd = w.offset + w.fill;
    return 'done';
  }

  keepFrom(): number {
    return this.#kind !== null && !this.#skipping ? this.#entryStart : this.#pos;
  }

  shifted(shift: number): void {
    this.#pos -= shift;
    this.#entryStart -= shift;
  }

  overflow(): void {
    // The open entry fills the window: keep following its structure, drop its bytes.
    this.#skipping = true;
    this.window.compact(this.window.fill);
    this.#pos = 0;
  }

  /** A byte outside any entry. */
  #between(c: number, i: number): void {
    if (isSpace(c)) return;
    if (!this.#inArray) {
      if (c === OPEN_ARRAY) {
        this.#inArray = true;
        this.#expectElement = true;
        this.#afterComma = false;
      } else {
        this.#open(c === OPEN_OBJECT ? 'container' : c === QUOTE ? 'string' : 'bare', c, i);
      }
      return;
    }
    if (c === COMMA || c === CLOSE_ARRAY) {
      // Nothing since the last delimiter: an empty element, unless this is `[]`.
      if (this.#expectElement && (c === COMMA || this.#afterComma)) this.#emptyEntry(i);
      this.#expectElement = c === COMMA;
      this.#afterComma = c === COMMA;
      if (c === CLOSE_ARRAY) this.#inArray = false;
      return;
    }
    this.#open('element', c, i);
  }

  #stringByte(c: number, i: number): void {
    this.#contentEnd = this.window.offset + i + 1;
    if (this.#escaped) this.#escaped = false;
    else if (c === BACKSLASH) this.#escaped = true;
    else if (c === QUOTE) {
      this.#inString = false;
      if (this.#kind === 'string') this.#close();
    }
  }

  /** A byte inside an open entry, outside strings. */
  #entryByte(c: number, i: number): void {
    const kind = this.#kind;
    if (kind === 'bare') {
      if (isSpace(c)) this.#close();
      else this.#contentEnd = this.window.offset + i + 1;
      return;
    }
    if (kind === 'element' && this.#depth === 1 && (c === COMMA || c === CLOSE_ARRAY)) {
      this.#close();
      this.#expectElement = c === COMMA;
      this.#afterComma = c === COMMA;
      if (c === CLOSE_ARRAY) this.#inArray = false;
      return;
    }
    if (isSpace(c)) return;

    this.#contentEnd = this.window.offset + i + 1;
    if (c === QUOTE) this.#inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) this.#depth++;
    // Inside an element only a `]` may close the array: a stray `}` stays content, so the
    // element is rejected rather than the array silently ending early.
    else if ((c === CLOSE_ARRAY || c === CLOSE_OBJECT) && (this.#depth > 1 || kind !== 'element')) {
      this.#depth--;
      if (kind === 'container' && this.#depth === 0) this.#close();
    }
  }

  #open(kind: Kind, c: number, i: number): void {
    this.#kind = kind;
    this.#skipping = false;
    this.#entryStart = i;
    this.#entryOffset = this.window.offset + i;
    this.#entryLine = this.#line;
    this.#contentEnd = this.#entryOffset + 1;
    this.#depth = kind === 'element' ? 1 : 0;
    this.#expectElement = false;
    this.#afterComma = false;
    if (c === QUOTE) this.#inString = true;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) this.#depth++;
  }

  #close(): void {
    const bytes = this.#contentEnd - this.#entryOffset;
    if (this.#skipping || bytes > this.#max) {
      this.counts.skipped.push({ line: this.#entryLine, offset: this.#entryOffset, bytes });
    } else {
      this.entries.push(this.#entryStart, this.#entryStart + bytes, this.#entryLine);
    }
    this.#kind = null;
    this.#inString = false;
    this.#escaped = false;
    this.#skipping = false;
    this.counts.entries++;
  }

  #emptyEntry(i: number): void {
    this.entries.push(i, i + 1, this.#line);
    this.counts.entries++;
  }
}
