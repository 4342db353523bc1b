/**
 * What a framer is: the part of a reader that finds entries (lines, array elements) in the
 * bytes of a `Window`, while the driver in `read.ts` moves bytes in and batches out.
 */
import type { SkippedLine } from './types.js';
import type { Entries, Window } from './window.js';

/**
 * - `more`: every complete entry in the window is framed; read more bytes.
 * - `flush`: deliver the pending entries before framing on (a skipped line comes next and
 *   line numbers inside a batch must stay consecutive).
 * - `done`: the shard's last owned entry is complete; stop reading.
 */
export type ScanResult = 'more' | 'flush' | 'done';

/** The counts a framer keeps for `ShardSummary`. */
export interface FramerCounts {
  lines: number;
  entries: number;
  /** Input offsets spanned by the owned entries, terminators included. */
  spanStart: number;
  spanEnd: number;
  skipped: SkippedLine[];
}

/** Finds entries in a window. */
export interface Framer {
  readonly window: Window;
  readonly entries: Entries;
  readonly counts: FramerCounts;
  /** Frames what the window holds; with `eof`, the input ends at `window.fill`. */
  scan(eof: boolean): ScanResult;
  /** Position in `window.buf` before which no byte is needed any more. */
  keepFrom(): number;
  /** Positions in `window.buf` moved left by `shift` (compaction or hand-off). */
  shifted(shift: number): void;
  /**
   * The window is full of one unfinished entry and cannot grow: the entry is too long.
   * The framer drops the bytes and skips to the entry's end.
   */
  overflow(): void;
  /** The largest buffer worth growing to: the longest entry kept plus its terminator. */
  readonly growLimit: number;
}

/** Fresh counts starting at input offset `at`. */
export function newCounts(at: number): FramerCounts {
  return { lines: 0, entries: 0, spanStart: at, spanEnd: at, skipped: [] };
}
