/**
 * The contract of the parse stage: the bytes of one entry in, one event or one reason out.
 */

/**
 * Why an entry is not an event. Blank entries (empty or JSON whitespace only) are not
 * rejections: the caller counts them apart.
 *
 * - `malformed-json`: not valid JSON text.
 * - `not-an-object`: valid JSON, but an array, string, number, boolean or null.
 * - `invalid-utf8`: the bytes are not UTF-8.
 * - `nul-byte`: a raw NUL byte (never valid JSON; an escaped `\u0000` is fine).
 * - `too-deep`: objects and arrays nest deeper than the parser's `maxDepth`.
 * - `line-too-long`: longer than the reader's `maxLineBytes`; never reaches a parser.
 */
export type RejectReason =
  | 'malformed-json'
  | 'not-an-object'
  | 'invalid-utf8'
  | 'nul-byte'
  | 'too-deep'
  | 'line-too-long';

/** Every reject reason, in the order the checks apply. */
export const REJECT_REASONS: readonly RejectReason[] = [
  'line-too-long',
  'invalid-utf8',
  'nul-byte',
  'malformed-json',
  'not-an-object',
  'too-deep',
];

/** The outcome of parsing one entry. */
export type ParseResult =
  | { readonly ok: true; readonly event: object }
  | { readonly ok: false; readonly reason: RejectReason; readonly detail: string };

/**
 * The parser backends. `native` is the addon of src/native: in a scan it decodes whole
 * batches, projecting only the fields the rules read; as a `Parser` of whole events, one
 * entry at a time, it gives the `json` backend's results.
 */
export type ParserName = 'json' | 'simdjson' | 'native';

/** Every parser backend. */
export const PARSER_NAMES: readonly ParserName[] = ['json', 'simdjson', 'native'];

/**
 * Parses entries into events. Every backend gives the same event, or the same reason, for
 * the same bytes: backends differ only in speed.
 */
export interface Parser {
  readonly name: ParserName;
  /** Parses `buf[start, end)`, which the caller has checked is not blank. */
  parse(buf: Uint8Array, start: number, end: number): ParseResult;
}

/** Options shared by every backend. */
export interface ParserOptions {
  /**
   * Deepest nesting of objects and arrays accepted (`{}` is 1, `{"a":[1]}` is 2). Deeper
   * events are rejected as `too-deep`, because later stages (field lookup, structured
   * cloning, `JSON.stringify` of alerts) recurse and would overflow the stack.
   */
  readonly maxDepth?: number;
}

/** The default `maxDepth`; see `ParserOptions`. */
export const DEFAULT_MAX_DEPTH = 512;
