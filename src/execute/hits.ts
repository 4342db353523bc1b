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
import {
  readField, resolveAlias, schemaKey, toEpochMillis, type PathSegment, type Schema, type Value,
} from '../event/index.js';
import { cartesian, encodeKey, type KeyTuple } from '../interpret/run-keys.js';
import { keyReader } from '../interpret/run-engine.js';
import type { RulePlan } from '../plan/index.js';
import type { Expr, Scalar } from '../query/ast.js';

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

/**
 * The time fields a stage hit records, as `ordinalOf` reads them (`run-order.ts`): the
 * timestamp's path, then the tiebreaker's when there is one. A pack compiled with them in
 * `readPaths` reads them through its slots.
 */
export function recordedPaths(options: Pick<HitOptions, 'schema' | 'timestampField' | 'tiebreakerField'>): PathSegment[][] {
  const pathOf = (field: string): PathSegment[] => [...resolveAlias(options.schema, field.split('.'))];
  const paths = [pathOf(options.timestampField)];
  if (options.tiebreakerField !== null) paths.push(pathOf(options.tiebreakerField));
  return paths;
}

/** What the recorder needs to know about the scan. */
export interface HitOptions {
  categoryField: string;
  timestampField: string;
  tiebreakerField: string | null;
  schema: Schema | undefined;
}

/** One key expression's canonical values in an event (see `keyReader`). */
type KeyValues = (event: object) => Scalar[];

const decoder = new TextDecoder('utf-8');

/** An expression's identity for sharing: its tree without source positions. */
const shapeOf = (value: unknown): string =>
  JSON.stringify(value, (k, v: unknown) => (k === 'span' ? undefined : v));

/**
 * The join keys of every (rule, stage), shared: hundreds of stages join on a few dozen key
 * lists (`process.entity_id`, `host.id, process.entity_id`, ...) over fewer expressions
 * still, so an event's keys are worked out once per distinct expression and encoded and
 * interned once per distinct list, however many stages it matches.
 */
class SharedKeys {
  /** Per rule, per pack stage: the key list's id; null for a single-event rule. */
  readonly listOf: (Int32Array | null)[];
  /** Per list, its expressions' ids. */
  private readonly lists: Int32Array[] = [];
  /** Per expression, its values in one event: fields through the pack's slots. */
  private readonly values: KeyValues[] = [];
  // Per-event caches, valid where the mark equals the current event's number.
  private readonly valueMark: Int32Array;
  private readonly valueOf: Scalar[][];
  private readonly listMark: Int32Array;
  private readonly idsOf: number[][];
  private event = 0;
  /** True when some key is computed from the event itself, not through the pack's slots. */
  readonly readsEvent: boolean;

  constructor(plans: readonly RulePlan[], pack: Pack, options: HitOptions) {
    const { schema } = options;
    let readsEvent = false;
    const readerOf = (expr: Expr): ((event: object) => Value) | undefined => {
      const path = expr.kind === 'field' ? resolveAlias(schema, expr.path) : null;
      const read = path === null ? null : pack.reader(path, schema?.nullValues.get(schemaKey(path)));
      if (read === null) readsEvent = true;
      return read ?? undefined;
    };
    const exprIds = new Map<string, number>();
    const listIds = new Map<string, number>();
    this.listOf = plans.map((plan) => {
      const body = plan.query.body;
      if (body.kind === 'event') return null;
      const until = body.kind === 'sequence' ? body.until : null;
      const stages = until ? [...body.stages, until] : body.stages;
      return Int32Array.from(stages, (stage) => {
        const exprs = [...body.by, ...stage.by].map((expr) => {
          const shape = shapeOf(expr);
          let id = exprIds.get(shape);
          if (id === undefined) {
            exprIds.set(shape, (id = this.values.length));
            this.values.push(keyReader(expr, schema, readerOf(expr)));
          }
          return id;
        });
        const shape = exprs.join(',');
        let id = listIds.get(shape);
        if (id === undefined) {
          listIds.set(shape, (id = this.lists.length));
          this.lists.push(Int32Array.from(exprs));
        }
        return id;
      });
    });
    this.readsEvent = readsEvent;
    this.valueMark = new Int32Array(this.values.length);
    this.valueOf = this.values.map(() => []);
    this.listMark = new Int32Array(this.lists.length);
    this.idsOf = this.lists.map(() => []);
  }

  /** Starts a new event: nothing cached so far holds for it. */
  next(): void {
    if (++this.event >= 0x3fffffff) {
      this.event = 1;
      this.valueMark.fill(0);
      this.listMark.fill(0);
    }
  }

  /** The interned ids of the key tuples the event joins under by list `list`; may be empty. */
  ids(list: number, event: object, interner: KeyInterner): number[] {
    if (this.listMark[list] === this.event) return this.idsOf[list]!;
    this.listMark[list] = this.event;
    const ids = this.idsOf[list]!;
    ids.length = 0;
    const exprs = this.lists[list]!;
    if (exprs.length === 1) {
      for (const value of this.valuesOf(exprs[0]!, event)) {
        ids.push(interner.one(value));
      }
      return ids;
    }
    // As the engine's keys: one position per expression, none when any has no value.
    const positions: Scalar[][] = [];
    for (let i = 0; i < exprs.length; i++) {
      const values = this.valuesOf(exprs[i]!, event);
      if (values.length === 0) return ids;
      positions.push(values);
    }
    for (const key of cartesian(positions)) ids.push(interner.tuple(key));
    return ids;
  }

