/**
 * The tree walk: one expression, one event, one value.
 *
 * Every rule is applied where a reader would look for it, with no planning and no caching
 * beyond compiled patterns, so that this file can serve as the definition the compiled
 * matchers are tested against.
 *
 * Nulls. A comparison with null on either side is null (unknown); `not`, `and`, `or` are
 * three-valued (Kleene); the caller treats a null condition as false. A field missing from
 * the event is null too. (Elasticsearch rejects a query naming a field its mapping does not
 * have; offline there is no mapping, so a missing field simply never compares.) The one
 * exception is the literal `null`: `x == null` is true when x is null or missing, and
 * `x != null` when it is present.
 *
 * Multi-valued fields. A predicate over a field with several values holds when it holds for
 * any value (`x == "a"` on ["a", "b"] is true). `not`, `!=` and `not in` negate that whole
 * answer, so `x != "a"` on ["a", "b"] is false: no value may equal "a". Arithmetic and
 * functions apply to each combination of argument values, giving a multi-valued result that
 * later predicates again test with "any". More than `MAX_COMBINATIONS` combinations give null,
 * so a hostile event with huge arrays cannot exhaust memory.
 */
import type { Expr, Field, Scalar } from '../query/ast.js';
import {
  anyOf,
  arithmetic,
  compareScalars,
  compileLuceneRegex,
  equalScalars,
  fieldTypeOf,
  isFractionalType,
  negate,
  not,
  ORDER_TESTS,
  readField,
  resolveAlias,
  scalarsOf,
  schemaKey,
  toText,
  toTri,
  type FieldType,
  type Schema,
  type Tri,
  type Value,
} from '../event/index.js';
import { arithOpOf, callFunction } from './functions.js';
import { globMatch } from './glob.js';

/** What evaluation needs besides the expression and the event. */
export interface EvalContext {
  /** Field types and aliases; `@timestamp` is a date when absent. */
  schema?: Schema | undefined;
}

/** The most argument-value combinations a function or operator is evaluated over. */
export const MAX_COMBINATIONS = 4096;

/**
 * Evaluates an expression over an event. Conditions give `true`, `false` or `null`; values
 * give a scalar, an array of scalars (multi-valued), or `undefined` (an absent field).
 *
 * @example evaluate(parseExpression('length(a) + 1'), { a: 'abc' }) // 4
 */
export function evaluate(expr: Expr, event: object, ctx: EvalContext = {}): Value {
  switch (expr.kind) {
    case 'literal':
      return expr.value;

    case 'field': {
      const path = resolveAlias(ctx.schema, expr.path);
      return readField(event, path, ctx.schema?.nullValues.get(schemaKey(path)));
    }

    case 'not':
      return not(toTri(evaluate(expr.operand, event, ctx)));

    case 'and': {
      let sawNull = false;
      for (const operand of expr.operands) {
        const result = toTri(evaluate(operand, event, ctx));
        if (result === false) return false;
        if (result === null) sawNull = true;
      }
      return sawNull ? null : true;
    }

    case 'or': {
      let sawNull = false;
      for (const operand of expr.operands) {
        const result = toTri(evaluate(operand, event, ctx));
        if (result === true) return true;
        if (result === null) sawNull = true;
      }
      return sawNull ? null : false;
    }

    case 'compare': {
      // The literal null asks whether the other side is null: never unknown.
      const leftIsNull = actsAsNullLiteral(expr.left, event, ctx);
      if (leftIsNull || actsAsNullLiteral(expr.right, event, ctx)) {
        const other = leftIsNull ? expr.right : expr.left;
        const isNullValue = anyOf(scalarsOf(evaluate(other, event, ctx)), (v) => v === null);
        if (expr.op === '==') return isNullValue;
        if (expr.op === '!=') return not(isNullValue);
        return null;
      }

      const left = evaluate(expr.left, event, ctx);
      const right = evaluate(expr.right, event, ctx);
      const type = typeOf(expr.left, ctx) ?? typeOf(expr.right, ctx);
      if (expr.op === '!=') {
        return not(anyPair(left, right, (a, b) => equalScalars(a, b, { type })));
      }
      const holds = ORDER_TESTS[expr.op];
      return anyPair(left, right, (a, b) => {
        const order = compareScalars(a, b, { type });
        return order === null ? null : holds(order);
      });
    }

    case 'in': {
      const left = evaluate(expr.left, event, ctx);
      const type = typeOf(expr.left, ctx);
      const options = { type, caseInsensitive: expr.caseInsensitive };
      const candidates = expr.values.map((item) =>
        isNullLiteral(item) ? NULL_LITERAL : evaluate(item, event, ctx),
      );
      const found = anyOf(scalarsOf(left), (a) =>
        anyOf(candidates, (candidate) =>
          candidate === NULL_LITERAL
            ? a === null
            : anyOf(scalarsOf(candidate), (b) => equalScalars(a, b, options)),
        ),
      );
      return expr.negated ? not(found) : found;
    }

    case 'match': {
      const left = evaluate(expr.left, event, ctx);
      const type = typeOf(expr.left, ctx);
      const ci = expr.caseInsensitive;
      return anyOf(scalarsOf(left), (value) =>
        anyOf(expr.patterns, (pattern) => matchOne(expr.op, value, pattern.value, ci, type)),
      );
    }

    case 'arith': {
      const integral = !isFractional(expr.left, ctx) && !isFractional(expr.right, ctx);
      const op = expr.op;
      return fanOut([evaluate(expr.left, event, ctx), evaluate(expr.right, event, ctx)], (args) =>
        arithmetic(op, args[0] ?? null, args[1] ?? null, integral),
      );
    }

    case 'neg':
      return fanOut([evaluate(expr.operand, event, ctx)], (args) => negate(args[0] ?? null));

    case 'call': {
      const info = {
        caseInsensitive: expr.caseInsensitive,
        integral: expr.args.every((arg) => !isFractional(arg, ctx)),
      };
      const name = expr.name;
      const args = expr.args.map((arg) => evaluate(arg, event, ctx));
      return fanOut(args, (scalars) => callFunction(name, scalars, info));
    }
  }
}

