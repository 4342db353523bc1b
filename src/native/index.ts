/**
 * The native parse backend: simdjson On-Demand in a Node addon that reads only the fields
 * a pack's rules read.
 *
 * It takes a batch's bytes and line offsets and a field table (dotted paths, compiled
 * once per pack) and hands on, per line, a status and just those fields' values, in flat
 * typed arrays plus one string holding every projected string. The key design choice is
 * that native code never builds JavaScript objects: a SIMD parser only pays when it
 * crosses into JavaScript with a few values per event rather than the whole event.
 * Fields are read exactly as `readField` reads them (nesting, flat dotted keys, arrays
 * flattened, the last of duplicate keys), and any line the addon cannot read exactly, or
 * rejects, is parsed again by the `json` backend, so results never differ from it.
 *
 * Beside it, the addon's line filter (`filter.ts`) makes the prefilter's decision for a
 * whole batch at SIMD speed, so that only candidate lines are projected at all, and its
 * shard reader (`reader.ts`) runs that filter over a plain file's lines where they are
 * read, so that only the candidates reach JavaScript.
 *
 * When the addon is not built (no compiler at install time), `loadNative()` returns null
 * and `nativeUnavailableReason()` says why; callers say so once and use the JS backends.
 *
 * @example
 *   const native = loadNative();
 *   if (native) {
 *     const projector = native.createProjector(['process.name', 'event.category']);
 *     const batch = projector.project(buf, starts, ends, count);
 *     for (let i = 0; i < count; i++) if (batch.isEvent(i)) pack.match(batch.event(i));
 *   }
 */
import { createJsonParser, DEFAULT_MAX_DEPTH, type Parser } from '../event/parse/index.js';
import { parseFieldPath, type PathSegment } from '../event/index.js';
import { EqlError, InternalError } from '../errors.js';
import type { Prefilter } from '../compile/prefilter.js';
import { ProjectedBatch, type BatchContext, type EventBuilder } from './batch.js';
import { buildEventBuilder } from './builder.js';
import { InternedValues } from './interned.js';
import { filterSpec, rawLineFilter, wrapLineFilter, type FilterKernel, type LineFilter } from './filter.js';
import { loadAddon, type Addon, type NativeImplementation, type RawProjector } from './loader.js';
import { wrapShardReader, type ShardReader } from './reader.js';

export { ProjectedBatch, STATUS, TAG } from './batch.js';
export type { EventBuilder } from './batch.js';
export { buildEventBuilder } from './builder.js';
export { LINE_KIND } from './filter.js';
export type { Classified, FilterKernel, LineFilter } from './filter.js';
export { ADDON_FILE } from './loader.js';
export type { NativeImplementation, RawBatch } from './loader.js';
export type { ShardChunk, ShardRead, ShardReader, ShardReadOptions } from './reader.js';

/** Options of a projector. */
export interface ProjectorOptions {
  /** As the parse backends' `maxDepth`: deeper lines are rejected as `too-deep`. */
  readonly maxDepth?: number;
  /**
   * Validate every value of every line, as JSON.parse does (the default). With false,
   * values off the fields' paths are skipped unread: faster, but a line malformed only
   * inside such a value is taken as an event where the `json` backend rejects it.
   */
  readonly validate?: boolean;
  /**
   * Hand repeated string values over once and by id thereafter (the default), so that each
   * reads as the same string object every time (see `interned.ts`). Values are the same
   * either way.
   */
  readonly intern?: boolean;
  /**
   * The most distinct values kept at once (about a million unless told); the table starts
   * again when it fills. Small limits are for tests.
   */
  readonly internMaxValues?: number;
}

/** A field table compiled for the addon, reusable across batches (not across threads). */
export interface Projector {
  /** The projected fields, duplicates removed: field `f` of a batch is `fields[f]`. */
  readonly fields: readonly string[];
  /** Each field's path, as `parseFieldPath` splits it. */
  readonly paths: readonly (readonly PathSegment[])[];
  /** True when `event()` builds minimal events (false when a path has an array index). */
  readonly buildsEvents: boolean;
  /** The generated event builder's source, for review and tests; null when there is none. */
  readonly builderSource: string | null;
  /**
   * Projects `buf[starts[i], ends[i])` for `i < count`. The batch is valid until this
   * projector's next call.
   */
  project(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): ProjectedBatch;
}

