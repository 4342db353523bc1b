/**
 * Wildcard reduction: one EQL pattern becomes the cheapest test that gives the same answer.
 *
 * `*` matches any run of code points and `?` exactly one code point; nothing else is special.
 * A pattern is split at `*` into parts, and each part into literal runs and `?` counts. Most
 * patterns then need no regex at all: `cmd.exe` is an equality, `*\cmd.exe` a suffix test,
 * `/users/*\/library/*` a prefix test followed by an `indexOf` chain. Parts with `?` run on a
 * small segment matcher that steps by code points (a surrogate pair is one step, as in the
 * reference), anchored parts first and middle parts leftmost, so no pattern can backtrack.
 *
 * Why plain code-unit tests are exact: a pattern with a lone surrogate is left to the
 * reference matcher (kind `glob`). Otherwise no literal run starts with a low surrogate or
 * ends with a high one, so wherever `startsWith` / `indexOf` finds a run, it lies on code
 * point boundaries of the value, exactly where the reference would put it.
 */
import { globMatch } from '../interpret/glob.js';

/** A step of a part: literal text, or a number of `?` (code points to skip). */
export type Item = string | number;

/** How a pattern was reduced; `parts` are the `*`-separated pieces, first to last. */
export type Reduction =
  | { kind: 'exact'; text: string }
  | { kind: 'prefix'; text: string }
  | { kind: 'suffix'; text: string }
  | { kind: 'contains'; text: string }
  | { kind: 'any' }
  | { kind: 'prefix-suffix'; prefix: string; suffix: string }
  | { kind: 'chain'; prefix: string; middle: string[]; suffix: string }
  | { kind: 'segments'; parts: Item[][]; star: boolean }
  | { kind: 'glob'; pattern: string };

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Reduces a pattern that is already case-folded where the operator ignores case.
 *
 * @example reducePattern('*\\cmd.exe') // { kind: 'suffix', text: '\\cmd.exe' }
 * @example reducePattern('?:\\windows\\*') // segments: [[1, ':\\windows\\'], []]
 */
export function reducePattern(pattern: string): Reduction {
  if (SURROGATE.test(pattern) && LONE_SURROGATE.test(pattern)) return { kind: 'glob', pattern };

  const parts = pattern.split('*').map(partItems);
  const star = parts.length > 1;
  if (parts.some((part) => part.some((item) => typeof item === 'number'))) {
    const last = parts.length - 1;
    return { kind: 'segments', parts: parts.filter((p, i) => p.length > 0 || i === 0 || i === last), star };
  }

  const texts = parts.map((part) => (part[0] as string | undefined) ?? '');
  if (!star) return { kind: 'exact', text: pattern };
  const first = texts[0]!;
  const last = texts[texts.length - 1]!;
  const middle = texts.slice(1, -1).filter((t) => t !== '');
  if (middle.length === 0) {
    if (first === '' && last === '') return { kind: 'any' };
    if (last === '') return { kind: 'prefix', text: first };
    if (first === '') return { kind: 'suffix', text: last };
    return { kind: 'prefix-suffix', prefix: first, suffix: last };
  }
  if (first === '' && last === '' && middle.length === 1) {
    return { kind: 'contains', text: middle[0]! };
  }
  return { kind: 'chain', prefix: first, middle, suffix: last };
}

/** A part as items: `ab??c` is `['ab', 2, 'c']`. */
function partItems(part: string): Item[] {
  const items: Item[] = [];
  let text = '';
  let count = 0;
  for (const ch of part) {
    if (ch === '?') {
      if (text !== '') items.push(text);
      text = '';
      count++;
    } else {
      if (count > 0) items.push(count);
      count = 0;
      text += ch;
    }
  }
  if (text !== '') items.push(text);
  if (count > 0) items.push(count);
  return items;
}

/**
 * The test for one reduction, over a value already folded the same way as the pattern.
 *
 * @example reductionTest(reducePattern('a*b'))('axxb') // true
 */
export function reductionTest(r: Reduction): (value: string) => boolean {
  switch (r.kind) {
    case 'exact': {
      const t = r.text;
      return (v) => v === t;
    }
    case 'prefix': {
      const t = r.text;
      return (v) => v.startsWith(t);
    }
    case 'suffix': {
      const t = r.text;
      return (v) => v.endsWith(t);
    }
    case 'contains': {
      const t = r.text;
      return (v) => v.includes(t);
    }
    case 'any':
      return () => true;
    case 'prefix-suffix': {
      const { prefix, suffix } = r;
      const min = prefix.length + suffix.length;
      return (v) => v.length >= min && v.startsWith(prefix) && v.endsWith(suffix);
    }
    case 'chain':
      return chainTest(r.prefix, r.middle, r.suffix);
    case 'segments':
      return segmentTest(r.parts, r.star);
    case 'glob': {
      // The pattern is folded already; the reference folds nothing more when told it is exact.
      const pattern = r.pattern;
      return (v) => globMatch(pattern, v, false);
    }
  }
}

