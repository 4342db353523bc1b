/**
 * Lines to matches: the per-line loop every worker runs.
 *
 * Each line is classified exactly once as blank, event or rejected, so that
 * `lines = events + blank + rejected` holds for every shard. The prefilter decides whether a
 * line is decoded at all: a line in which no rule's literals occur cannot match, and decoding
 * it would be the most expensive step of the scan.
 */
import { MAX_LISTED_REJECTS, type ScanCounts } from '../pool/messages.js';
import type { Prefilter } from '../compile/prefilter.js';
import type { SlotSource } from '../compile/matcher.js';
import type { Executor } from './executor.js';

/** Lines as the source stage delivers them: offsets into one buffer. */
export interface Lines {
  buf: Buffer;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  count: number;
  /** Relative number of the first line, 0-based. */
  firstLine: number;
  /** Per entry, its relative line, when entries are not one per line (JSON arrays). */
  lines?: ArrayLike<number> | undefined;
  /** File offset of `buf[0]`. */
  fileOffset: number;
}

/** Counts with nothing in them yet. */
export function emptyCounts(): ScanCounts {
  return {
    lines: 0, span: 0, events: 0, blank: 0, rejected: 0, bytes: 0, rejects: [], alerts: [], hits: null,
  };
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

const decoder = new TextDecoder('utf-8');

/**
 * Classifies and matches every line of `lines`, adding to `counts`.
 *
 * `counts.bytes` and `counts.span` are not touched: the reader knows how many bytes and
 * physical lines it covered.
 */
export function scanLines(exec: Executor, lines: Lines, counts: ScanCounts): void {
  const { buf, starts, ends, count } = lines;
  const lineOf = lines.lines;
  const { prefilter, parser } = exec;
  const validate = exec.options.validate;
  const hits: number[] = [];
  counts.lines += count;
  // One pass of the prefilter over the whole batch costs far less than one call per line.
  const marked = prefilter !== null && !prefilter.all && count > 0 ? markCandidates(prefilter, lines) : null;

  for (let i = 0; i < count; i++) {
    let start = starts[i]!;
    let end = ends[i]!;
    // CRLF files and indented lines: the terminator and padding are not part of the event.
    while (end > start && (buf[end - 1] === CR || buf[end - 1] === SPACE || buf[end - 1] === TAB)) end--;
    while (start < end && (buf[start] === SPACE || buf[start] === TAB)) start++;
    if (start === end) {
      counts.blank++;
      continue;
    }

    const candidate = marked === null ? true : marked[i] === 1;
    if (!candidate && !validate) {
      // Not decoded; only its shape is checked, which catches truncated and garbage lines.
      if (buf[start] === OPEN && buf[end - 1] === CLOSE) counts.events++;
      else reject(counts, lines, i, starts[i]!, 'not a JSON object');
      continue;
    }

    const parsed = parser.parse(buf, start, end);
    if (!parsed.ok) {
      reject(counts, lines, i, starts[i]!, parsed.detail ? `${parsed.reason}: ${parsed.detail}` : parsed.reason);
      continue;
    }
    const event = parsed.event as unknown;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      reject(counts, lines, i, starts[i]!, 'not a JSON object');
      continue;
    }
    counts.events++;
    if (!candidate) continue;

    const line = lineOf ? lineOf[i]! : lines.firstLine + i;
    matchEvent(exec, counts, event, buf, lines.fileOffset, starts[i]!, start, end, line, hits);
  }
}

const ranges: number[] = [];
let flags = new Uint8Array(1024);

/**
 * Flags (1) the entries of `lines` the prefilter passes. A hit range marks every entry it
 * overlaps, so entries that are not whole lines (JSON array elements) are never missed.
 */
function markCandidates(prefilter: Prefilter, lines: Lines): Uint8Array {
  const { buf, starts, ends, count } = lines;
  if (flags.length < count) flags = new Uint8Array(count * 2);
  flags.fill(0, 0, count);
  ranges.length = 0;
  const found = prefilter.candidates(buf, starts[0]!, ends[count - 1]!, ranges);
  let i = 0;
  for (let k = 0; k < found; k++) {
    const from = ranges[2 * k]!;
    const to = ranges[2 * k + 1]!;
    while (i < count && ends[i]! <= from) i++;
    for (let j = i; j < count && starts[j]! < to; j++) flags[j] = 1;
  }
  return flags;
}

function reject(counts: ScanCounts, lines: Lines, i: number, start: number, reason: string): void {
  rejectAt(counts, lines.lines ? lines.lines[i]! : lines.firstLine + i, lines.fileOffset + start, reason);
}

/** Counts a rejected line, and lists it while the list has room. */
export function rejectAt(counts: ScanCounts, line: number, offset: number, reason: string): void {
  counts.rejected++;
  if (counts.rejects.length < MAX_LISTED_REJECTS) counts.rejects.push({ line, offset, reason });
}

/**
 * Runs a decoded candidate event through the pack: stage hits (matched later on the main
 * thread, see hits.ts) and single-event matches, which share the event's field reads.
 * `buf[start, end)` is the event's text; `lineStart` its line's start, at file offset
 * `base + lineStart`. `hits` is scratch; `source` gives the pack the event's fields, and
 * `event` may then be a stand-in (`Pack.begin`).
 */
export function matchEvent(
  exec: Executor, counts: ScanCounts, event: object, buf: Buffer, base: number,
  lineStart: number, start: number, end: number, line: number, hits: number[], source?: SlotSource,
): void {
  const { pack } = exec;
  pack.begin(event, source);
  if (exec.stages !== null && counts.hits !== null) {
    exec.stages.record(event, counts.hits, line, buf, base, lineStart, start, end);
  }
  hits.length = 0;
  const matched = pack.match(event, hits);
  if (matched.length === 0) return;
  const text = decoder.decode(buf.subarray(start, end));
  const offset = base + lineStart;
  for (const rule of matched) counts.alerts.push({ rule, line, offset, text });
}
