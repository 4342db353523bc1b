/**
 * The sliding buffer a reader fills, and the entry lists that describe a batch in it.
 *
 * Memory stays bounded: one buffer of `bufferBytes` is reused for the whole shard, and only
 * grows (up to `maxLineBytes` plus a terminator) while a single long entry is being
 * assembled, dropping back to the usual size as soon as that entry is consumed. In transfer
 * mode each batch gets a buffer of its own, so the consumer may post it to another thread.
 *
 *     buf: [ consumed ......... | entry entry entry | partial entry .... | free        ]
 *          0                  keep                                      fill          length
 *          ^ buf[0] is at byte `offset` of the input
 */
import type { LineBatch } from './types.js';

/** Default size of the reusable read buffer. */
export const DEFAULT_BUFFER_BYTES = 128 * 1024;

/** Default longest entry (line or array element) that is buffered and parsed. */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** The bytes of the input currently held, and where they sit in it. */
export class Window {
  buf: Buffer;
  /** Bytes of `buf` holding input, from 0. */
  fill = 0;
  /** Input offset of `buf[0]`. */
  offset: number;
  readonly #home: Buffer;
  /** The usual size; kept apart because a transferred `#home` reads as length 0. */
  readonly #size: number;
  readonly #transfer: boolean;

  constructor(bytes: number, transfer: boolean, offset: number) {
    // `allocUnsafeSlow` never hands out a slice of Node's shared pool, so the buffer's whole
    // ArrayBuffer is ours to transfer.
    this.#home = Buffer.allocUnsafeSlow(bytes);
    this.#size = bytes;
    this.buf = this.#home;
    this.#transfer = transfer;
    this.offset = offset;
  }

  /** Free bytes after `fill`. */
  get room(): number {
    return this.buf.length - this.fill;
  }

  /**
   * Drops `buf[0, keep)`, moving the rest to the front. Returns the shift applied to
   * positions in `buf`. A grown buffer is swapped back to the usual one when the rest fits.
   */
  compact(keep: number): number {
    if (keep === 0) return 0;
    const rest = this.fill - keep;
    if (this.buf.length > this.#size && rest <= this.#size / 2) {
      // In transfer mode the first buffer may belong to a consumer by now.
      const target = this.#transfer ? Buffer.allocUnsafeSlow(this.#size) : this.#home;
      this.buf.copy(target, 0, keep, this.fill);
      this.buf = target;
    } else {
      this.buf.copyWithin(0, keep, this.fill);
    }
    this.offset += keep;
    this.fill = rest;
    return keep;
  }

  /** Enlarges the buffer (keeping its bytes) to at most `limit`; false when already there. */
  grow(limit: number): boolean {
    if (this.buf.length >= limit) return false;
    const bigger = Buffer.allocUnsafeSlow(Math.min(limit, this.buf.length * 2));
    this.buf.copy(bigger, 0, 0, this.fill);
    this.buf = bigger;
    return true;
  }

  /**
   * In transfer mode, gives `buf` away to a consumer: later bytes (from `keep`) move to a
   * fresh buffer. Returns the shift applied to positions in `buf`, as `compact` does.
   */
  handOff(keep: number): number {
    if (!this.#transfer) return 0;
    const fresh = Buffer.allocUnsafeSlow(Math.max(this.#size, this.fill - keep));
    this.buf.copy(fresh, 0, keep, this.fill);
    this.buf = fresh;
    this.offset += keep;
    this.fill -= keep;
    return keep;
  }
}

/** The entries found so far for the next batch. */
export class Entries {
  starts: Int32Array;
  ends: Int32Array;
  lines: Int32Array | undefined;
  count = 0;
  /** Relative line of the first entry. */
  firstLine = 0;
  readonly #transfer: boolean;

  constructor(withLines: boolean, transfer: boolean) {
    this.starts = new Int32Array(1024);
    this.ends = new Int32Array(1024);
    this.lines = withLines ? new Int32Array(1024) : undefined;
    this.#transfer = transfer;
  }

  /** Adds an entry `buf[start, end)` on relative line `line`. */
  push(start: number, end: number, line: number): void {
    if (this.count === this.starts.length) this.#grow();
    if (this.count === 0) this.firstLine = line;
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    if (this.lines !== undefined) this.lines[this.count] = line;
    this.count++;
  }

  /** The batch these entries make over `window`; the entries are then cleared. */
  take(window: Window): LineBatch {
    const copy = this.#transfer;
    const n = this.count;
    const batch: LineBatch = {
      buf: window.buf,
      starts: copy ? this.starts.slice(0, n) : this.starts,
      ends: copy ? this.ends.slice(0, n) : this.ends,
      count: n,
      firstLine: this.firstLine,
      fileOffset: window.offset,
      ...(this.lines === undefined ? {} : { lines: copy ? this.lines.slice(0, n) : this.lines }),
    };
    this.count = 0;
    return batch;
  }

  #grow(): void {
    const size = this.starts.length * 2;
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.starts = grow(this.starts);
    this.ends = grow(this.ends);
    if (this.lines !== undefined) this.lines = grow(this.lines);
  }
}
