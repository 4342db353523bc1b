/**
 * The value rules of EQL: nulls, three-valued logic, case folding, comparison, conversion.
 *
 * These are pure functions over scalars, shared by the reference interpreter and by compiled
 * matchers so that both agree by construction. The rules follow Elasticsearch EQL, with one
 * deliberate difference: offline there is no index mapping to reject a query that compares a
 * keyword with a number, so a string that reads as a number compares numerically and any
 * other mix of types compares as null (unknown) rather than failing the query.
 */
import type { CompareOp, Scalar } from '../query/ast.js';
import { compareIps, parseIp } from './ip.js';
import type { FieldType } from './schema.js';
import { toEpochMillis } from './timestamp.js';
import { compareVersions } from './version.js';

/**
 * The value of an expression over one event: `undefined` for an absent field, a scalar
 * (`null` included), or an array of two or more scalars for a multi-valued field (or for a
 * function applied to one). A predicate over an array holds when it holds for any element.
 */
export type Value = Scalar | Scalar[] | undefined;

/** Three-valued truth: `null` is unknown, as produced by any comparison with null. */
export type Tri = boolean | null;

/** True for an absent field or a null. */
export function isNull(value: Value): value is null | undefined {
  return value === null || value === undefined;
}

/** The scalars of a value, for "any" iteration: absent and null give `[null]`. */
export function scalarsOf(value: Value): Scalar[] {
  if (value === undefined) return [null];
  if (Array.isArray(value)) return value.length === 0 ? [null] : value;
  return [value];
}

/** Kleene `or` over each scalar: true if any is true, else null if any is null, else false. */
export function anyOf<T>(items: Iterable<T>, predicate: (item: T) => Tri): Tri {
  let sawNull = false;
  for (const item of items) {
    const result = predicate(item);
    if (result === true) return true;
    if (result === null) sawNull = true;
  }
  return sawNull ? null : false;
}

/** Three-valued `not`: the negation of unknown is unknown. */
export function not(value: Tri): Tri {
  return value === null ? null : !value;
}

/**
 * The truth of a condition's value: booleans are themselves; null, absent and non-boolean
 * values are unknown; a multi-valued boolean is true when any value is.
 */
export function toTri(value: Value): Tri {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return anyOf(value, (v) => (typeof v === 'boolean' ? v : null));
  return null;
}

/**
 * Case folding for the case-insensitive operators (`:`, `in~`, `like~`, `fn~()`): compare
 * `foldCase(a) === foldCase(b)`. Full Unicode lower-casing, so `İ` folds to two code units.
 */
export function foldCase(text: string): string {
  return text.toLowerCase();
}

// Decimal notation only: no hex, no blanks, no empty string (which Number() would read as 0).
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a string as a decimal number, or null. `"5"`, `"-1.5"`, `"1e3"` read; `""`, `"0x10"`,
 * `" 5"` do not.
 */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

/** A value as a number for arithmetic: numbers, and strings that read as decimals. */
export function toNumber(value: Scalar): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseDecimal(value);
  return null;
}

/**
 * A value as text, for `concat`, `string` and matching non-strings against patterns.
 * Numbers use JavaScript's shortest form (`2`, `0.5`), where Elasticsearch prints a double
 * as `2.0`.
 */
export function toText(value: Scalar): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value : String(value);
}

/** How two scalars compare: the field type of either side, and whether case is folded. */
export interface CompareOptions {
  /** The schema type of the field being compared, if known (`date`, `ip`, `version`). */
  type?: FieldType | undefined;
  caseInsensitive?: boolean;
}

/**
 * Orders two scalars: a negative number, zero or a positive number, or null when they cannot
 * be compared (either is null, or their types do not mix).
 *
 * - `date` fields: both sides become epoch milliseconds (ISO-8601 text or numbers).
 * - `ip` fields: both sides are parsed as addresses; `version` fields: semantic-version order.
 * - strings: UTF-16 code-unit order, case-sensitive unless `caseInsensitive`.
 * - numbers: numerically, integers and fractions alike (`1 == 1.0`).
 * - a string and a number: numerically when the string reads as a decimal, else null.
 * - booleans: `false < true`; a boolean never compares with another type.
 */
export function compareScalars(a: Scalar, b: Scalar, options: CompareOptions = {}): number | null {
  if (a === null || b === null) return null;

  switch (options.type) {
    case 'date':
    case 'date_nanos': {
      const x = toEpochMillis(a);
      const y = toEpochMillis(b);
      return x === null || y === null ? null : Math.sign(x - y);
    }
    case 'ip': {
      const x = typeof a === 'string' ? parseIp(a) : null;
      const y = typeof b === 'string' ? parseIp(b) : null;
      return x === null || y === null ? null : Math.sign(compareIps(x, y));
    }
    case 'version':
      if (typeof a === 'string' && typeof b === 'string') return compareVersions(a, b);
      break;
  }

  if (typeof a === 'string' && typeof b === 'string') {
    const x = options.caseInsensitive ? foldCase(a) : a;
    const y = options.caseInsensitive ? foldCase(b) : b;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' || typeof b === 'boolean') {
    return typeof a === typeof b ? Number(a) - Number(b) : null;
  }

  // Two numbers, or a number and a string that may read as one.
  const x = toNumber(a);
  const y = toNumber(b);
  return x === null || y === null ? null : Math.sign(x - y);
}

/** Three-valued equality of two scalars under `compareScalars`' rules. */
export function equalScalars(a: Scalar, b: Scalar, options: CompareOptions = {}): Tri {
  const order = compareScalars(a, b, options);
  return order === null ? null : order === 0;
}

/** The comparison operators, as functions of `compareScalars`' result. */
export const ORDER_TESTS: Readonly<Record<CompareOp, (order: number) => boolean>> = {
  '==': (o) => o === 0,
  '!=': (o) => o !== 0,
  '<': (o) => o < 0,
  '<=': (o) => o <= 0,
  '>': (o) => o > 0,
  '>=': (o) => o >= 0,
};
