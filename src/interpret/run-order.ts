/**
 * The order events are seen in: by timestamp, then tiebreaker, then position in the input.
 *
 * Ordering is kept apart from matching so that the sequence state machine can be fed by
 * anything that produces events in this order: a sort over an in-memory array here, or a
 * merge of per-worker streams in the scan engine.
 */
import { readField, resolveAlias, toEpochMillis, type Schema } from '../event/index.js';
import type { Scalar } from '../query/ast.js';

/** Where an event stands in time order. */
export interface Ordinal {
  /** Epoch milliseconds; NaN when the event has no readable timestamp. */
  timestamp: number;
  /** The tiebreaker field's value; undefined when there is none. */
  tiebreaker: Scalar | undefined;
  /** Position in the input: the last resort, so that equal events keep their input order. */
  position: number;
}

/** The fields that place an event in time. */
export interface OrderFields {
  timestampField: string;
  tiebreakerField?: string | undefined;
  schema?: Schema | undefined;
}

/** An event with its place in time order. */
export interface OrderedEvent<E = object> {
  event: E;
  ordinal: Ordinal;
}

function firstScalar(event: object, field: string, schema: Schema | undefined): Scalar | undefined {
  const value = readField(event, resolveAlias(schema, field.split('.')));
  return Array.isArray(value) ? value[0] : value;
}

/** The ordinal of one event, read from its timestamp and tiebreaker fields. */
export function ordinalOf(event: object, position: number, fields: OrderFields): Ordinal {
  const millis = toEpochMillis(firstScalar(event, fields.timestampField, fields.schema));
  const tiebreaker =
    fields.tiebreakerField === undefined
      ? undefined
      : firstScalar(event, fields.tiebreakerField, fields.schema);
  return { timestamp: millis ?? Number.NaN, tiebreaker: tiebreaker ?? undefined, position };
}

// Absent values sort last, as Elasticsearch sorts missing values in ascending order.
function compareTiebreakers(a: Scalar | undefined, b: Scalar | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Orders by timestamp (missing last), then tiebreaker (missing last), then position. */
export function compareOrdinals(a: Ordinal, b: Ordinal): number {
  const aMissing = Number.isNaN(a.timestamp);
  const bMissing = Number.isNaN(b.timestamp);
  if (aMissing !== bMissing) return aMissing ? 1 : -1;
  if (!aMissing && a.timestamp !== b.timestamp) return a.timestamp - b.timestamp;
  return compareTiebreakers(a.tiebreaker, b.tiebreaker) || a.position - b.position;
}

/**
 * Pairs each event with its ordinal and sorts them into time order. The input is not
 * changed; events whose timestamp cannot be read sort after all others.
 */
export function orderEvents<E extends object>(
  events: readonly E[],
  fields: OrderFields,
): OrderedEvent<E>[] {
  const ordered = events.map((event, position) => ({
    event,
    ordinal: ordinalOf(event, position, fields),
  }));
  return ordered.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
}
