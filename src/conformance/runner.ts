/**
 * Runs the suite's queries with one engine and compares ids (and join keys) with the spec.
 *
 * Engines are looked up by name in a registry, so that a compiled engine, or one that runs
 * both and cross-checks them, can be added without touching the runner.
 */
import { compiledEngine, crossCheckEngine } from '../compile/index.js';
import { readField } from '../event/index.js';
import { interpreterEngine, type InterpreterEngineOptions } from '../interpret/run-engine.js';
import { runQuery, type QueryResult, type StageEngine } from '../interpret/run.js';
import { parseQuery } from '../query/index.js';
import type { Scalar } from '../query/ast.js';
import { loadDataset, type Dataset } from './datasets.js';
import { loadSuite, type SuiteCase, type SuiteFile } from './suite.js';

/** Builds a stage engine for one data set. */
export type EngineFactory = (options: InterpreterEngineOptions) => StageEngine;

/** The engines `eqlscan conformance --engine NAME` can run. */
export const ENGINES: ReadonlyMap<string, EngineFactory> = new Map([
  ['interpreter', interpreterEngine],
  ['compiled', compiledEngine],
  // Runs both on every event and fails the query where they disagree.
  ['both', crossCheckEngine],
]);

/** Elasticsearch's default `size` for an EQL search. */
export const DEFAULT_SIZE = 50;

/** The category field every data set of the suite uses. */
const CATEGORY_FIELD = 'event_type';
const TIMESTAMP_FIELD = '@timestamp';

/** The outcome of one query. */
export interface CaseResult {
  case: SuiteCase;
  passed: boolean;
  /** Flattened ids; -1 for a missing-event placeholder. Absent when the query failed. */
  ids?: number[];
  /** Flattened join keys as text; absent for event queries and failures. */
  joinKeys?: string[];
  /** Why the query could not run (a parse error, say). */
  error?: string;
}

/** The outcome of one spec file. */
export interface FileResult {
  file: string;
  results: CaseResult[];
}

/**
 * Runs every spec file in `dir` with `engine`.
 *
 * @example
 * const files = runSuite('/work/shared/conformance/es-eql', interpreterEngine);
 * files.flatMap((f) => f.results).filter((r) => !r.passed); // []
 */
export function runSuite(dir: string, engine: EngineFactory): FileResult[] {
  const datasets = new Map<string, Dataset | Error>();
  return loadSuite(dir).map((suiteFile) => {
    let dataset = datasets.get(suiteFile.dataset.name);
    if (!dataset) {
      dataset = tryLoad(dir, suiteFile);
      datasets.set(suiteFile.dataset.name, dataset);
    }
    const data = dataset;
    const results = suiteFile.cases.map((c) =>
      data instanceof Error
        ? { case: c, passed: false, error: data.message }
        : runCase(c, data, engine),
    );
    return { file: suiteFile.file, results };
  });
}

function tryLoad(dir: string, suiteFile: SuiteFile): Dataset | Error {
  try {
    return loadDataset(dir, suiteFile.dataset);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Runs one query over a loaded data set and compares it with the spec. */
export function runCase(c: SuiteCase, data: Dataset, factory: EngineFactory): CaseResult {
  let result: QueryResult;
  try {
    const engine = factory({ categoryField: CATEGORY_FIELD, schema: data.schema });
    result = runQuery(parseQuery(c.query), data.events, engine, {
      categoryField: CATEGORY_FIELD,
      timestampField: TIMESTAMP_FIELD,
      tiebreakerField: data.spec.tiebreakerField,
      size: c.size ?? DEFAULT_SIZE,
      maxSamplesPerKey: c.maxSamplesPerKey,
      schema: data.schema,
    });
  } catch (err) {
    return { case: c, passed: false, error: err instanceof Error ? err.message : String(err) };
  }

  const idOf = (event: object | null) => (event === null ? -1 : idNumber(event, data));
  const groups =
    result.kind === 'events'
      ? result.events.map((e) => ({ events: [e], joinKeys: [] as Scalar[] }))
      : result.kind === 'sequences'
        ? result.sequences
        : result.samples;
  const ids = groups.flatMap((g) => g.events.map(idOf));
  const joinKeys =
    result.kind === 'events' ? undefined : groups.flatMap((g) => g.joinKeys.map(keyText));

  const idsMatch = c.expected.some((want) => sameList(want, ids));
  const keysMatch = c.joinKeys === undefined || sameList(c.joinKeys, joinKeys ?? []);
  return {
    case: c,
    passed: idsMatch && keysMatch,
    ids,
    ...(joinKeys ? { joinKeys } : {}),
  };
}

function idNumber(event: object, data: Dataset): number {
  const id = readField(event, data.spec.idField);
  return Number(Array.isArray(id) ? id[0] : id);
}

/** A join key value as the suite writes it: text, with "null" for null. */
function keyText(value: Scalar): string {
  return value === null ? 'null' : String(value);
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
