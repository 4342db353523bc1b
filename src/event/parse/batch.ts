/**
 * Parsing a whole batch: the loop every consumer of the source stage runs.
 */
import type { LineBatch, SkippedLine } from '../../source/index.js';
import { isBlank } from './checks.js';
import type { Parser, RejectReason } from './types.js';

/** Receives what a batch holds, entry by entry, in order. */
export interface EventSink {
  /** An event; `line` is relative to the shard (from 0), `offset` is in the input. */
  event(event: object, line: number, offset: number): void;
  /** An entry that is not an event. */
  reject(reason: RejectReason, detail: string, line: number, offset: number): void;
}

/** How a batch's entries were accounted for: `events + blank + rejected === batch.count`. */
export interface BatchCounts {
  events: number;
  blank: number;
  rejected: number;
}

/**
 * Parses every entry of a batch, sending events and rejections to `sink` and counting blank
 * entries (empty or whitespace only), which are neither.
 *
 * @example
 *   const counts = parseBatch(batch, createParser('json'), {
 *     event: (event, line, offset) => match(event),
 *     reject: (reason, detail, line, offset) => rejects.push({ reason, line, offset }),
 *   });
 */
export function parseBatch(batch: LineBatch, parser: Parser, sink: EventSink): BatchCounts {
  const { buf, starts, ends, lines, fileOffset } = batch;
  const counts: BatchCounts = { events: 0, blank: 0, rejected: 0 };
  for (let i = 0; i < batch.count; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    if (isBlank(buf, start, end)) {
      counts.blank++;
      continue;
    }
    const line = lines === undefined ? batch.firstLine + i : lines[i]!;
    const result = parser.parse(buf, start, end);
    if (result.ok) {
      counts.events++;
      sink.event(result.event, line, fileOffset + start);
    } else {
      counts.rejected++;
      sink.reject(result.reason, result.detail, line, fileOffset + start);
    }
  }
  return counts;
}

/**
 * Sends the entries a reader skipped as too long (`ShardSummary.skipped`) to `sink` as
 * `line-too-long` rejections, so they are accounted for like every other entry.
 *
 * @example rejectSkipped(summary.skipped, sink) // after `readShard` returns
 */
export function rejectSkipped(skipped: readonly SkippedLine[], sink: EventSink): number {
  for (const line of skipped) {
    const detail = `line of ${line.bytes} bytes is longer than maxLineBytes`;
    sink.reject('line-too-long', detail, line.line, line.offset);
  }
  return skipped.length;
}
