/**
 * What generated matchers call at run time: the slow paths, each a line-for-line mirror of
 * the reference interpreter (`src/interpret/evaluate.ts`), built on the same value rules.
 *
 * Generated code inlines only the common case (one string value, a literal to test it
 * against); everything else (arrays, nulls, type mixing, functions) lands here, so the two
 * engines share one definition of every corner.
 */
import {
  anyOf,
  arithmetic,
  compareScalars,
  equalScalars,
  foldCase,
  negate,
  not,
  ORDER_TESTS,
  readField,
  scalarsOf,
  toTri,
  type FieldType,
  type Tri,
  type Value,
} from '../event/index.js';
import { inCidr, parseCidr, parseIp, type CidrBlock } from '../event/ip.js';
import { callFunction, MAX_COMBINATIONS, type CallInfo } from '../interpret/index.js';
import type { ArithOp, CompareOp, FunctionName, Scalar } from '../query/ast.js';

/** A test of one scalar, three-valued. */
export type ScalarTest = (value: Scalar) => Tri;

/** Stands for the literal `null` in an `in` list of non-literal values. */
export const NULL_LITERAL: unique symbol = Symbol('null literal');

/** "Any" over the scalars of a value: absent, null and `[]` are tested as one null. */
export function any(value: Value, test: ScalarTest): Tri {
  if (!Array.isArray(value)) return test(value === undefined ? null : value);
  if (value.length === 0) return test(null);
  let sawNull = false;
  for (let i = 0; i < value.length; i++) {
    const result = test(value[i]!);
    if (result === true) return true;
    if (result === null) sawNull = true;
  }
  return sawNull ? null : false;
}

/** `x == null`: the value is absent, null, or has a null among its values. */
export function isNullValue(value: Value): boolean {
  if (value === undefined || value === null) return true;
  if (!Array.isArray(value)) return false;
  return value.length === 0 || value.includes(null);
}

/** The leaf values of a JSON node reached by a field path, as `readField` returns them. */
export function leaves(node: unknown): Value {
  if (!Array.isArray(node)) {
    const t = typeof node;
    return t === 'string' || t === 'number' || t === 'boolean' ? (node as Scalar) : undefined;
  }
  // The common case, an array of plain scalars, is returned as it is: nothing mutates it.
  let plain = node.length >= 2;
  for (let i = 0; plain && i < node.length; i++) {
    const t = typeof node[i];
    plain = t === 'string' || t === 'number' || t === 'boolean';
  }
  if (plain) return node as Scalar[];
  return readField(node, []);
}

/** A value with its strings case-folded, for `:`, `like~` and `in~`; other scalars kept. */
export function foldValue(value: Value): Value {
  if (typeof value === 'string') return foldCase(value);
  if (!Array.isArray(value)) return value;
  return value.map((v) => (typeof v === 'string' ? foldCase(v) : v));
}

/**
 * A comparison of two values, with the null-literal rule: when either side acts as the
 * literal null, `==` asks whether the other side is null and `!=` whether it is not.
 */
export function compare(
  op: CompareOp,
  left: Value,
  right: Value,
  leftIsNull: boolean,
  rightIsNull: boolean,
  type: FieldType | undefined,
): Tri {
  if (leftIsNull || rightIsNull) {
    const isNull = isNullValue(leftIsNull ? right : left);
    if (op === '==') return isNull;
    if (op === '!=') return !isNull;
    return null;
  }
  const rights = scalarsOf(right);
  const options = { type };
  if (op === '!=') {
    return not(anyOf(scalarsOf(left), (a) => anyOf(rights, (b) => equalScalars(a, b, options))));
  }
  const holds = ORDER_TESTS[op];
  return anyOf(scalarsOf(left), (a) =>
    anyOf(rights, (b) => {
      const order = compareScalars(a, b, options);
      return order === null ? null : holds(order);
    }),
  );
}