function chainTest(prefix: string, middle: readonly string[], suffix: string) {
  const min = prefix.length + suffix.length + middle.reduce((n, m) => n + m.length, 0);
  return (v: string): boolean => {
    if (v.length < min || !v.startsWith(prefix) || !v.endsWith(suffix)) return false;
    // Leftmost placement of each middle run is optimal; the suffix region is off limits.
    const limit = v.length - suffix.length;
    let pos = prefix.length;
    for (const m of middle) {
      const at = v.indexOf(m, pos);
      if (at < 0 || at + m.length > limit) return false;
      pos = at + m.length;
    }
    return true;
  };
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Where a forward match of `items` from `pos` ends, or -1. Never past `limit`. */
function forward(v: string, items: readonly Item[], pos: number, limit: number): number {
  for (const item of items) {
    if (typeof item === 'string') {
      if (pos + item.length > limit || !v.startsWith(item, pos)) return -1;
      pos += item.length;
      continue;
    }
    for (let n = item; n > 0; n--) {
      if (pos >= limit) return -1;
      pos += isHigh(v.charCodeAt(pos)) && pos + 1 < v.length && isLow(v.charCodeAt(pos + 1)) ? 2 : 1;
      if (pos > limit) return -1;
    }
  }
  return pos;
}

/** Where a backward match of `items` ending at `end` starts, or -1. Never before `floor`. */
function backward(v: string, items: readonly Item[], end: number, floor: number): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (typeof item === 'string') {
      if (end - item.length < floor || !v.startsWith(item, end - item.length)) return -1;
      end -= item.length;
      continue;
    }
    for (let n = item; n > 0; n--) {
      if (end <= floor) return -1;
      end -= isLow(v.charCodeAt(end - 1)) && end >= 2 && isHigh(v.charCodeAt(end - 2)) ? 2 : 1;
      if (end < floor) return -1;
    }
  }
  return end;
}

/** One code point forward from `pos`. */
function step(v: string, pos: number): number {
  return isHigh(v.charCodeAt(pos)) && pos + 1 < v.length && isLow(v.charCodeAt(pos + 1))
    ? pos + 2
    : pos + 1;
}

/**
 * The segment matcher: the first part anchored at the start, the last at the end, each middle
 * part at its leftmost code point position. Time is at most value length times part length.
 */
function segmentTest(parts: readonly Item[][], star: boolean) {
  const head = parts[0] ?? [];
  if (!star) return (v: string): boolean => forward(v, head, 0, v.length) === v.length;

  const tail = parts[parts.length - 1] ?? [];
  const middle = parts.slice(1, -1);
  return (v: string): boolean => {
    const start = forward(v, head, 0, v.length);
    if (start < 0) return false;
    const end = backward(v, tail, v.length, start);
    if (end < 0) return false;
    let pos = start;
    for (const part of middle) {
      let found = -1;
      for (let at = pos; at <= end; at = step(v, at)) {
        found = forward(v, part, at, end);
        if (found >= 0) break;
      }
      if (found < 0) return false;
      pos = found;
    }
    return true;
  };
}

/**
 * The reduction as a reader would say it, for `eqlscan explain`.
 *
 * @example describeReduction(reducePattern('/users/*\/library/keychains/*'))
 * // 'prefix "/users/" then contains "/library/keychains/"'
 */
export function describeReduction(r: Reduction): string {
  const q = (s: string): string => JSON.stringify(s);
  switch (r.kind) {
    case 'exact':
    case 'prefix':
    case 'suffix':
    case 'contains':
      return `${r.kind} ${q(r.text)}`;
    case 'any':
      return 'any value';
    case 'prefix-suffix':
      const min = r.prefix.length + r.suffix.length;
      return `prefix ${q(r.prefix)} and suffix ${q(r.suffix)} (length >= ${min})`;
    case 'chain': {
      const steps: string[] = [];
      if (r.prefix !== '') steps.push(`prefix ${q(r.prefix)}`);
      for (const m of r.middle) steps.push(`contains ${q(m)}`);
      if (r.suffix !== '') steps.push(`suffix ${q(r.suffix)}`);
      return steps.join(' then ');
    }
    case 'segments': {
      const part = (items: Item[]): string =>
        items.map((i) => (typeof i === 'number' ? `?${i > 1 ? `x${i}` : ''}` : q(i))).join(' ');
      return `segments ${r.parts.map((p) => `[${part(p)}]`).join(r.star ? ' * ' : '')} (code points)`;
    }
    case 'glob':
      return `reference glob ${q(r.pattern)} (lone surrogate)`;
  }
}
