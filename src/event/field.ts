/**
 * Field lookup over decoded JSON events.
 *
 * An event may nest objects (`{"process": {"name": ...}}`), use flat dotted keys
 * (`{"process.name": ...}`), or mix both (`{"process": {"parent.name": ...}}`), as Beats and
 * Winlogbeat output do. Lookup therefore tries every way to split the remaining path into
 * keys, and keeps every value it reaches. An array anywhere along the way makes the field
 * multi-valued: the result is the flattened list of leaf values, as Elasticsearch indexes it.
 *
 * Only own properties are ever read (`Object.hasOwn`), so names like `__proto__` or
 * `constructor` reach event data or nothing, never the prototype chain.
 */
import type { Scalar } from '../query/ast.js';
import type { Value } from './values.js';

/** One step of a field path: a key, or an array index from `[n]`. */
export type PathSegment = string | number;

/**
 * Splits a dotted field name into segments: `a.b[0].c` is `['a', 'b', 0, 'c']`.
 *
 * @example parseFieldPath('process.args[1]') // ['process', 'args', 1]
 */
export function parseFieldPath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of text.split('.')) {
    const match = /^(.*?)((?:\[\d+\])*)$/.exec(part);
    const name = match?.[1] ?? part;
    const indexes = match?.[2] ?? '';
    if (name !== '' || indexes === '') segments.push(name);
    for (const index of indexes.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/**
 * Reads a field from an event.
 *
 * Returns `undefined` when the field is absent (or holds only nulls, empty arrays or objects),
 * the scalar when there is exactly one value, and an array of two or more scalars when the
 * field is multi-valued. Nulls are dropped, as Elasticsearch does not index them, unless
 * `nullValue` (a mapping's `null_value`) is given to stand for them; an object as a leaf is
 * not a value (Elasticsearch cannot query an object field).
 *
 * @example readField({ process: { 'parent.name': 'cmd.exe' } }, 'process.parent.name') // 'cmd.exe'
 * @example readField({ a: [{ b: 1 }, { b: [2, 3] }] }, ['a', 'b']) // [1, 2, 3]
 */
export function readField(
  event: unknown,
  path: string | readonly PathSegment[],
  nullValue?: Scalar,
): Value {
  const segments = typeof path === 'string' ? parseFieldPath(path) : path;
  const found: Scalar[] = [];
  collect(event, segments, 0, nullValue ?? null, found);

  if (found.length === 0) return undefined;
  if (found.length === 1) return found[0];
  return found;
}

/** Appends to `out` every leaf value reachable from `node` by `segments[from..]`. */
function collect(
  node: unknown,
  segments: readonly PathSegment[],
  from: number,
  nullValue: Scalar,
  out: Scalar[],
): void {
  if (from === segments.length) {
    leaves(node, nullValue, out);
    return;
  }

  const segment = segments[from];
  if (Array.isArray(node)) {
    // An index selects one element; a name applies to every element (multi-valued).
    if (typeof segment === 'number') {
      if (segment < node.length) collect(node[segment], segments, from + 1, nullValue, out);
    } else {
      for (const element of node) collect(element, segments, from, nullValue, out);
    }
    return;
  }
  if (typeof node !== 'object' || node === null || typeof segment === 'number') return;

  // Try `a`, `a.b`, `a.b.c`, ... as keys at this level: flat dotted keys and nesting mix.
  const record = node as Record<string, unknown>;
  let key = '';
  for (let end = from; end < segments.length; end++) {
    const name = segments[end];
    if (typeof name === 'number') break;
    key = end === from ? name : `${key}.${name}`;
    if (Object.hasOwn(record, key)) collect(record[key], segments, end + 1, nullValue, out);
  }
}

/** Appends the scalar leaves of a value: arrays flatten, nulls and objects are skipped. */
function leaves(node: unknown, nullValue: Scalar, out: Scalar[]): void {
  if (Array.isArray(node)) {
    for (const element of node) leaves(element, nullValue, out);
    return;
  }
  if (node === null && nullValue !== null) out.push(nullValue);
  if (typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean') {
    out.push(node);
  }
}
