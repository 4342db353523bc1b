/**
 * Framing NDJSON: one entry per `\n`-terminated line, `\r` before the `\n` dropped.
 *
 * The hot loop is `indexOf(0x0a)` (native memchr) over the window, so framing costs little
 * next to parsing. A line owned by the shard (see `shard.ts`) becomes an entry unless it is
 * longer than `maxLineBytes`, in which case it is recorded as skipped. A last line without a
 * final newline is still a line.
 */
import type { Framer, ScanResult } from './framer.js';
import { newCounts } from './framer.js';
import { bomLength } from './sniff.js';
import { Entries, type Window } from './window.js';

const NL = 0x0a;
const CR = 0x0d;

type Mode =
  /** Inside a line that is being kept. */
  | 'line'
  /** Inside a line too long to keep: dropping bytes until its `\n`. */
  | 'skip'
  /** Inside the line a shard starts in, which an earlier shard owns. */
  | 'prefix'
  | 'done';

/** Options of a line framer. */
export interface LineFramerOptions {
  /** Input offset of `window.buf[0]` is where reading starts: the shard start, or 1 before. */
  readonly start: number;
  /** Lines starting at or after this input offset belong to a later shard. */
  readonly end: number;
  readonly maxLineBytes: number;
  readonly transfer: boolean;
}

/** Frames the lines a shard owns. */
export class LineFramer implements Framer {
  readonly window: Window;
  readonly entries: Entries;
  readonly counts;
  readonly growLimit: number;
  #mode: Mode;
  /** Where the current line starts in `window.buf` (line mode). */
  #lineStart = 0;
  /** Next byte of `window.buf` to look at. */
  #pos = 0;
  /** Relative number of the current line. */
  #line = 0;
  /** Input offset of the line being skipped, and the last byte dropped from it. */
  #skipStart = 0;
  #skipLast = -1;
  #bomPending: boolean;
  readonly #end: number;
  readonly #max: number;

  constructor(window: Window, options: LineFramerOptions) {
    this.window = window;
    this.entries = new Entries(false, options.transfer);
    this.#end = options.end;
    this.#max = options.maxLineBytes;
    this.growLimit = options.maxLineBytes + 2;
    // Reading starts one byte early when the shard starts mid-file; see `shard.ts`.
    const midFile = options.start > 0;
    this.#mode = midFile ? 'prefix' : options.end > 0 ? 'line' : 'done';
    this.#bomPending = !midFile;
    this.counts = newCounts(midFile ? options.start : 0);
  }

  scan(eof: boolean): ScanResult {
    const w = this.window;
    if (this.#mode === 'done') return 'done';
    if (this.#bomPending) {
      if (w.fill < 3 && !eof) return 'more';
      this.#bomPending = false;
      this.#lineStart = this.#pos = bomLength(w.buf.subarray(0, w.fill));
    }

    const buf = w.buf;
    const view = w.fill === buf.length ? buf : buf.subarray(0, w.fill);
    while (this.#pos < w.fill) {
      const nl = view.indexOf(NL, this.#pos);
      if (nl === -1) {
        if (this.#mode !== 'line') this.#skipLast = buf[w.fill - 1]!;
        this.#pos = w.fill;
        break;
      }

      if (this.#mode === 'prefix') {
        this.counts.spanStart = this.counts.spanEnd = w.offset + nl + 1;
      } else if (this.#mode === 'skip') {
        const last = nl > 0 ? buf[nl - 1] : this.#skipLast;
        this.#skip(this.#skipStart, w.offset + nl - this.#skipStart - (last === CR ? 1 : 0));
      } else {
        let end = nl;
        if (end > this.#lineStart && buf[end - 1] === CR) end--;
        if (end - this.#lineStart > this.#max) {
          if (this.entries.count > 0) return 'flush';
          this.#skip(w.offset + this.#lineStart, end - this.#lineStart);
        } else {
          this.entries.push(this.#lineStart, end, this.#line);
          this.#count();
        }
      }

      // A new line starts after the newline; it is ours only if it starts before `end`.
      this.#mode = 'line';
      this.#lineStart = this.#pos = nl + 1;
      this.counts.spanEnd = w.offset + nl + 1;
      if (w.offset + this.#lineStart >= this.#end) {
        this.#mode = 'done';
        return 'done';
      }
    }

    if (eof) return this.#finish();
    return 'more';
  }

  keepFrom(): number {
    return this.#mode === 'line' ? this.#lineStart : this.#pos;
  }

  shifted(shift: number): void {
    this.#lineStart -= shift;
    this.#pos -= shift;
  }

  overflow(): void {
    const w = this.window;
    this.#mode = 'skip';
    this.#skipStart = w.offset + this.#lineStart;
    this.#skipLast = w.buf[w.fill - 1]!;
    this.#pos = this.#lineStart = 0;
    w.compact(w.fill);
  }

  /** The input ended at `window.fill` with every newline framed. */
  #finish(): ScanResult {
    const w = this.window;
    if (this.#mode === 'skip') {
      const length = w.offset + w.fill - this.#skipStart - (this.#skipLast === CR ? 1 : 0);
      this.#skip(this.#skipStart, length);
      this.counts.spanEnd = w.offset + w.fill;
    } else if (this.#mode === 'line' && this.#lineStart < w.fill) {
      let end = w.fill;
      if (w.buf[end - 1] === CR) end--;
      if (end - this.#lineStart > this.#max) {
        if (this.entries.count > 0) return 'flush';
        this.#skip(w.offset + this.#lineStart, end - this.#lineStart);
      } else {
        this.entries.push(this.#lineStart, end, this.#line);
        this.#count();
      }
      this.counts.spanEnd = w.offset + w.fill;
    }
    this.#mode = 'done';
    return 'done';
  }

  #skip(offset: number, bytes: number): void {
    this.counts.skipped.push({ line: this.#line, offset, bytes });
    this.#count();
  }

  #count(): void {
    this.#line++;
    this.counts.lines++;
    this.counts.entries++;
  }
}