  private valuesOf(expr: number, event: object): Scalar[] {
    if (this.valueMark[expr] === this.event) return this.valueOf[expr]!;
    this.valueMark[expr] = this.event;
    return (this.valueOf[expr] = this.values[expr]!(event));
  }
}

/**
 * Finds the stage hits of events with a compiled pack and computes their join keys.
 *
 * Known shortcoming: every hit of every stage is recorded, though few can ever join. Stages
 * are broad (`process where event.type == "start"`), so with the Elastic pack over the demo
 * corpus 43% of events hit some stage, and matching plus recording them takes half the
 * scan. Only 958 of 115,256 distinct (stage, key) hits over 200 MB had their key on every
 * positive stage of their rule. A shard cannot know that on its own: it would take keys found
 * on each rule's most selective stage first, in a pass of their own.
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
  private readonly interners = new WeakMap<StageHitLines, KeyInterner>();
  private readonly timestamp: (event: object) => Value;
  private readonly tiebreaker: ((event: object) => Value) | null;
  /**
   * True when recording reads the event itself, not only through the pack's slots: the
   * event passed to `record` must then be the real one, not a stand-in (`Pack.begin`).
   */
  readonly readsEvent: boolean;

  private constructor(
    private readonly pack: Pack,
    private readonly keys: SharedKeys,
    options: HitOptions,
  ) {
    const paths = recordedPaths(options);
    const readers = paths.map((path) => pack.reader(path, undefined));
    const [timestamp, tiebreaker] = paths.map((path, i) => (
      readers[i] ?? ((event: object): Value => readField(event, path))
    ));
    this.timestamp = timestamp!;
    this.tiebreaker = tiebreaker ?? null;
    this.readsEvent = keys.readsEvent || readers.includes(null);
  }

  /** A recorder for the sequence and sample rules among `plans`; null when there are none. */
  static create(
    plans: readonly RulePlan[], pack: Pack, options: HitOptions,
  ): StageHitRecorder | null {
    if (pack.stageRules.length === 0) return null;
    return new StageHitRecorder(pack, new SharedKeys(plans, pack, options), options);
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
    let interner = this.interners.get(out);
    if (!interner) this.interners.set(out, (interner = new KeyInterner(out)));
    const shared = this.keys;
    shared.next();
    for (let i = 0; i < found.length; i += 2) {
      const rule = found[i]!;
      const stage = found[i + 1]!;
      const list = shared.listOf[rule]?.[stage];
      if (list === undefined) continue;
      const ids = shared.ids(list, event, interner);
      if (ids.length === 0) continue;
      codes.push(rule, stage, ids.length);
      for (let k = 0; k < ids.length; k++) codes.push(ids[k]!);
    }
    if (codes.length === first) return;

    out.count++;
    out.hitStart.push(first);
    out.line.push(line);
    out.offset.push(fileOffset + lineStart);
    out.textStart.push(fileOffset + start);
    out.textLength.push(end - start);
    out.timestamp.push(toEpochMillis(firstOf(this.timestamp(event))) ?? Number.NaN);
    if (this.tiebreaker !== null) out.tiebreaker.push(firstOf(this.tiebreaker(event)) ?? undefined);
    out.text?.push(decoder.decode(buf.subarray(start, end)));
  }

}

/**
 * A level of `KeyInterner.tuple`'s trie: the next value to the level after, and the id. A
 * `Map` keeps `1` and `"1"` apart and takes `-0` for `0`, as `encodeKey` does.
 */
interface KeyNode {
  next: Map<Scalar, KeyNode> | null;
  id: number;
}

/**
 * Key tuples of one set of rows, by id: each is encoded and kept once. Tuples are told apart
 * by their values, one level per position; two tuples are equal exactly when they encode the
 * same (`encodeKey`), and one-value tuples, kept apart, never meet longer ones, so a tuple
 * not found is new.
 */
class KeyInterner {
  /** One-value tuples, by the value. */
  private readonly single = new Map<Scalar, number>();
  /** Longer tuples, value by value. */
  private readonly trie: KeyNode = { next: null, id: -1 };

  constructor(private readonly out: StageHitLines) {}

  /** The id of a tuple of two or more values. */
  tuple(key: KeyTuple): number {
    let node = this.trie;
    for (let i = 0; i < key.length; i++) {
      const v = key[i] as Scalar;
      const next = (node.next ??= new Map());
      let child = next.get(v);
      if (child === undefined) next.set(v, (child = { next: null, id: -1 }));
      node = child;
    }
    if (node.id < 0) node.id = this.add(key);
    return node.id;
  }

  /** The id of the tuple `[value]`. */
  one(value: Scalar): number {
    let id = this.single.get(value);
    if (id === undefined) this.single.set(value, (id = this.add([value])));
    return id;
  }

  private add(key: KeyTuple): number {
    this.out.keys.push(encodeKey(key));
    return this.out.keys.length - 1;
  }
}

function firstOf(value: Value): Scalar | undefined {
  return Array.isArray(value) ? value[0] : value;
}
