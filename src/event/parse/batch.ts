/**
 * Parsing a whole batch: the loop every consumer of the source stage runs.
 */
import type { LineBatch } from '../../source/index.js';
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
