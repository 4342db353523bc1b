/**
 * Events and the value rules of EQL.
 *
 * Takes a decoded JSON event and hands on what the matchers need to ask of it: field values
 * (`readField`, with nested objects, flat dotted keys and multi-valued arrays), and the pure
 * rules for comparing, converting and pattern-matching those values. The key design choice is
 * that these rules live here, in one place, so the reference interpreter and compiled
 * matchers share them and cannot drift apart on nulls, case folding or type mixing.
 */
export { arithmetic, negate } from './arith.js';
export { parseFieldPath, readField } from './field.js';
export type { PathSegment } from './field.js';
export { compareIps, inCidr, parseCidr, parseIp } from './ip.js';
export type { CidrBlock } from './ip.js';
export { linearRegExp } from './linear-regexp.js';
export {
  compileLuceneRegex,
  MAX_NFA_STATES,
  parseLuceneRegex,
  translateLuceneRegex,
} from './lucene-regex.js';
export type { LuceneRegex } from './lucene-regex.js';
export {
  createSchema,
  DEFAULT_SCHEMA,
  fieldTypeOf,
  isFractionalType,
  resolveAlias,
  schemaFromMapping,
  schemaKey,
} from './schema.js';
export type { FieldType, Schema } from './schema.js';
export { toEpochMillis } from './timestamp.js';
export {
  anyOf,
  compareScalars,
  equalScalars,
  foldCase,
  isNull,
  not,
  ORDER_TESTS,
  parseDecimal,
  scalarsOf,
  toNumber,
  toText,
  toTri,
} from './values.js';
export type { CompareOptions, Tri, Value } from './values.js';
export { compareVersions } from './version.js';
export {
  ANY_CHAR,
  compileWildcard,
  escapeRegexChar,
  hasWildcard,
  wildcardToRegexSource,
} from './wildcard.js';
export type { WildcardMatcher } from './wildcard.js';
