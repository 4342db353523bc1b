/**
 * The `simdjson` backend: the npm `simdjson` addon (simdjson 0.9 behind N-API).
 *
 * The addon validates with SIMD but then builds the JS object one N-API call per value, and
 * it differs from `JSON.parse` on a few inputs. Those are routed to `JSON.parse` so both
 * backends always give the same event or the same reason:
 *
 * - a `__proto__` key: the addon assigns it (changing the prototype) where JSON.parse
 *   defines an own property;
 * - an escaped NUL (`\u0000`): the addon cuts keys at a NUL;
 * - `-0`: the addon reads it as the integer 0, losing the sign;
 * - any text the addon rejects: numbers out of its range (`1e400`), lone surrogate escapes
 *   and real syntax errors alike are re-parsed by `JSON.parse`, which accepts the first two
 *   and words the error for the last.
 *
 * The addon is loaded on first use, so processes that never ask for this backend never load
 * native code. When the addon was not built, the package stands in `JSON.parse`; results
 * are unchanged, only slower, and `simdjsonIsNative()` says so.
 */
import { createRequire } from 'node:module';

import { checkEvent, decodeEntry, invalidUtf8 } from './checks.js';
import { parseText } from './json.js';
import type { Parser, ParserOptions } from './types.js';
import { DEFAULT_MAX_DEPTH } from './types.js';

interface SimdjsonModule {
  parse(text: string): unknown;
  lazyParse(text: string): { valueForKeyPath(path: string): unknown };
  isValid(text: string): boolean;
}

let loaded: SimdjsonModule | undefined;

/** The addon, loaded once per thread. */
export function loadSimdjson(): SimdjsonModule {
  loaded ??= createRequire(import.meta.url)('simdjson') as SimdjsonModule;
  return loaded;
}

/** True when the native addon is in use rather than the package's JSON stand-in. */
export function simdjsonIsNative(): boolean {
  return loadSimdjson().parse !== JSON.parse;
}

/** Text the addon would turn into a different value than `JSON.parse`. */
function divergent(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u0000') || hasMinusZero(text);
}

/**
 * True when the text may hold the number `-0` without fraction or exponent, which the addon
 * reads as 0. Only a `-0` where a value can start counts (after `:`, `,`, `[` or
 * whitespace), so dates and UUIDs inside strings (`2026-03-02`, `bce1-0dfa`) pass; a rare
 * false alarm only costs speed.
 */
function hasMinusZero(text: string): boolean {
  for (let at = text.indexOf('-0'); at !== -1; at = text.indexOf('-0', at + 2)) {
    const before = text.charCodeAt(at - 1);
    const next = text.charCodeAt(at + 2);
    const valueStart =
      before === 0x3a || before === 0x2c || before === 0x5b || before === 0x20 ||
      before === 0x09 || before === 0x0a || before === 0x0d;
    const continues = (next >= 0x30 && next <= 0x39) || next === 0x2e || (next | 0x20) === 0x65;
    if (valueStart && !continues) return true;
  }
  return false;
}

/**
 * A parser built on the `simdjson` addon, agreeing with the `json` backend on every input.
 *
 * @example createSimdjsonParser().parse(Buffer.from('[1]'), 0, 3).ok // false: not-an-object
 */
export function createSimdjsonParser(options: ParserOptions = {}): Parser {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const simdjson = loadSimdjson();
  return {
    name: 'simdjson',
    parse(buf, start, end) {
      const text = decodeEntry(buf, start, end);
      if (text === null) return invalidUtf8(buf, start, end);
      if (divergent(text)) return parseText(text, maxDepth);
      let value: unknown;
      try {
        value = simdjson.parse(text);
      } catch {
        return parseText(text, maxDepth);
      }
      return checkEvent(value, maxDepth, text.length);
    },
  };
}