/** `left in (candidates)` where some candidate is not a literal; `NULL_LITERAL` marks `null`. */
export function inValues(
  left: Value,
  candidates: readonly (Value | typeof NULL_LITERAL)[],
  type: FieldType | undefined,
  caseInsensitive: boolean,
): Tri {
  const options = { type, caseInsensitive };
  return anyOf(scalarsOf(left), (a) =>
    anyOf(candidates, (c) =>
      c === NULL_LITERAL ? a === null : anyOf(scalarsOf(c), (b) => equalScalars(a, b, options)),
    ),
  );
}

/** Applies `fn` to each combination of the arguments' scalars, as the interpreter does. */
export function fan(args: readonly Value[], fn: (scalars: Scalar[]) => Scalar): Value {
  let combinations = 1;
  let single = true;
  for (const arg of args) {
    if (Array.isArray(arg)) {
      single = false;
      combinations *= Math.max(1, arg.length);
    }
  }
  if (single || combinations === 1) {
    return fn(args.map((a) => (Array.isArray(a) ? (a[0] ?? null) : a === undefined ? null : a)));
  }
  if (combinations > MAX_COMBINATIONS) return null;

  const lists = args.map(scalarsOf);
  const results: Scalar[] = [];
  const current: Scalar[] = new Array<Scalar>(lists.length).fill(null);
  const walk = (i: number): void => {
    if (i === lists.length) {
      results.push(fn(current.slice()));
      return;
    }
    for (const scalar of lists[i]!) {
      current[i] = scalar;
      walk(i + 1);
    }
  };
  walk(0);
  return results;
}

/** The scalar function behind a call node. */
export function callOf(name: FunctionName, info: CallInfo): (scalars: Scalar[]) => Scalar {
  return (scalars) => callFunction(name, scalars, info);
}

/** Addresses whose `cidrMatch` verdict one constant block list remembers, before starting again. */
const CIDR_MEMO_MAX = 4096;

/**
 * `cidrMatch(address, ...blocks)` for a call whose blocks are all valid constants, as
 * `callFunction` gives it: the blocks parsed once, and the verdict remembered per address
 * text, since the same addresses recur from event to event. Null when a block is not a
 * valid constant: the general call then reports it when reached, as the interpreter does.
 */
export function cidrMatchOf(blocks: readonly Scalar[]): ((scalars: Scalar[]) => Scalar) | null {
  const parsed: CidrBlock[] = [];
  for (const block of blocks) {
    const cidr = typeof block === 'string' ? parseCidr(block) : null;
    if (cidr === null) return null;
    parsed.push(cidr);
  }
  const memo = new Map<string, boolean | null>();
  return ([address = null]) => {
    if (typeof address !== 'string') return null;
    let verdict = memo.get(address);
    if (verdict !== undefined) return verdict;
    const bytes = parseIp(address);
    verdict = bytes === null ? null : parsed.some((block) => inCidr(bytes, block));
    if (memo.size >= CIDR_MEMO_MAX) memo.clear();
    memo.set(address, verdict);
    return verdict;
  };
}

/** The scalar function behind an arithmetic node. */
export function arithOf(op: ArithOp, integral: boolean): (scalars: Scalar[]) => Scalar {
  return ([a = null, b = null]) => arithmetic(op, a, b, integral);
}

/** Unary minus over scalars. */
export function negateOf(): (scalars: Scalar[]) => Scalar {
  return ([a = null]) => negate(a);
}

/** True when some value of `value` is exactly `wanted` (the category test). */
export function hasValue(value: Value, wanted: Scalar): boolean {
  return Array.isArray(value) ? value.includes(wanted) : value === wanted;
}

/** Everything generated code may reach, passed in as one argument. */
export const RUNTIME = {
  any,
  isNullValue,
  leaves,
  foldValue,
  compare,
  inValues,
  fan,
  hasValue,
  toTri,
  not,
  readField,
  hasOwn: Object.hasOwn,
  isArray: Array.isArray,
  NULL_LITERAL,
} as const;

/** The type of `RUNTIME`, as generated code sees it. */
export type Runtime = typeof RUNTIME;
