/**
 * Arithmetic: `+ - * / %` and the functions add, subtract, multiply, divide, modulo.
 *
 * Elasticsearch computes on Java longs and doubles, so `7 / 2` is 3 when both operands are
 * integers and 3.5 when either is a fraction. JavaScript has one number type, and `2.0` reads
 * as the integer 2, so whether an operand is fractional is decided by the caller from the
 * syntax (a literal written `2.0`) or the schema (a `double` field), and passed in as
 * `integral`. Null on either side, a non-number, division by zero and overflow to infinity
 * give null.
 */
import type { ArithOp, Scalar } from '../query/ast.js';
import { toNumber } from './values.js';

/**
 * Applies `op` to two scalars. `integral` says both operands are integers by type, so that
 * `/` truncates towards zero (Java's long division); it is honoured only when both values
 * are in fact integers.
 *
 * @example arithmetic('/', 7, 2, true) // 3
 * @example arithmetic('/', 7, 2, false) // 3.5
 * @example arithmetic('%', 7, 0, true) // null
 */
export function arithmetic(op: ArithOp, a: Scalar, b: Scalar, integral: boolean): number | null {
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return null;
  const integers = integral && Number.isInteger(x) && Number.isInteger(y);

  let result: number;
  switch (op) {
    case '+':
      result = x + y;
      break;
    case '-':
      result = x - y;
      break;
    case '*':
      result = x * y;
      break;
    case '/':
      if (y === 0) return null;
      result = integers ? Math.trunc(x / y) : x / y;
      break;
    case '%':
      if (y === 0) return null;
      // JavaScript's % truncates like Java's, for integers and fractions alike.
      result = x % y;
      break;
  }
  // -0 from `-0 * 5` or truncation prints oddly and equals 0 anyway.
  return Number.isFinite(result) ? result + 0 : null;
}

/** Unary minus: null for null and non-numbers. */
export function negate(a: Scalar): number | null {
  const x = toNumber(a);
  return x === null ? null : 0 - x;
}
