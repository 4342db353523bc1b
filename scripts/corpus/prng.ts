/**
 * A small seeded PRNG (xoshiro128**, seeded through splitmix32).
 *
 * The corpus must be byte-identical for a given seed on every machine and Node version, so
 * nothing here may touch `Math.random` or floating-point formatting. All draws are built from
 * 32-bit integer steps.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const B64_CODES = [...B64].map((c) => c.charCodeAt(0));
const CODES = new Map<number, number[]>();

/** A deterministic random source; two instances with the same seed draw the same sequence. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the four state words from `seed` (any 32-bit integer) and a stream number. */
  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix() | 1;
  }

  /** Next unsigned 32-bit integer. */
  u32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform integer in [0, n) for n up to 2^32 (the tiny modulo bias does not matter here). */
  int(n: number): number {
    return n <= 1 ? 0 : this.u32() % n;
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `num / den`. */
  chance(num: number, den: number): boolean {
    return this.int(den) < num;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  /** Index drawn by integer weights. */
  weighted(weights: readonly number[], total: number): number {
    let r = this.int(total);
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] as number;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let out = '';
    while (out.length < n) {
      let v = this.u32();
      for (let i = 0; i < 8 && out.length < n; i++, v >>>= 4) out += HEX[v & 15];
    }
    return out;
  }

  /** `n` characters of the base64 alphabet, as Elastic Defend entity ids use. */
  b64(n: number): string {
    let codes = CODES.get(n);
    if (codes === undefined) CODES.set(n, (codes = new Array<number>(n).fill(0)));
    for (let i = 0; i < n; ) {
      let v = this.u32();
      for (let k = 0; k < 5 && i < n; k++, i++, v >>>= 6) codes[i] = B64_CODES[v & 63] as number;
    }
    return String.fromCharCode.apply(null, codes);
  }

  /** A version-4 style UUID. */
  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
