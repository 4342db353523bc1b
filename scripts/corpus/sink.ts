/**
 * A byte buffer that events are encoded into piece by piece.
 *
 * Building each event as one long string and encoding it afterwards was measured at about
 * 90 MB/s: V8 has to flatten the concatenation tree before it can encode it. Writing the
 * constant pieces (host, user, process JSON) as pre-encoded bytes and only the short varying
 * pieces as strings is several times faster.
 */

/** Room kept free for one line; a longer line is a bug (see `checkLine`). */
export const LINE_RESERVE = 64 * 1024;

/** Append-only UTF-8 output. */
export class Sink {
  /** Bytes written so far into `buf`. */
  pos = 0;

  /** `buf` must have room for at least `LINE_RESERVE` bytes. */
  constructor(public buf: Buffer) {}

  /** Appends UTF-8 text. */
  t(text: string): void {
    this.pos += this.buf.write(text, this.pos);
  }

  /** Appends pre-encoded bytes. */
  b(bytes: Uint8Array): void {
    const n = bytes.length;
    // `set` costs about the same for 2 bytes as for 400; a loop is cheaper for short pieces.
    if (n < 24) {
      const buf = this.buf;
      let pos = this.pos;
      for (let i = 0; i < n; i++) buf[pos++] = bytes[i] as number;
      this.pos = pos;
      return;
    }
    this.buf.set(bytes, this.pos);
    this.pos += n;
  }

  /** Appends one byte. */
  byte(value: number): void {
    this.buf[this.pos++] = value;
  }

  /** Appends a short string known to be ASCII; cheaper than `t` below ~40 characters. */
  ascii(text: string): void {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < text.length; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** Appends a non-negative integer in decimal. */
  num(value: number): void {
    if (value < 10) {
      this.buf[this.pos++] = 48 + value;
      return;
    }
    let digits = 1;
    for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
    let pos = this.pos + digits;
    this.pos = pos;
    for (let v = value; digits > 0; digits--) {
      const q = Math.floor(v / 10);
      this.buf[--pos] = 48 + (v - q * 10);
      v = q;
    }
  }

  /** Whether another line surely fits. */
  get roomy(): boolean {
    return this.buf.length - this.pos >= LINE_RESERVE;
  }

  /**
   * Fails on a line that came close to the reserve: `Buffer#write` truncates silently, so a
   * line longer than the free room would be cut without notice.
   */
  checkLine(start: number): void {
    if (this.pos - start >= LINE_RESERVE / 2) throw new Error(`BUG: a ${this.pos - start}-byte line`);
  }

  /** The bytes from `start` to the end, decoded. */
  text(start = 0): string {
    return this.buf.toString('utf8', start, this.pos);
  }
}

/** Pre-encoded UTF-8 bytes of `text`. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

// One scratch sink per nesting level: a planted line is rendered while the generator's own
// `next()` is rendering the line around it.
const scratch: Sink[] = [];
let depth = 0;

/** Runs `write` against a scratch sink and returns what it wrote, as a string. */
export function render(write: (out: Sink) => void): string {
  const out = (scratch[depth] ??= new Sink(Buffer.allocUnsafe(LINE_RESERVE * 2)));
  out.pos = 0;
  depth++;
  try {
    write(out);
  } finally {
    depth--;
  }
  out.checkLine(0);
  return out.text(0);
}
