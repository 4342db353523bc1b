/**
 * The per-line loop on the native backend: the counting, rejects, stage hits and alerts of
 * `scanLines`, line for line, with the two costly steps moved into the addon.
 *
 * 1. The native line filter classifies the whole batch in one call: blank, candidate (the
 *    prefilter passes it), or not a candidate and shaped (or not) like an object. It is
 *    built from the prefilter's own patterns, so it passes the lines `testLine` passes.
 * 2. Only the lines that must be decoded (the candidates; with `validate`, every non-blank
 *    line) are projected, in one call, reading just the fields the pack needs. Lines the
 *    addon rejects or cannot read exactly are parsed again by the `json` backend inside
 *    the projected batch, so every reason and detail is the one `scanLines` reports.
 *
 * For a shard of a plain NDJSON file, `scanNativeShard` goes further: the addon's shard
 * reader frames and classifies the lines where it reads them, and hands over only counts
 * and the lines to decode, which then take the same second step (`decodeListed`).
 */
import { closeSync, openSync } from 'node:fs';

import type { Pack } from '../compile/index.js';
import type { Prefilter } from '../compile/prefilter.js';
import { parseFieldPath, resolveAlias, type Schema } from '../event/index.js';
import type { ParseResult } from '../event/parse/index.js';
import {
  LINE_KIND, loadNative, type LineFilter, type ProjectedBatch, type Projector, type ShardReader,
} from '../native/index.js';
import { MAX_LISTED_REJECTS, type ExecOptions, type ScanCounts } from '../pool/messages.js';
import { DEFAULT_MAX_LINE_BYTES } from '../source/window.js';
import type { Shard, ShardSummary, SkippedLine } from '../source/index.js';
import type { Executor } from './executor.js';
import type { StageHitRecorder } from './hits.js';
import { lineSourceFor, STAND_IN, type LineSource } from './line-source.js';
import { matchEvent, rejectAt, type Lines } from './lines.js';

/** The addon's half of a native executor. */
export interface NativeLines {
  readonly filter: LineFilter;
  readonly projector: Projector;
  /**
   * Gives the pack each line's fields from its batch instead of a walk over its event; null
   * when the pack cannot take them so (`Pack.slotsOf`), and events are walked.
   */
  readonly source: LineSource | null;
  /**
   * True when, with `source`, nothing reads an event but through the pack's slots: then a
   * line's event is built only if a slot the batch cannot give is read.
   */
  readonly lazyEvents: boolean;
  /** Reads plain NDJSON shards through `filter`; null where the addon has no reader. */
  readonly reader: ShardReader | null;
}

/**
 * The filter and projector for a pack, or null when the addon is not available (then the
 * JavaScript loop runs, with the same results).
 */
export function createNativeLines(
  pack: Pack, prefilter: Prefilter | null, options: ExecOptions, schema: Schema | undefined,
  stages: StageHitRecorder | null,
): NativeLines | null {
  const native = loadNative();
  if (native === null) return null;
  const filter = native.createLineFilter(prefilter);
  const projector = native.createProjector(projectedFields(pack, options, schema, stages !== null));
  const source = lineSourceFor(pack, projector);
  return {
    filter,
    projector,
    source,
    lazyEvents: source !== null && !(stages?.readsEvent ?? false),
    reader: native.createShardReader(filter),
  };
}

/**
 * Every field an event must keep for the pack and the stage recorder: the pack's fields,
 * the time fields when there are stage rules, and the targets of aliases among them, which
 * are what readers actually read.
 */
export function projectedFields(
  pack: Pack, options: ExecOptions, schema: Schema | undefined, stages: boolean,
): string[] {
  const fields = [...pack.fields];
  if (stages) {
    fields.push(options.timestampField);
    if (options.tiebreakerField !== null) fields.push(options.tiebreakerField);
  }
  return withAliasTargets(fields, schema);
}