/** The loaded addon. */
export interface NativeBackend {
  /** What simdjson runs on this CPU. */
  readonly implementation: NativeImplementation;
  /**
   * A projector for dotted field paths (`process.args`, `threat.technique.id`, `a.b[0]`).
   *
   * @throws EqlError (`option`) for a bad `maxDepth`, or a field table too large to compile.
   */
  createProjector(fields: readonly string[], options?: ProjectorOptions): Projector;
  /**
   * The line filter that passes exactly the lines `prefilter` passes (null: the prefilter
   * is off, every non-blank line passes). `kernel` forces a search kernel, for tests.
   *
   * @throws EqlError (`option`) for a kernel this CPU or build does not have.
   */
  createLineFilter(prefilter: Prefilter | null, kernel?: FilterKernel): LineFilter;
  /**
   * A reader of plain NDJSON shards that classifies their lines with `filter` (one this
   * backend made); null where the addon has no reader for this platform (or
   * `EQLSCAN_NATIVE_READER=0` turns it off), and `readShard` reads instead.
   */
  createShardReader(filter: LineFilter): ShardReader | null;
}

let backend: NativeBackend | null | undefined;

/**
 * The native backend, or null when the addon is not built or does not load (then
 * `nativeUnavailableReason()` says why). Loaded once per thread.
 */
export function loadNative(): NativeBackend | null {
  if (backend === undefined) {
    const load = loadAddon();
    backend = 'addon' in load ? createBackend(load.addon) : null;
  }
  return backend;
}

/** Why `loadNative()` returns null, or null when it does not. */
export function nativeUnavailableReason(): string | null {
  const load = loadAddon();
  return 'reason' in load ? load.reason : null;
}

function createBackend(addon: Addon): NativeBackend {
  return {
    implementation: addon.implementation(),
    createProjector: (fields, options = {}) => createProjector(addon, fields, options),
    createLineFilter(prefilter, kernel = 'auto') {
      const spec = filterSpec(prefilter);
      try {
        return wrapLineFilter(new addon.LineFilter(spec, kernel));
      } catch (err) {
        throw new EqlError('option', `native line filter: ${(err as Error).message}`);
      }
    },
    createShardReader(filter) {
      const raw = rawLineFilter(filter);
      if (addon.ShardReader === undefined || process.env.EQLSCAN_NATIVE_READER === '0') return null;
      if (raw === undefined) throw new InternalError('a line filter this backend did not make');
      return wrapShardReader(new addon.ShardReader(raw));
    },
  };
}

function createProjector(
  addon: Addon,
  fields: readonly string[],
  options: ProjectorOptions,
): Projector {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isSafeInteger(maxDepth) || maxDepth < 1) {
    throw new EqlError('option', `maxDepth: expected a positive integer, got ${maxDepth}`);
  }
  const unique = [...new Set(fields)];
  const paths = unique.map((field) => parseFieldPath(field));
  let raw: RawProjector;
  try {
    raw = new addon.Projector(paths, {
      maxDepth,
      validate: options.validate ?? true,
      intern: options.intern ?? true,
      internMaxValues: options.internMaxValues,
    });
  } catch (err) {
    throw new EqlError('option', `native projector: ${(err as Error).message}`);
  }
  const builder = buildEventBuilder(paths);
  const parser: Parser = createJsonParser({ maxDepth });
  const context: BatchContext = {
    fieldCount: unique.length,
    paths,
    build: (builder?.build ?? null) as EventBuilder | null,
    parser,
    interned: new InternedValues(),
  };
  return {
    fields: unique,
    paths,
    buildsEvents: builder !== null,
    builderSource: builder?.source ?? null,
    project(buf, starts, ends, count) {
      const result = raw.project(buf, starts, ends, count);
      return new ProjectedBatch(result, context, buf, starts, ends, count);
    },
  };
}
