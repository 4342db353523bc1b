/**
 * `x in (...)` and `x in~ (...)` over literals, as Sets.
 *
 * The interpreter compares a value with each candidate by `equalScalars`; here the candidates
 * are sorted by type once, so that one value needs at most two Set lookups. What must be kept
 * is the third value: a string never equals a boolean but compares with one as unknown, and
 * a number compares with a string only when the string reads as a decimal, so the answer for
 * a value not found is null or false depending on which kinds of candidates the list has.
 */
import {
  anyOf,
  equalScalars,
  foldCase,
  toNumber,
  type FieldType,
  type Tri,
} from '../event/index.js';
import type { Scalar } from '../query/ast.js';
import type { ScalarTest } from './runtime.js';

const SPECIAL_TYPES = new Set<FieldType>(['date', 'date_nanos', 'ip', 'version']);

/** A compiled `in` list. */
export interface InList {
  /** The test of one scalar; strings arrive already folded when the list ignores case. */
  test: ScalarTest;
  /** When the list holds only strings (and null), a value that is a string is in it iff the
   * Set has it: the generated code's fast path. */
  strings: ReadonlySet<string> | null;
  describe: string;
}

/**
 * Compiles a list of literal candidates.
 *
 * @example compileInList(['a', 'b'], false, undefined).test('a') // true
 * @example compileInList(['a', true], false, undefined).test('c') // null: 'c' vs true is unknown
 */
export function compileInList(
  values: readonly Scalar[],
  caseInsensitive: boolean,
  type: FieldType | undefined,
): InList {
  if (type !== undefined && SPECIAL_TYPES.has(type)) {
    // Dates, addresses and versions compare by meaning, not text: keep the reference rule.
    const options = { type, caseInsensitive };
    const test: ScalarTest = (a) =>
      anyOf(values, (b) => (b === null ? a === null : equalScalars(a, b, options)));
    return { test, strings: null, describe: `${values.length} ${type} values, one by one` };
  }

  const strings = new Set<string>();
  const stringNumbers = new Set<number>();
  let textOnly = false;
  const numbers = new Set<number>();
  let oddNumbers = false;
  const booleans = new Set<boolean>();
  let hasNull = false;
  for (const v of values) {
    if (v === null) hasNull = true;
    else if (typeof v === 'string') {
      strings.add(caseInsensitive ? foldCase(v) : v);
      const n = toNumber(v);
      if (n === null) textOnly = true;
      else stringNumbers.add(n);
    } else if (typeof v === 'number') {
      if (Number.isFinite(v)) numbers.add(v);
      else oddNumbers = true;
    } else booleans.add(v);
  }
  const nonNull = values.length - (hasNull ? values.filter((v) => v === null).length : 0);

  const test: ScalarTest = (a): Tri => {
    if (a === null) return hasNull ? true : nonNull > 0 ? null : false;
    if (typeof a === 'string') {
      if (strings.has(a)) return true;
      let sawNull = booleans.size > 0 || oddNumbers;
      if (numbers.size > 0) {
        const n = toNumber(a);
        if (n === null) sawNull = true;
        else if (numbers.has(n)) return true;
      }
      return sawNull ? null : false;
    }
    if (typeof a === 'number') {
      if (!Number.isFinite(a)) return nonNull > 0 ? null : false;
      if (numbers.has(a) || stringNumbers.has(a)) return true;
      return textOnly || booleans.size > 0 || oddNumbers ? null : false;
    }
    if (booleans.has(a)) return true;
    return strings.size > 0 || numbers.size > 0 || oddNumbers ? null : false;
  };

  const onlyText = numbers.size === 0 && booleans.size === 0 && !oddNumbers;
  const kinds = [
    strings.size > 0 ? `${strings.size} ${caseInsensitive ? 'folded ' : ''}strings` : '',
    numbers.size > 0 ? `${numbers.size} numbers` : '',
    booleans.size > 0 ? `${booleans.size} booleans` : '',
    hasNull ? 'null' : '',
  ].filter((s) => s !== '');
  return {
    test,
    strings: onlyText ? strings : null,
    describe: `in${caseInsensitive ? '~' : ''} Set of ${kinds.join(', ') || 'nothing'}`,
  };
}
