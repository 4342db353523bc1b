/**
 * The `JSON.parse` backend: V8's parser over text decoded from the entry's bytes.
 */
import {
  checkEvent,
  decodeEntry,
  invalidUtf8,
  parseFailure,
} from './checks.js';
import type { ParseResult, Parser, ParserOptions } from './types.js';
import { DEFAULT_MAX_DEPTH } from './types.js';

/**
 * Parses decoded text the way the `json` backend does; other backends fall back to it for
 * text they cannot handle exactly, so that every backend agrees.
 */
export function parseText(text: string, maxDepth: number): ParseResult {
  // `text.length` counts UTF-16 units, never more than the bytes: safe for the depth bound.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return parseFailure(text, (err as Error).message);
  }
  return checkEvent(value, maxDepth, text.length);
}

/**
 * A parser built on `JSON.parse`.
 *
 * @example createJsonParser().parse(Buffer.from('{"a":1}'), 0, 7) // { ok: true, event: { a: 1 } }
 */
export function createJsonParser(options: ParserOptions = {}): Parser {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  return {
    name: 'json',
    parse(buf, start, end) {
      const text = decodeEntry(buf, start, end);
      if (text === null) return invalidUtf8(buf, start, end);
      return parseText(text, maxDepth);
    },
  };
}
