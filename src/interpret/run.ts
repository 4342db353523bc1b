/**
 * Runs a whole query (event query, sequence or sample, then pipes) over events in memory.
 *
 * Conditions are not evaluated here: a `StageEngine` turns each stage into per-event
 * functions (a predicate, a key extractor), and this file only orders events and feeds the
 * state machines. The interpreter supplies the reference engine (`run-engine.ts`); a compiled
 * engine can be swapped in and must give the same results.
 */
import { fieldTypeOf, type Schema } from '../event/index.js';
import type { EventQuery, Expr, Query, Sample, Scalar, Sequence, Stage } from '../query/ast.js';
import { applyPipes, headLimit } from './pipes.js';
import type { KeyTuple } from './run-keys.js';
import { orderEvents, type Ordinal } from './run-order.js';
import { SampleCollector } from './sample.js';
import { SequenceMatcher, type SequenceInput, type SequenceShape } from './sequence.js';

/**
 * Builds the per-event functions for the stages of one query.
 *
 * `keys` returns the key tuples an event joins under: one per combination of the values of
 * multi-valued fields (duplicates and nulls inside arrays dropped), canonical values (dates
 * as epoch milliseconds). A key expression whose value is absent or null contributes `null`
 * when it is an optional field (`?field`); otherwise the event cannot join and `keys`
 * returns `[]`, as Elasticsearch filters such events out of the stage.
 */
export interface StageEngine {
  predicate(query: EventQuery): (event: object) => boolean;
  keys(exprs: readonly Expr[]): (event: object) => KeyTuple[];
}

/** How to read the events, and how many results to return. */
export interface RunOptions {
  /** The event category field (`event.category` in ECS data). */
  categoryField: string;
  /** The timestamp field (`@timestamp`). */
  timestampField: string;
  /** Orders events with equal timestamps; input order decides after it. */
  tiebreakerField?: string | undefined;
  /** The most results (events, sequences or samples) to return; no cap when absent. */
  size?: number | undefined;
  /** Samples per join key; 1 when absent. */
  maxSamplesPerKey?: number | undefined;
  /** Field types: dates, ips, versions, aliases. */
  schema?: Schema | undefined;
}

/** A matched sequence: one event per stage, null for a missing-event stage. */
export interface SequenceResult {
  events: (object | null)[];
  /** The join key values, as Elasticsearch returns them (dates as ISO-8601 text). */
  joinKeys: Scalar[];
}

/** A matched sample: one event per stage. */
export interface SampleResult {
  events: object[];
  /** The join key values, as Elasticsearch returns them (dates as epoch milliseconds). */
  joinKeys: Scalar[];
}

/** What a query returns: plain events, sequences or samples. */
export type QueryResult =
  | { kind: 'events'; events: object[] }
  | { kind: 'sequences'; sequences: SequenceResult[] }
  | { kind: 'samples'; samples: SampleResult[] };

/**
 * Runs `query` over `events` with the stage functions of `engine`.
 *
 * @example
 * const engine = interpreterEngine({ categoryField: 'event.category' });
 * runQuery(parseQuery('process where true | head 2'), events, engine, {
 *   categoryField: 'event.category',
 *   timestampField: '@timestamp',
 * }); // { kind: 'events', events: [e1, e2] }
 */
export function runQuery(
  query: Query,
  events: readonly object[],
  engine: StageEngine,
  options: RunOptions,
): QueryResult {
  const body = query.body;
  if (body.kind === 'sequence') return runSequence(body, query, events, engine, options);
  if (body.kind === 'sample') return runSample(body, query, events, engine, options);

  const matches = engine.predicate(body);
  const limit = headLimit(query.pipes, options.size);
  const found: object[] = [];
  for (const { event } of orderEvents(events, options)) {
    if (found.length >= limit) break;
    if (matches(event)) found.push(event);
  }
  return { kind: 'events', events: applyPipes(found, query.pipes, options.size) };
}

/** The stages of a sequence or sample with `with runs=N` written out as N stages. */
export function expandRuns(stages: readonly Stage[]): Stage[] {
  return stages.flatMap((stage) => Array.from({ length: Math.max(1, stage.runs) }, () => stage));
}

