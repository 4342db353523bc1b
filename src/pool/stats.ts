/**
 * What a scan reports: alerts as they are found, and the totals at the end.
 */
import type { StageCounters } from '../execute/sequence-run.js';
import type { Scalar } from '../query/ast.js';
import type { EngineName, ParserName } from './messages.js';

/** The rule an alert came from, as reported. */
export interface AlertRule {
  id: string;
  name: string;
  severity: string;
  riskScore: number;
}

/** A match as reported: the rule, the line as read and where it is. */
export interface Alert {
  rule: AlertRule;
  /** The matching line exactly as read, without its line terminator. */
  raw: string;
  /** The file the line is in; `-` for standard input. */
  file: string;
  /** 1-based line number in the file. */
  line: number;
  /** Byte offset of the line in the file (uncompressed, for gzip). */
  offset: number;
}

/** One event of a sequence or sample alert: the line as read and where it is. */
export interface AlertEvent {
  raw: string;
  file: string;
  line: number;
  offset: number;
}

/**
 * A sequence or sample match as reported: every event of the match in stage order, null
 * for a missing-event stage (`![...]`), which no event fills.
 */
export interface SequenceAlert {
  kind: 'sequence' | 'sample';
  rule: AlertRule;
  /** The join key values; dates of a sequence as ISO-8601 text. */
  joinKeys: Scalar[];
  events: (AlertEvent | null)[];
}

/** What a scan yields: single-event alerts and sequence or sample alerts. */
export type ScanAlert = Alert | SequenceAlert;

/** True for a sequence or sample alert. */
export function isSequenceAlert(alert: ScanAlert): alert is SequenceAlert {
  return 'kind' in alert;
}

/** How sequence and sample rules ran: what was kept, and every overflow. */
export interface SequenceStats extends StageCounters {
  /** Sequence and sample rules run. */
  rules: number;
  /** Lines with at least one stage hit, kept for matching. */
  hitEvents: number;
  /** Bytes of the columns holding them (texts and interned keys not counted). */
  hitBytes: number;
  /** Stage-hit lines not kept because `maxHitEvents` was reached (results incomplete). */
  droppedHitEvents: number;
  /** Stage-hit lines without a readable timestamp, left out of sequences. */
  untimed: number;
  /** Seconds spent merging hits into time order and matching. */
  seconds: number;
}

/** A line that could not be decoded as a JSON object. */
export interface RejectedLocation {
  file: string;
  line: number;
  offset: number;
  reason: string;
}

/** A byte range that was not scanned, or was scanned only on the second try. */
export interface RangeFailure {
  file: string;
  start: number;
  end: number;
  reason: string;
}

/** Totals of a scan; `lines = events + blank + rejected`. */
export interface ScanStats {
  files: number;
  /** Bytes read, uncompressed. */
  bytes: number;
  lines: number;
  events: number;
  blank: number;
  rejected: number;
  /** Alerts per rule id; every rule that ran is listed, with 0 when it matched nothing. */
  alerts: Record<string, number>;
  seconds: number;
  workers: number;
  parser: ParserName;
  engine: EngineName;
  /** The first rejected lines, in input order. */
  rejects: RejectedLocation[];
  /** Inputs that could not be read (a missing file, a corrupt gzip stream). */
  unreadable: { file: string; reason: string }[];
  /** Ranges whose worker failed twice: nothing in them was scanned. */
  notScanned: RangeFailure[];
  /** Ranges whose worker failed once; the retry scanned them. */
  retried: RangeFailure[];
  /** Present when the scan ran sequence or sample rules. */
  sequences?: SequenceStats;
}