/**
 * The truth of a condition over an event: `true`, `false` or `null` (unknown). A query
 * selects the event only when this is `true`.
 *
 * @example test(parseExpression('x > 1'), {}) // null: x is missing
 */
export function test(expr: Expr, event: object, ctx: EvalContext = {}): Tri {
  return toTri(evaluate(expr, event, ctx));
}

// Stands for the literal `null` in an `in` list, which (like `== null`) tests for null.
const NULL_LITERAL = Symbol('null literal');

function isNullLiteral(expr: Expr): boolean {
  return expr.kind === 'literal' && expr.value === null;
}

/**
 * Elasticsearch replaces an optional field that its mapping does not know with the literal
 * null before running the query, so `?x == ?y` over two unknown fields is `null == null`:
 * true. Offline there is often no mapping at all; then a `?field` that this event lacks is
 * taken as unknown in the same way.
 */
function actsAsNullLiteral(expr: Expr, event: object, ctx: EvalContext): boolean {
  if (isNullLiteral(expr)) return true;
  if (expr.kind !== 'field' || !expr.optional) return false;
  if (ctx.schema !== undefined && fieldTypeOf(ctx.schema, expr.path) !== undefined) return false;
  return evaluate(expr, event, ctx) === undefined;
}

/** The schema type of a field operand; other expressions have none. */
function typeOf(expr: Expr, ctx: EvalContext): FieldType | undefined {
  return expr.kind === 'field' ? fieldTypeOf(ctx.schema, (expr as Field).path) : undefined;
}

/**
 * True when an expression's numbers are fractions by type: a literal written `2.0`, a
 * `double` field, or arithmetic over one. Integer division applies only when neither operand
 * of `/` is.
 */
function isFractional(expr: Expr, ctx: EvalContext): boolean {
  switch (expr.kind) {
    case 'literal':
      if (expr.decimal === true) return true;
      return typeof expr.value === 'number' && !Number.isInteger(expr.value);
    case 'field':
      return isFractionalType(typeOf(expr, ctx));
    case 'arith':
      return isFractional(expr.left, ctx) || isFractional(expr.right, ctx);
    case 'neg':
      return isFractional(expr.operand, ctx);
    case 'call':
      return arithOpOf(expr.name) !== undefined && expr.args.some((arg) => isFractional(arg, ctx));
    default:
      return false;
  }
}

/** "Any" over every pair of scalars from two values. */
function anyPair(left: Value, right: Value, predicate: (a: Scalar, b: Scalar) => Tri): Tri {
  const rights = scalarsOf(right);
  return anyOf(scalarsOf(left), (a) => anyOf(rights, (b) => predicate(a, b)));
}

/** One value against one pattern of `:`, `like` or `regex`. */
function matchOne(
  op: ':' | 'like' | 'regex',
  value: Scalar,
  pattern: Scalar,
  caseInsensitive: boolean,
  type: FieldType | undefined,
): Tri {
  if (pattern === null) return value === null;
  if (value === null) return null;

  // `x : 5` and `x : true` are equality (case-folded for strings, as `:` always is).
  if (typeof pattern !== 'string') return equalScalars(value, pattern, { type, caseInsensitive });

  // A number or boolean matched against text is matched as its text form.
  const text = toText(value) ?? '';
  if (op === 'regex') return compileLuceneRegex(pattern, caseInsensitive).test(text);
  return globMatch(pattern, text, caseInsensitive);
}

/**
 * Applies `fn` to every combination of the arguments' scalars. Single-valued arguments give
 * a single result; otherwise the results form a multi-valued value.
 */
function fanOut(args: Value[], fn: (scalars: Scalar[]) => Scalar): Value {
  const lists = args.map(scalarsOf);
  let combinations = 1;
  for (const list of lists) combinations *= list.length;
  if (combinations === 1) return fn(lists.map((list) => list[0] ?? null));
  if (combinations > MAX_COMBINATIONS) return null;

  const results: Scalar[] = [];
  const current: Scalar[] = new Array<Scalar>(lists.length).fill(null);
  const walk = (i: number): void => {
    if (i === lists.length) {
      results.push(fn(current.slice()));
      return;
    }
    for (const scalar of lists[i] ?? []) {
      current[i] = scalar;
      walk(i + 1);
    }
  };
  walk(0);
  return results;
}