/** `fields` and the fields their aliases point at, sorted, each once. */
export function withAliasTargets(fields: readonly string[], schema: Schema | undefined): string[] {
  const out = new Set(fields);
  for (const field of fields) {
    const path = parseFieldPath(field);
    const target = resolveAlias(schema, path);
    if (target !== path) out.add(target.join('.'));
  }
  return [...out].sort();
}

const NOT_AN_OBJECT = 'not a JSON object';

/** As `scanLines`, on the native backend; `exec.native` must be set. */
export function scanNativeLines(exec: Executor, lines: Lines, counts: ScanCounts): void {
  const { buf, count } = lines;
  const starts = int32(lines.starts, count);
  const ends = int32(lines.ends, count);
  const lineOf = lines.lines;
  const native = exec.native!;
  const hits: number[] = [];
  counts.lines += count;

  const c = native.filter.classify(buf, starts, ends, count, exec.options.validate);
  if (c.listed === 0 && c.tally[LINE_KIND.unshaped] === 0) {
    // The usual batch of a selective rule set: nothing to decode, nothing to reject.
    counts.blank += c.tally[LINE_KIND.blank]!;
    counts.events += c.tally[LINE_KIND.shaped]!;
    return;
  }
  const batch = c.listed > 0 ? native.projector.project(buf, c.starts, c.ends, c.listed) : null;
  const { kinds, index } = c;
  let next = 0;
  for (let i = 0; i < count; i++) {
    const kind = kinds[i]!;
    if (kind === LINE_KIND.blank) {
      counts.blank++;
      continue;
    }
    const line = lineOf ? lineOf[i]! : lines.firstLine + i;
    if (next >= c.listed || index[next] !== i) {
      // Not decoded; only its shape was checked, which catches truncated and garbage lines.
      if (kind === LINE_KIND.shaped) counts.events++;
      else rejectAt(counts, line, lines.fileOffset + starts[i]!, NOT_AN_OBJECT);
      continue;
    }
    const k = next++;
    decodeListed(
      exec, counts, batch!, k, buf, lines.fileOffset, starts[i]!, c.starts[k]!, c.ends[k]!,
      kind === LINE_KIND.candidate, line, hits,
    );
  }
}

/**
 * Whether `scanNativeShard` can read the shard: a plain NDJSON file, an executor with the
 * addon's reader. Gzip, JSON arrays and standard input are for `readShard`.
 */
export function readsNatively(exec: Executor, shard: Shard): boolean {
  const { file } = shard;
  return (
    exec.native !== null && exec.native.reader !== null && file.absPath !== '-' &&
    file.size >= 0 && file.compression === 'none' && file.format === 'ndjson'
  );
}

/** How the reader cuts a shard into chunks (any cut gives the same counts; for tests). */
export interface ShardChunking {
  /** Lines listed per chunk at most. */
  readonly lines?: number;
  /** Bytes of candidate text a chunk starts with (grown for a longer line). */
  readonly textBytes?: number;
}

/**
 * Reads and scans one shard with the addon's reader (`readsNatively` must hold), adding to
 * `counts` exactly what `readShard` feeding `scanNativeLines` would, and returning the
 * summary `readShard` would (skipped lines are left to the caller, as `readShard` leaves
 * them).
 */
