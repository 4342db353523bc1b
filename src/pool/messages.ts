/**
 * What travels between the main thread and the scan workers.
 *
 * Everything here is plain data that survives structured cloning. Results are deliberately
 * compact: a worker never sends event objects back, only counts and, per alert, the rule
 * index, the line's position and its raw text. Decoding an event is the expensive part of a
 * scan, and the main thread must not redo or receive it.
 */
import type { StageHitLines } from '../execute/hits.js';
import type { Rule, RulePlan } from '../plan/index.js';
import type { Scalar } from '../query/ast.js';

/** The engine that evaluates single-event rules. */
export type EngineName = 'compiled' | 'interpreter';

/** The JSON parser that decodes lines; `native` projects batches in the addon. */
export type ParserName = 'json' | 'simdjson' | 'native';

/** How a worker runs a rule set; part of the key its compiled pack is cached under. */
export interface ExecOptions {
  /** The dotted field holding the event category (`event.category`). */
  categoryField: string;
  /** The dotted field holding the event time; sequences order by it. */
  timestampField: string;
  /** The field that breaks ties between events with the same timestamp; null for none. */
  tiebreakerField: string | null;
  engine: EngineName;
  parser: ParserName;
  /** Skip decoding lines in which no rule's literals occur. */
  prefilter: boolean;
  /**
   * Decode every line, even those the prefilter rules out, so that every malformed line is
   * found. Without it, a line the prefilter rules out is only checked for the shape of an
   * object (`{ ... }`), which finds truncated and garbage lines but not every syntax error.
   */
  validate: boolean;
  /** Field types (from `--mapping`) as plain data; absent or null for the default schema. */
  schema?: SchemaSpec | null;
}

/** A schema as plain data, so that it survives cloning and hashing into the payload key. */
export interface SchemaSpec {
  types: Record<string, string>;
  aliases: Record<string, string>;
  nullValues: Record<string, Scalar>;
}

/** A rule set as the worker receives it: rules as plain data, compiled there once. */
export interface RulePayload {
  /** Identifies the rules and options; workers cache their compiled pack under it. */
  key: string;
  rules: Rule[];
  options: ExecOptions;
}

/**
 * A rule set as tasks carry it: its key, and the rules' plans and the options serialized
 * once into memory every worker shares. Cloning the rules themselves into every task cost
 * the main thread and the worker about 10 ms a task for the Elastic pack (2 MB), though a
 * worker reads them only for its first task. The plans are the main thread's own, so no
 * worker parses the queries again: for the pack that took each of two workers, compiling
 * at once, about half a second; deserializing them takes about a tenth of a second.
 */
export interface SharedPayload {
  key: string;
  /** `v8.serialize` of a `SharedContent`. */
  shared: SharedArrayBuffer;
}

/** What a shared payload holds: plans made for `options.categoryField`. */
export interface SharedContent {
  plans: RulePlan[];
  options: ExecOptions;
}

/** What a task names its rule set by. */
export type TaskPayload = RulePayload | SharedPayload;

/** A line-aligned byte range of one file, as the source stage plans it. */
export interface ShardRef {
  file: string;
  start: number;
  end: number;
  /** Position of the shard in its file, 0-based. */
  index: number;
  /** The shard exactly as the source stage described it, handed back to it in the worker. */
  shard: unknown;
}

/** Scan one shard of a file: the worker reads the range itself. */
export interface ShardTask {
  kind: 'shard';
  payload: TaskPayload;
  ref: ShardRef;
}

/** Scan lines the main thread has already read (standard input); `buf` is transferred. */
export interface BatchTask {
  kind: 'batch';
  payload: TaskPayload;
  file: string;
  buf: Uint8Array;
  /** Byte offsets of each line's start and end (newline excluded) within `buf`. */
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** Relative number (0-based) of the first line of the batch. */
  firstLine: number;
  /** Offset in the stream of `buf[0]`. */
  fileOffset: number;
  /** Per entry, its relative line, when entries are not one per line (JSON arrays). */
  lines?: Int32Array | undefined;
  /** Bytes of the stream the batch covers, terminators included. */
  bytes: number;
  /** Physical lines the batch covers. */
  span: number;
}

/** Work for one worker call. */
export type ScanTask = ShardTask | BatchTask;

/** One match, as compact as possible. */
export interface AlertHit {
  /** Index of the rule in `RulePayload.rules`. */
  rule: number;
  /** Line number relative to the start of the shard or batch, 0-based. */
  line: number;
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  /** The line as read, without its line terminator. */
  text: string;
}

/** A line that could not be decoded as a JSON object. */
export interface RejectedLine {
  /** Line number relative to the start of the shard or batch, 0-based. */
  line: number;
  offset: number;
  reason: string;
}

/** How many rejected lines a result lists in full; the rest are only counted. */
export const MAX_LISTED_REJECTS = 10;

/** Counts and hits of one shard or batch. */
export interface ScanCounts {
  /** Every entry (line) accounted for: events, blank and rejected ones. */
  lines: number;
  /**
   * Physical lines the range owns, which the next range's line numbers start after. The
   * same as `lines` for NDJSON; a JSON array has fewer entries than lines.
   */
  span: number;
  events: number;
  blank: number;
  rejected: number;
  /** Bytes read (uncompressed). */
  bytes: number;
  /** The first `MAX_LISTED_REJECTS` rejected lines, in order. */
  rejects: RejectedLine[];
  /** Matches in line order; within a line, in rule order. */
  alerts: AlertHit[];
  /**
   * Lines that matched a sequence or sample stage, with their join keys and time; null when
   * the rule set has no such rule. Matching them is left to the main thread.
   */
  hits: StageHitLines | null;
}

/** What a worker hands back: counts, or why the range could not be read at all. */
export type ScanResult =
  | ({ ok: true } & ScanCounts)
  | { ok: false; reason: string; partial: ScanCounts | null };
