/**
 * The EQL function library, over scalars.
 *
 * Each function takes one scalar per argument; the evaluator fans a multi-valued argument out
 * (see `evaluate.ts`). Null in gives null out, as Elasticsearch documents for every function.
 * Where Elasticsearch would fail the whole query at run time (a number where a string is
 * required, `number("abc")`), these return null instead: offline there is no verifier to
 * catch the mistake first, and one odd event must not stop a scan.
 */
import type { ArithOp, FunctionName, Scalar } from '../query/ast.js';
import {
  arithmetic,
  foldCase,
  inCidr,
  parseCidr,
  parseDecimal,
  parseIp,
  toText,
  type CidrBlock,
} from '../event/index.js';
import { EqlError } from '../errors.js';

/** What a function call knows besides its arguments. */
export interface CallInfo {
  /** `fn~()`: string matching ignores case. */
  caseInsensitive: boolean;
  /** Both numeric arguments are integers by type, so `divide` truncates. */
  integral: boolean;
}

type Impl = (args: readonly Scalar[], info: CallInfo) => Scalar;

const ARITH: Partial<Record<FunctionName, ArithOp>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  modulo: '%',
};

/** The operator a math function stands for, if it is one. */
export function arithOpOf(name: FunctionName): ArithOp | undefined {
  return ARITH[name];
}

const str = (value: Scalar | undefined): string | null =>
  typeof value === 'string' ? value : null;

const int = (value: Scalar | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;

const math =
  (op: ArithOp): Impl =>
  ([a = null, b = null], info) =>
    arithmetic(op, a, b, info.integral);

/** `between(source, left, right, greedy = false)`: the text between `left` and `right`. */
function between([source, left, right, greedy = false]: readonly Scalar[], info: CallInfo) {
  const s = str(source);
  const l = str(left);
  const r = str(right);
  if (s === null || l === null || r === null || typeof greedy !== 'boolean') return null;

  // Positions are found in the folded text and cut from the original, as Elasticsearch does.
  const haystack = info.caseInsensitive ? foldCase(s) : s;
  const leftNeedle = info.caseInsensitive ? foldCase(l) : l;
  const rightNeedle = info.caseInsensitive ? foldCase(r) : r;
  const found = haystack.indexOf(leftNeedle);
  if (found < 0) return '';
  const start = found + leftNeedle.length;
  const end = greedy ? haystack.lastIndexOf(rightNeedle) : haystack.indexOf(rightNeedle, start);
  return end < start ? '' : s.substring(start, end);
}

const cidrCache = new Map<string, CidrBlock>();

/** `cidrMatch(ip, cidr...)`: the address lies in any of the blocks (IPv4 or IPv6). */
function cidrMatch([address, ...blocks]: readonly Scalar[]) {
  const ip = str(address);
  if (ip === null) return null;
  const bytes = parseIp(ip);
  if (bytes === null) return null;

  return blocks.some((block) => {
    const text = str(block);
    if (text === null) return false;
    let parsed = cidrCache.get(text);
    if (!parsed) {
      const result = parseCidr(text);
      if (!result) throw new EqlError('type', `Invalid CIDR block [${text}] in cidrMatch`);
      parsed = result;
      cidrCache.set(text, parsed);
    }
    return inCidr(bytes, parsed);
  });
}

/** `concat(value...)`: the values as text, joined; null if any is null. */
function concat(args: readonly Scalar[]) {
  let out = '';
  for (const arg of args) {
    const text = toText(arg);
    if (text === null) return null;
    out += text;
  }
  return out;
}

/** `indexOf(source, substring, start = 0)`: the first position at or after `start`, or null. */
function indexOf([source, sub, start = 0]: readonly Scalar[], info: CallInfo) {
  const s = str(source);
  const n = str(sub);
  const from = start === null ? 0 : int(start);
  if (s === null || n === null || from === null) return null;
  const haystack = info.caseInsensitive ? foldCase(s) : s;
  const needle = info.caseInsensitive ? foldCase(n) : n;
  // A negative start searches from 0 (Java's String.indexOf), not from the end.
  const found = haystack.indexOf(needle, Math.max(0, from));
  return found < 0 ? null : found;
}

/**
 * `number(text, base)`: decimal text (fractions allowed) in base 10; integer digits in other
 * bases. A `0x` prefix means base 16 when no base is given, and is skipped in base 16.
 */
function number([source, base = null]: readonly Scalar[]) {
  if (source === null) return null;
  if (typeof source === 'number') return base === null || base === 10 ? source : null;
  const s = str(source);
  if (s === null) return null;

  const hexPrefix = s.startsWith('0x');
  const radix = base === null ? (hexPrefix ? 16 : 10) : int(base);
  if (radix === null || radix < 2 || radix > 36) return null;
  if (radix === 10) return parseDecimal(s);

  const digits = hexPrefix && radix === 16 ? s.slice(2) : s;
  const m = /^([+-]?)([0-9a-z]+)$/i.exec(digits);
  if (!m) return null;
  const body = m[2] ?? '';
  for (const ch of body.toLowerCase()) {
    if (parseInt(ch, 36) >= radix) return null;
  }
  const value = parseInt(body, radix);
  return m[1] === '-' ? -value : value;
}

/** `substring(source, start, end)`: Python slice semantics, negative indexes from the end. */
function substring([source, start = null, end = null]: readonly Scalar[]) {
  const s = str(source);
  if (s === null) return null;
  const length = s.length;
  let from = start === null ? 0 : int(start);
  let to = end === null ? length : int(end);
  if (from === null || to === null) return null;

  if (from < 0) from = Math.max(0, from + length);
  if (to < 0) to = Math.max(0, to + length);
  to = Math.min(to, length);
  return from >= to ? '' : s.substring(from, to);
}

/** A string test over two strings, folded first under `fn~()`. */
const stringTest =
  (check: (s: string, t: string) => boolean): Impl =>
  ([a, b], info) => {
    const s = str(a ?? null);
    const t = str(b ?? null);
    if (s === null || t === null) return null;
    return info.caseInsensitive ? check(foldCase(s), foldCase(t)) : check(s, t);
  };

const IMPLEMENTATIONS: Readonly<Record<FunctionName, Impl>> = {
  add: math('+'),
  between,
  cidrMatch,
  concat,
  divide: math('/'),
  endsWith: stringTest((s, t) => s.endsWith(t)),
  indexOf,
  length: ([source]) => {
    const s = str(source ?? null);
    return s === null ? null : s.length;
  },
  modulo: math('%'),
  multiply: math('*'),
  number,
  startsWith: stringTest((s, t) => s.startsWith(t)),
  string: ([value]) => toText(value ?? null),
  stringContains: stringTest((s, t) => s.includes(t)),
  substring,
  subtract: math('-'),
};

/**
 * Calls a function on one scalar per argument.
 *
 * @example
 * callFunction('substring', ['cmd.exe', -4], { caseInsensitive: false, integral: true }); // '.exe'
 */
export function callFunction(name: FunctionName, args: readonly Scalar[], info: CallInfo): Scalar {
  const impl = IMPLEMENTATIONS[name];
  if (!impl) throw new EqlError('unknown-function', `Unknown function [${name}]`);
  return impl(args, info);
}
