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
 */
import type { Pack } from '../compile/index.js';
import type { Prefilter } from '../compile/prefilter.js';
import { parseFieldPath, resolveAlias, type Schema } from '../event/index.js';
import type { ParseResult } from '../event/parse/index.js';
import { LINE_KIND, loadNative, type LineFilter, type Projector } from '../native/index.js';
import { MAX_LISTED_REJECTS, type ExecOptions, type ScanCounts } from '../pool/messages.js';
import type { Executor } from './executor.js';
import type { Lines } from './lines.js';

/** The addon's half of a native executor. */
export interface NativeLines {
  readonly filter: LineFilter;
  readonly projector: Projector;
}

/**
 * The filter and projector for a pack, or null when the addon is not available (then the
 * JavaScript loop runs, with the same results).
 */
export function createNativeLines(
  pack: Pack, prefilter: Prefilter | null, options: ExecOptions, schema: Schema | undefined,
  stages: boolean,
): NativeLines | null {
  const native = loadNative();
  if (native === null) return null;
  return {
    filter: native.createLineFilter(prefilter),
    projector: native.createProjector(projectedFields(pack, options, schema, stages)),
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

const decoder = new TextDecoder('utf-8');

/** As `scanLines`, on the native backend; `exec.native` must be set. */
export function scanNativeLines(exec: Executor, lines: Lines, counts: ScanCounts): void {
  const { buf, count } = lines;
  const starts = int32(lines.starts, count);
  const ends = int32(lines.ends, count);
  const lineOf = lines.lines;
  const { pack, parser } = exec;
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
    if (next >= c.listed || index[next] !== i) {
      // Not decoded; only its shape was checked, which catches truncated and garbage lines.
      if (kind === LINE_KIND.shaped) counts.events++;
      else reject(counts, lines, i, starts[i]!, 'not a JSON object');
      continue;
    }
    const k = next++;
    const start = c.starts[k]!;
    const end = c.ends[k]!;

    // The addon counts a line of newlines alone as blank; the json backend rejects it.
    let parsed: ParseResult | null = null;
    if (batch!.isBlank(k)) parsed = parser.parse(buf, start, end);
    else if (!batch!.isEvent(k)) parsed = batch!.result(k);
    if (parsed !== null && !parsed.ok) {
      reject(counts, lines, i, starts[i]!, parsed.detail ? `${parsed.reason}: ${parsed.detail}` : parsed.reason);
      continue;
    }
    counts.events++;
    if (kind !== LINE_KIND.candidate) continue;

    const event = parsed !== null ? parsed.event : batch!.event(k);
    pack.begin(event);
    if (exec.stages !== null && counts.hits !== null) {
      const line = lineOf ? lineOf[i]! : lines.firstLine + i;
      exec.stages.record(event, counts.hits, line, buf, lines.fileOffset, starts[i]!, start, end);
    }

    hits.length = 0;
    const matched = pack.match(event, hits);
    if (matched.length === 0) continue;
    const text = decoder.decode(buf.subarray(start, end));
    const offset = lines.fileOffset + starts[i]!;
    for (const rule of matched) counts.alerts.push({ rule, line: lineOf ? lineOf[i]! : lines.firstLine + i, offset, text });
  }
}

function int32(values: ArrayLike<number>, count: number): Int32Array {
  return values instanceof Int32Array ? values : Int32Array.from({ length: count }, (_, i) => values[i]!);
}

function reject(counts: ScanCounts, lines: Lines, i: number, start: number, reason: string): void {
  counts.rejected++;
  if (counts.rejects.length < MAX_LISTED_REJECTS) {
    const line = lines.lines ? lines.lines[i]! : lines.firstLine + i;
    counts.rejects.push({ line, offset: lines.fileOffset + start, reason });
  }
}
