/**
 * What a scan reports: alerts as they are found, and the totals at the end.
 */
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
}
