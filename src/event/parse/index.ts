/**
 * The parse stage: the bytes of one entry (a line, or an element of a JSON array) in, one
 * decoded event or one reject reason out.
 *
 * It sits between the source stage, which frames entries in batches, and the matchers. The
 * key design choice is a single narrow interface, `Parser.parse(buf, start, end)`, that every
 * backend implements with identical results, so backends can be swapped (or a faster one
 * added, such as a native SIMD parser or one that builds only the fields the rules read)
 * without any other stage noticing. `JSON.parse` is the default: measured on generated ECS
 * events it is faster than the `simdjson` addon, whose cost is building JS objects.
 */
import { EqlError } from '../../errors.js';
import { createJsonParser } from './json.js';
import { createSimdjsonParser } from './simdjson.js';
import { PARSER_NAMES, type Parser, type ParserName, type ParserOptions } from './types.js';

export { parseBatch, rejectSkipped } from './batch.js';
export type { BatchCounts, EventSink } from './batch.js';
export { isBlank, nestsDeeper } from './checks.js';
export { createJsonParser } from './json.js';
export { createSimdjsonParser, simdjsonIsNative } from './simdjson.js';
export { DEFAULT_MAX_DEPTH, PARSER_NAMES, REJECT_REASONS } from './types.js';
export type { ParseResult, Parser, ParserName, ParserOptions, RejectReason } from './types.js';

/** The backend used when none is named: the fastest measured. */
export const DEFAULT_PARSER: ParserName = 'json';

/**
 * A parser by backend name; an unknown name is an option error naming the choices.
 *
 * @example createParser('simdjson', { maxDepth: 64 }).parse(Buffer.from('{}'), 0, 2).ok // true
 */
export function createParser(name: string = DEFAULT_PARSER, options: ParserOptions = {}): Parser {
  const maxDepth = options.maxDepth;
  if (maxDepth !== undefined && (!Number.isSafeInteger(maxDepth) || maxDepth < 1)) {
    throw new EqlError('option', `maxDepth: expected a positive integer, got ${maxDepth}`);
  }
  switch (name) {
    case 'json':
      return createJsonParser(options);
    case 'simdjson':
      return createSimdjsonParser(options);
    case 'native':
      // Whole events are JSON.parse's; the addon only pays projecting batches (src/native).
      return { ...createJsonParser(options), name: 'native' };
    default:
      throw new EqlError(
        'option',
        `parser: unknown parser "${name}" (use ${PARSER_NAMES.slice(0, -1).join(', ')} or ` +
          `${PARSER_NAMES[PARSER_NAMES.length - 1]})`,
      );
  }
}

/** True when `name` is a parser backend. */
export function isParserName(name: string): name is ParserName {
  return (PARSER_NAMES as readonly string[]).includes(name);
}