export function scanNativeShard(
  exec: Executor, shard: Shard, counts: ScanCounts, maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  chunking: ShardChunking = {},
): ShardSummary {
  const native = exec.native!;
  const skipped: SkippedLine[] = [];
  let fd: number;
  try {
    fd = openSync(shard.file.absPath, 'r');
  } catch (err) {
    const { message: reason, code } = err as NodeJS.ErrnoException;
    const error = code === undefined ? { reason, offset: shard.start } : { reason, code, offset: shard.start };
    return { lines: 0, entries: 0, bytes: 0, skipped, format: 'ndjson', error };
  }
  const hits: number[] = [];
  const options = {
    maxLineBytes, projectAll: exec.options.validate, chunkRejects: MAX_LISTED_REJECTS,
    ...(chunking.lines === undefined ? {} : { chunkLines: chunking.lines }),
    ...(chunking.textBytes === undefined ? {} : { textBytes: chunking.textBytes }),
  };
  try {
    const read = native.reader!.read(fd, shard.start, shard.end, options, (chunk) => {
      counts.lines += chunk.listed + chunk.blank + chunk.shaped + chunk.unshaped;
      counts.blank += chunk.blank;
      counts.events += chunk.shaped;
      counts.rejected += chunk.unshaped;
      for (const line of chunk.skipped) skipped.push(line);
      const { rejects, rejectsListed, lines } = chunk;
      let r = 0;
      if (chunk.listed > 0) {
        const { text, lineStarts, starts, ends, offsets, kinds } = chunk;
        const batch = native.projector.project(text, starts, ends, chunk.listed);
        for (let k = 0; k < chunk.listed; k++) {
          const line = lines[k]!;
          // Listed in line order: the shape rejects before this line come first.
          for (; r < rejectsListed && rejects[2 * r]! < line; r++) {
            listReject(counts, rejects[2 * r]!, rejects[2 * r + 1]!, NOT_AN_OBJECT);
          }
          const lineStart = lineStarts[k]!;
          decodeListed(
            exec, counts, batch, k, text, offsets[k]! - lineStart, lineStart, starts[k]!, ends[k]!,
            kinds[k] === LINE_KIND.candidate, line, hits,
          );
        }
      }
      for (; r < rejectsListed; r++) listReject(counts, rejects[2 * r]!, rejects[2 * r + 1]!, NOT_AN_OBJECT);
    });
    const summary = { lines: read.lines, entries: read.lines, bytes: read.bytes, skipped, format: 'ndjson' as const };
    return read.error === undefined ? summary : { ...summary, error: read.error };
  } finally {
    closeSync(fd);
  }
}

/**
 * The decoding half of the loop, for listed line `k` of a projected batch: a reject, or an
 * event that (for a candidate) is matched and recorded. The line is `buf[start, end)`
 * trimmed, from `lineStart`; `base` is the file offset of `buf[0]` as far as this line
 * goes, so `base + lineStart` is the file offset of its first byte.
 */
function decodeListed(
  exec: Executor, counts: ScanCounts, batch: ProjectedBatch, k: number, buf: Buffer,
  base: number, lineStart: number, start: number, end: number, candidate: boolean,
  line: number, hits: number[],
): void {
  const { parser } = exec;
  // The addon counts a line of newlines alone as blank; the json backend rejects it.
  let parsed: ParseResult | null = null;
  if (batch.isBlank(k)) parsed = parser.parse(buf, start, end);
  else if (!batch.isEvent(k)) parsed = batch.result(k);
  const offset = base + lineStart;
  if (parsed !== null && !parsed.ok) {
    rejectAt(counts, line, offset, parsed.detail ? `${parsed.reason}: ${parsed.detail}` : parsed.reason);
    return;
  }
  counts.events++;
  if (!candidate) return;

  if (parsed !== null) {
    matchEvent(exec, counts, parsed.event as object, buf, base, lineStart, start, end, line, hits);
    return;
  }
  // The pack takes the line's fields straight from the batch rather than walking its event,
  // which is then built only if something reads it.
  const { source, lazyEvents } = exec.native!;
  if (source === null) {
    matchEvent(exec, counts, batch.event(k), buf, base, lineStart, start, end, line, hits);
    return;
  }
  const event = lazyEvents ? null : batch.event(k);
  matchEvent(exec, counts, event ?? STAND_IN, buf, base, lineStart, start, end, line, hits, source.at(batch, k, event));
}

function int32(values: ArrayLike<number>, count: number): Int32Array {
  return values instanceof Int32Array ? values : Int32Array.from({ length: count }, (_, i) => values[i]!);
}

/** Lists a reject already counted, while the list has room. */
function listReject(counts: ScanCounts, line: number, offset: number, reason: string): void {
  if (counts.rejects.length < MAX_LISTED_REJECTS) counts.rejects.push({ line, offset, reason });
}
