/**
 * Join keys: the values that tie the stages of a sequence or a sample together.
 *
 * A key tuple holds one scalar per `by` expression, after the shared keys (`sequence by a`)
 * and before nothing else: `[...query.by, ...stage.by]`. Values are canonical, so that equal
 * keys are equal as JavaScript values: dates are epoch milliseconds, numeric strings in
 * numeric fields are numbers. `null` is a valid key value, but only for optional fields
 * (`?field`); the engine drops an event whose non-optional key is absent before it gets here.
 */
import type { Scalar } from '../query/ast.js';

/** One join key value per `by` expression. */
export type KeyTuple = readonly Scalar[];

/**
 * A string that identifies a key tuple in a `Map`. Types stay apart (`1` is not `"1"`), and
 * `null` is a value like any other.
 */
export function encodeKey(key: KeyTuple): string {
  return JSON.stringify(key);
}

/**
 * Every combination of the values of each position, in order: `[[a, b], [1]]` gives
 * `[[a, 1], [b, 1]]`. This is how a multi-valued key field joins: once per value.
 */
export function cartesian(positions: readonly (readonly Scalar[])[]): KeyTuple[] {
  // One position (`sequence by process.entity_id`), the common case: a tuple per value.
  if (positions.length === 1) return positions[0]!.map((value) => [value]);
  let tuples: Scalar[][] = [[]];
  for (const values of positions) {
    const next: Scalar[][] = [];
    for (const prefix of tuples) for (const value of values) next.push([...prefix, value]);
    tuples = next;
  }
  return tuples;
}

/** Drops repeated values, keeping the first of each (`[a, a, b]` -> `[a, b]`). */
export function distinctScalars(values: readonly Scalar[]): Scalar[] {
  if (values.length < 2) return values.slice();
  const seen = new Set<string>();
  const out: Scalar[] = [];
  for (const value of values) {
    const id = JSON.stringify(value);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(value);
  }
  return out;
}

// null sorts first, as Elasticsearch's composite aggregation puts its missing bucket.
function typeRank(value: Scalar): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'number') return 2;
  return 3;
}

/** Orders two key values: null first, then booleans, numbers, strings (by UTF-16 code unit). */
export function compareKeyValues(a: Scalar, b: Scalar): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (a === b || a === null || b === null) return 0;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean') return a ? 1 : -1;
  return (a as string) < (b as string) ? -1 : 1;
}

/** Orders key tuples position by position; the order samples are returned in. */
export function compareKeys(a: KeyTuple, b: KeyTuple): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareKeyValues(a[i] ?? null, b[i] ?? null);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