/** A sequence query ready to feed a `SequenceMatcher`. */
export interface SequencePlan {
  shape: SequenceShape;
  /** What the state machine needs of one event; null when it matches no stage nor until. */
  classify(event: object, ordinal: Ordinal): SequenceInput<object> | null;
}

/** Compiles a sequence's stages with `engine`; the keys of each are `[...seq.by, ...stage.by]`. */
export function planSequence(sequence: Sequence, engine: StageEngine): SequencePlan {
  const compile = (stage: Stage) => ({
    predicate: engine.predicate(stage.query),
    keys: engine.keys([...sequence.by, ...stage.by]),
  });
  const until = sequence.until ? compile(sequence.until) : null;
  // Stages repeated by `runs` share one predicate: evaluate it once per event.
  const written = sequence.stages.map(compile);
  const expanded = expandRuns(sequence.stages);
  const source = expanded.map((stage) => sequence.stages.indexOf(stage));

  return {
    shape: {
      missing: expanded.map((stage) => stage.missing),
      maxspan: sequence.maxspan,
    },
    classify(event, ordinal) {
      const perStage = written.map((s) => (s.predicate(event) ? s.keys(event) : []));
      const hits = source.flatMap((from, stage) => {
        const keys = perStage[from] ?? [];
        return keys.length > 0 ? [{ stage, keys }] : [];
      });
      const untilKeys = until && until.predicate(event) ? until.keys(event) : [];
      if (hits.length === 0 && untilKeys.length === 0) return null;
      return { event, ordinal, stages: hits, until: untilKeys };
    },
  };
}

function runSequence(
  sequence: Sequence,
  query: Query,
  events: readonly object[],
  engine: StageEngine,
  options: RunOptions,
): QueryResult {
  const plan = planSequence(sequence, engine);
  const matcher = new SequenceMatcher<object>(plan.shape, {
    stopAfter: headLimit(query.pipes, options.size),
  });
  for (const { event, ordinal } of orderEvents(events, options)) {
    // Events without a timestamp sort last and cannot take part in time order.
    if (Number.isNaN(ordinal.timestamp) || matcher.satisfied) break;
    const input = plan.classify(event, ordinal);
    if (input) matcher.feed(input);
  }

  const dates = dateKeyPositions(sequence.by, sequence.stages, options.schema);
  const sequences = matcher.finish().map((m) => ({
    events: m.events,
    joinKeys: m.key.map((v, i) => (dates[i] && typeof v === 'number' ? isoDate(v) : v)),
  }));
  return { kind: 'sequences', sequences: applyPipes(sequences, query.pipes, options.size) };
}

function runSample(
  sample: Sample,
  query: Query,
  events: readonly object[],
  engine: StageEngine,
  options: RunOptions,
): QueryResult {
  const stages = sample.stages.map((stage) => ({
    predicate: engine.predicate(stage.query),
    keys: engine.keys([...sample.by, ...stage.by]),
  }));
  const collector = new SampleCollector<object>(stages.length, options.maxSamplesPerKey ?? 1);
  // Samples ignore time: events are taken in input order.
  for (const event of events) {
    collector.feed(
      event,
      stages.map((s) => (s.predicate(event) ? s.keys(event) : null)),
    );
  }
  const samples = collector
    .finish(headLimit(query.pipes, options.size))
    .map((s) => ({ events: s.events, joinKeys: [...s.key] }));
  return { kind: 'samples', samples: applyPipes(samples, query.pipes, options.size) };
}

/** For each key position, whether the first stage's key there is a date field. */
export function dateKeyPositions(by: readonly Expr[], stages: readonly Stage[], schema?: Schema) {
  const first = stages.find((stage) => !stage.missing) ?? stages[0];
  return [...by, ...(first?.by ?? [])].map((expr) => {
    if (expr.kind !== 'field') return false;
    const type = fieldTypeOf(schema, expr.path);
    return type === 'date' || type === 'date_nanos';
  });
}

/** Epoch milliseconds as ISO-8601 text, the way sequence join keys report dates. */
export function isoDate(millis: number): string {
  const date = new Date(millis);
  return Number.isNaN(date.getTime()) ? String(millis) : date.toISOString();
}
