/**
 * Stage hits: the stateless half of sequence and sample matching, run inside the workers.
 *
 * A worker cannot match a sequence: its stages may fall in other shards, other files, and in
 * any order in time. What it can do, in parallel and with the compiled pack, is find every
 * line that matches some stage (an `until` and missing-event stage included) and note what
 * the stateful half needs of it: which (rule, stage), under which join keys, at what time,
 * and where the line is. The main thread merges these hits into time order and runs the
 * reference state machines over them (`sequence-run.ts`, `sample-run.ts`).
 *
 * Hits travel as columns of plain numbers, one row per line, so that a shard's hits clone
 * cheaply. The line's text travels only when the input cannot be read again (gzip, stdin):
 * for a plain file the position is enough to fetch the few lines that end up in alerts.
 */
import type { Pack } from '../compile/index.js';
import type { Schema } from '../event/index.js';
import type { KeyTuple } from '../interpret/run-keys.js';
import { encodeKey } from '../interpret/run-keys.js';
import { interpreterEngine } from '../interpret/run-engine.js';
import { ordinalOf, type OrderFields } from '../interpret/run-order.js';
import type { RulePlan } from '../plan/index.js';
import type { Scalar } from '../query/ast.js';

/**
 * The stage hits of one shard or batch, one row per line that has any.
 *
 * `codes[hitStart[i]]` up to `hitStart[i + 1]` (or the end) are the line's hits, each
 * `rule, stage, n, key...`: the rule's index in the payload, the stage as the pack numbers
 * it (as written; a sequence's `until` is `stages.length`), and `n` indexes into `keys`,
 * the encoded join key tuples (`encodeKey`) under which the line matched that stage.
 */
export interface StageHitLines {
  count: number;
  /** Line number relative to the shard or batch, 0-based. */
  line: number[];
  /** Byte offset of the line's first byte, as alerts report it. */
  offset: number[];
  /** Byte offset and length of the event's text (the line without its padding). */
  textStart: number[];
  textLength: number[];
  /** Epoch milliseconds; NaN when the event has no readable timestamp. */
  timestamp: number[];
  /** The tiebreaker's value per line; empty when the scan has no tiebreaker field. */
  tiebreaker: (Scalar | undefined)[];
  /** The line's text, for inputs that cannot be read again; null otherwise. */
  text: string[] | null;
  hitStart: number[];
  codes: number[];
  keys: string[];
}

/** Rows with nothing in them yet; `keepText` for gzip files and standard input. */
export function emptyHitLines(keepText: boolean): StageHitLines {
  return {
    count: 0, line: [], offset: [], textStart: [], textLength: [], timestamp: [],
    tiebreaker: [], text: keepText ? [] : null, hitStart: [], codes: [], keys: [],
  };
}

/** What the recorder needs to know about the scan. */
export interface HitOptions {
  categoryField: string;
  timestampField: string;
  tiebreakerField: string | null;
  schema: Schema | undefined;
}

type Keys = (event: object) => KeyTuple[];

const decoder = new TextDecoder('utf-8');

/**
 * Finds the stage hits of events with a compiled pack and computes their join keys.
 *
 * @example
 * const recorder = StageHitRecorder.create(plans, pack, options); // null: no stage rule
 * recorder?.record(event, out, line, buf, fileOffset, lineStart, start, end);
 */
export class StageHitRecorder {
  private readonly found: number[] = [];
  private readonly collect = (rule: number, stage: number): void => {
    this.found.push(rule, stage);
  };
  private readonly keyIds = new WeakMap<StageHitLines, Map<string, number>>();

  private constructor(
    private readonly pack: Pack,
    /** Per rule index, per pack stage: the join keys an event matching it joins under. */
    private readonly keyers: (Keys[] | null)[],
    private readonly fields: OrderFields,
  ) {}

  /** A recorder for the sequence and sample rules among `plans`; null when there are none. */
  static create(
    plans: readonly RulePlan[], pack: Pack, options: HitOptions,
  ): StageHitRecorder | null {
    if (pack.stageRules.length === 0) return null;
    const { categoryField, schema } = options;
    const engine = interpreterEngine({ categoryField, schema });
    const keyers = plans.map((plan) => {
      const body = plan.query.body;
      if (body.kind === 'event') return null;
      const until = body.kind === 'sequence' ? body.until : null;
      const stages = until ? [...body.stages, until] : body.stages;
      return stages.map((stage) => engine.keys([...body.by, ...stage.by]));
    });
    const fields: OrderFields = {
      timestampField: options.timestampField,
      tiebreakerField: options.tiebreakerField ?? undefined,
      schema: options.schema,
    };
    return new StageHitRecorder(pack, keyers, fields);
  }

  /**
   * Adds a row to `out` when the event matches some stage under at least one key: an event
   * whose (non-optional) key is absent cannot join, as in the reference engine. The event's
   * text is `buf[start, end)`; `buf[0]` is at `fileOffset` in the file, and the line itself
   * (padding included) starts at `lineStart`.
   */
  record(
    event: object, out: StageHitLines, line: number,
    buf: Uint8Array, fileOffset: number, lineStart: number, start: number, end: number,
  ): void {
    const found = this.found;
    found.length = 0;
    this.pack.stageHits(event, this.collect);
    if (found.length === 0) return;

    const codes = out.codes;
    const first = codes.length;
    for (let i = 0; i < found.length; i += 2) {
      const rule = found[i]!;
      const stage = found[i + 1]!;
      const keys = this.keyers[rule]?.[stage]?.(event) ?? [];
      if (keys.length === 0) continue;
      codes.push(rule, stage, keys.length);
      for (const key of keys) codes.push(this.keyId(out, key));
    }
    if (codes.length === first) return;

    const ordinal = ordinalOf(event, 0, this.fields);
    out.count++;
    out.hitStart.push(first);
    out.line.push(line);
    out.offset.push(fileOffset + lineStart);
    out.textStart.push(fileOffset + start);
    out.textLength.push(end - start);
    out.timestamp.push(ordinal.timestamp);
    if (this.fields.tiebreakerField !== undefined) out.tiebreaker.push(ordinal.tiebreaker);
    out.text?.push(decoder.decode(buf.subarray(start, end)));
  }

  private keyId(out: StageHitLines, key: KeyTuple): number {
    let ids = this.keyIds.get(out);
    if (!ids) this.keyIds.set(out, (ids = new Map()));
    const text = encodeKey(key);
    let id = ids.get(text);
    if (id === undefined) {
      id = out.keys.length;
      out.keys.push(text);
      ids.set(text, id);
    }
    return id;
  }
}
