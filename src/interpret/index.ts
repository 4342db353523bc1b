/**
 * The reference interpreter: EQL conditions evaluated by walking the syntax tree.
 *
 * Takes an expression (or an event query) and one decoded event, and hands on the value or
 * the three-valued truth of the condition. It is the semantic oracle: compiled matchers must
 * agree with it on every event, and benchmarks measure them against it. The key design choice
 * is to do nothing clever: each node is evaluated from the value rules in `src/event/`, in the
 * order it is written, on every call.
 *
 * @example
 * const q = parseQuery('process where process.name : "cmd.exe"');
 * matchesEventQuery(q.body as EventQuery, event, { categoryField: 'event.category' });
 */
import type { EventQuery } from '../query/ast.js';
import { anyOf, parseFieldPath, readField, resolveAlias, scalarsOf } from '../event/index.js';
import type { PathSegment, Schema } from '../event/index.js';
import { test } from './evaluate.js';

export { evaluate, MAX_COMBINATIONS, test } from './evaluate.js';
export type { EvalContext } from './evaluate.js';
export { callFunction } from './functions.js';
export type { CallInfo } from './functions.js';
export type { Tri, Value } from '../event/index.js';

/** How an event query finds an event's category. */
export interface EventQueryOptions {
  /** The dotted field holding the category, such as `event.category`. */
  categoryField: string;
  schema?: Schema | undefined;
}

const categoryPaths = new Map<string, PathSegment[]>();

/**
 * True when the event belongs to the query's category (`any` matches every event; the
 * comparison is case-sensitive; a multi-valued category matches when any value does) and the
 * condition is true. A null (unknown) condition does not match.
 *
 * @example
 * const event = { event: { category: ['process', 'start'] } };
 * matchesEventQuery(q, event, { categoryField: 'event.category' }); // true: `process where true`
 */
export function matchesEventQuery(
  query: EventQuery,
  event: object,
  options: EventQueryOptions,
): boolean {
  if (query.category !== null) {
    let path = categoryPaths.get(options.categoryField);
    if (!path) {
      path = parseFieldPath(options.categoryField);
      categoryPaths.set(options.categoryField, path);
    }
    const category = readField(event, resolveAlias(options.schema, path));
    const wanted = query.category;
    if (anyOf(scalarsOf(category), (value) => value === wanted) !== true) return false;
  }
  return test(query.condition, event, { schema: options.schema }) === true;
}
