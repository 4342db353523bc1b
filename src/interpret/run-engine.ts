/**
 * The reference `StageEngine`: stage predicates and join keys computed by the interpreter.
 *
 * Key values are made canonical by field type, so that equal keys compare equal however an
 * event spells them: a date as epoch milliseconds (`"1970-01-01T00:00:00Z"` and `0` join),
 * a numeric string in a numeric field as a number, a number or boolean in a keyword field
 * as text. Values of other types are left as they are.
 */
import {
  fieldTypeOf,
  toEpochMillis,
  type FieldType,
  type Schema,
  type Value,
} from '../event/index.js';
import type { EventQuery, Expr, Scalar } from '../query/ast.js';
import { evaluate } from './evaluate.js';
import { matchesEventQuery } from './index.js';
import { cartesian, distinctScalars, type KeyTuple } from './run-keys.js';
import type { StageEngine } from './run.js';

/** What the interpreter needs to know about the events. */
export interface InterpreterEngineOptions {
  categoryField: string;
  schema?: Schema | undefined;
}

const NUMERIC_TYPES = new Set<FieldType>([
  'long',
  'integer',
  'short',
  'byte',
  'unsigned_long',
  'double',
  'float',
  'half_float',
  'scaled_float',
]);

/**
 * A `StageEngine` that evaluates every stage with the tree-walking interpreter.
 *
 * @example
 * const engine = interpreterEngine({ categoryField: 'event.category' });
 * engine.keys(seq.by)(event); // [['host-a']]
 */
export function interpreterEngine(options: InterpreterEngineOptions): StageEngine {
  const { schema } = options;
  return {
    predicate(query: EventQuery) {
      return (event) => matchesEventQuery(query, event, options);
    },
    keys(exprs: readonly Expr[]) {
      const readers = exprs.map((expr) => keyReader(expr, schema));
      return (event) => {
        const positions: Scalar[][] = [];
        for (const read of readers) {
          const values = read(event);
          if (values.length === 0) return [];
          positions.push(values);
        }
        return cartesian(positions);
      };
    },
  };
}

/**
 * The canonical values of one key expression over an event: several for a multi-valued
 * field, `[null]` for an absent optional field, none when the event cannot join. `read`,
 * when given, stands in for evaluating the expression (a field read through a cache).
 */
export function keyReader(
  expr: Expr,
  schema: Schema | undefined,
  read?: (event: object) => Value,
): (event: object) => Scalar[] {
  const type = expr.kind === 'field' ? fieldTypeOf(schema, expr.path) : undefined;
  const optional = expr.kind === 'field' && expr.optional;
  const ctx = { schema };
  const value = read ?? ((event: object): Value => evaluate(expr, event, ctx));
  return (event) => {
    const values = present(value(event)).map((v) => canonical(v, type));
    const known = distinctScalars(values.filter((v) => v !== null));
    if (known.length > 0) return known;
    return optional ? [null] : [];
  };
}

function present(value: Value): Scalar[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function canonical(value: Scalar, type: FieldType | undefined): Scalar {
  if (value === null || type === undefined) return value;
  if (type === 'date' || type === 'date_nanos') return toEpochMillis(value) ?? value;
  if (NUMERIC_TYPES.has(type) && typeof value === 'string') {
    const number = value.trim() === '' ? Number.NaN : Number(value);
    return Number.isFinite(number) ? number : value;
  }
  if (type === 'keyword' && typeof value !== 'string') return String(value);
  return value;
}
