/**
 * One projected batch: per line a status, per (line, field) slot the field's values, read
 * straight from the addon's arrays.
 *
 * Layout (slot `s` of line `i` is `i * fieldCount + f`):
 *
 *   tags[s]  0 missing  1 null  2 false  3 true  4 number  5 string  6 array (2+ values)
 *            7 string with code points past U+00FF  8 interned string
 *   refs[s]  number -> numbers[ref]; string -> text.slice(strOffsets[ref], strOffsets[ref+1]);
 *            wide string -> the same in wide / wideOffsets; interned -> its id among the
 *            projector's interned values (`interned.ts`), which the batch's fresh ones join;
 *            array -> pool entries [arrStarts[ref], arrStarts[ref+1]), each a poolTags /
 *            poolRefs pair read like a slot (never itself an array)
 *
 * Keeping the rare wide strings apart keeps `text` one-byte (Latin-1), which V8 copies
 * without decoding and whose slices stay one-byte.
 *
 * Lines the addon does not settle (anything but ok or blank) are parsed again by the
 * `json` backend right away, so every verdict, reason and detail is the JavaScript one;
 * lines it marked as fallback (constructs it does not read exactly, such as `1e400` or
 * lone surrogate escapes) become full `JSON.parse` events.
 */
import type { ParseResult, Parser, RejectReason } from '../event/parse/index.js';
import { readField, type PathSegment, type Value } from '../event/index.js';
import type { Scalar } from '../query/ast.js';
import type { InternedValues } from './interned.js';
import type { RawBatch } from './loader.js';

/** Slot tags. */
export const TAG = {
  missing: 0,
  null: 1,
  false: 2,
  true: 3,
  number: 4,
  string: 5,
  array: 6,
  wideString: 7,
  interned: 8,
} as const;

/** The addon's line statuses; only `ok` and `blank` reach callers unresolved. */
export const STATUS = {
  ok: 0,
  blank: 1,
  fallback: 2,
  malformed: 3,
  notAnObject: 4,
  invalidUtf8: 5,
  tooDeep: 6,
} as const;

/** Builds the minimal event of one line from its slots (see builder.ts). */
export type EventBuilder = (batch: ProjectedBatch, base: number) => object;

/** What a batch needs from its projector. */
export interface BatchContext {
  readonly fieldCount: number;
  readonly paths: readonly (readonly PathSegment[])[];
  readonly build: EventBuilder | null;
  readonly parser: Parser;
  /** The projector's interned values, which every batch it makes reads and extends. */
  readonly interned: InternedValues;
}

/**
 * A projected batch. Its arrays are valid until the projector that made it projects
 * again (the addon reuses them); events and values taken from it stay valid for good.
 *
 * @example
 *   const batch = projector.project(buf, starts, ends, count);
 *   if (batch.isEvent(0)) pack.match(batch.event(0));
 */
export class ProjectedBatch {
  /** Lines in the batch. */
  readonly count: number;
  /** The addon's status per line (see `STATUS`); `resolved` holds the final word on others. */
  readonly status: Uint8Array;
  readonly tags: Uint8Array;
  readonly refs: Uint32Array;
  readonly numbers: Float64Array;
  readonly strOffsets: Uint32Array;
  readonly arrStarts: Uint32Array;
  readonly poolTags: Uint8Array;
  readonly poolRefs: Uint32Array;
  readonly text: string;
  readonly wide: string;
  readonly wideOffsets: Uint32Array;
  /** The `json` backend's result for every line the addon did not settle. */
  readonly resolved: ReadonlyMap<number, ParseResult>;
  private readonly context: BatchContext;
  private readonly interned: InternedValues;
  private readonly buf: Uint8Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(
    raw: RawBatch,
    context: BatchContext,
    buf: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    count: number,
  ) {
    this.count = count;
    this.status = raw.status;
    this.tags = raw.tags;
    this.refs = raw.refs;
    this.numbers = raw.numbers;
    this.strOffsets = raw.strOffsets;
    this.arrStarts = raw.arrStarts;
    this.poolTags = raw.poolTags;
    this.poolRefs = raw.poolRefs;
    this.text = raw.text;
    this.wide = raw.wide;
    this.wideOffsets = raw.wideOffsets;
    this.context = context;
    this.interned = context.interned;
    context.interned.absorb(raw);
    this.buf = buf;
    this.starts = starts;
    this.ends = ends;

    const resolved = new Map<number, ParseResult>();
    for (let i = 0; i < count; i++) {
      if (raw.status[i]! <= STATUS.blank) continue;
      resolved.set(i, context.parser.parse(buf, starts[i]!, ends[i]!));
    }
    this.resolved = resolved;
  }

  /** True when line `i` is empty or JSON whitespace only (neither event nor rejection). */
  isBlank(i: number): boolean {
    return this.status[i] === STATUS.blank;
  }

  /** True when line `i` is an event. */
  isEvent(i: number): boolean {
    const status = this.status[i]!;
    return status === STATUS.ok || (status > STATUS.blank && this.resolved.get(i)!.ok);
  }

  /** Why line `i` is not an event, or null when it is one (or is blank). */
  rejection(i: number): { reason: RejectReason; detail: string } | null {
    const result = this.resolved.get(i);
    if (result === undefined || result.ok) return null;
    return { reason: result.reason, detail: result.detail };
  }

  /**
   * The event of line `i` for a matcher: just the projected fields, nested, when the
   * addon read the line, or the whole `JSON.parse` event when it handed the line back.
   * Either way every projected field reads as `readField` reads it on the full event.
   */
  event(i: number): object {
    const status = this.status[i]!;
    if (status === STATUS.ok) {
      const build = this.context.build;
      if (build !== null) return build(this, i * this.context.fieldCount);
      return this.parsed(i);
    }
    const result = status > STATUS.blank ? this.resolved.get(i)! : undefined;
    if (result?.ok) return result.event;
    throw new RangeError(`line ${i} of the batch is not an event`);
  }

  /** Line `i` as the `Parser` contract words it (not for blank lines). */
  result(i: number): ParseResult {
    if (this.status[i] === STATUS.ok) return { ok: true, event: this.event(i) };
    const result = this.resolved.get(i);
    if (result === undefined) throw new RangeError(`line ${i} of the batch is blank`);
    return result;
  }

  /**
   * Field `f` of line `i`, exactly as `readField(event, path, nullValue)` reads it on the
   * full event: undefined, one scalar, or an array of two or more.
   */
  value(i: number, f: number, nullValue?: Scalar): Value {
    const status = this.status[i]!;
    if (status !== STATUS.ok) {
      const result = this.resolved.get(i);
      if (result?.ok) return readField(result.event, this.context.paths[f]!, nullValue);
      return undefined;
    }
    const s = i * this.context.fieldCount + f;
    const tag = this.tags[s]!;
    if (tag === TAG.interned) return this.interned.value(this.refs[s]!);
    if (tag === TAG.string) return this.string(this.refs[s]!);
    if (tag === TAG.array) return this.nullsAs(this.array(this.refs[s]!), nullValue);
    if (tag === TAG.null) return nullValue ?? undefined;
    return this.scalar(tag, this.refs[s]!);
  }

  /**
   * `foldCase(value(i, f))` when that value is one interned string, folded once for the whole
   * scan; undefined for any other value.
   */
  internedFold(i: number, f: number): string | undefined {
    if (this.status[i] !== STATUS.ok) return undefined;
    const s = i * this.context.fieldCount + f;
    return this.tags[s] === TAG.interned ? this.interned.foldedValue(this.refs[s]!) : undefined;
  }

  /**
   * The values of slot `s` as stored, nulls kept: what the event builder places in the
   * minimal event (readers then drop or replace the nulls as `readField` does).
   */
  slot(s: number): Value | null {
    const tag = this.tags[s]!;
    if (tag === TAG.interned) return this.interned.value(this.refs[s]!);
    if (tag === TAG.string) return this.string(this.refs[s]!);
    if (tag === TAG.array) return this.array(this.refs[s]!);
    return this.scalar(tag, this.refs[s]!);
  }

  private scalar(tag: number, ref: number): Scalar | undefined {
    switch (tag) {
      case TAG.missing:
        return undefined;
      case TAG.null:
        return null;
      case TAG.false:
        return false;
      case TAG.true:
        return true;
      case TAG.number:
        return this.numbers[ref]!;
      case TAG.string:
        return this.string(ref);
      case TAG.interned:
        return this.interned.value(ref);
      default:
        return this.wide.slice(this.wideOffsets[ref]!, this.wideOffsets[ref + 1]!);
    }
  }

  private string(ref: number): string {
    return this.text.slice(this.strOffsets[ref]!, this.strOffsets[ref + 1]!);
  }

  private array(ref: number): Scalar[] {
    const from = this.arrStarts[ref]!;
    const to = this.arrStarts[ref + 1]!;
    const out = new Array<Scalar>(to - from);
    for (let k = from; k < to; k++) {
      out[k - from] = this.scalar(this.poolTags[k]!, this.poolRefs[k]!) as Scalar;
    }
    return out;
  }

  // readField's treatment of nulls among several values: dropped, or replaced.
  private nullsAs(values: Scalar[], nullValue: Scalar | undefined): Value {
    let kept = values;
    if (values.includes(null)) {
      kept = nullValue === undefined || nullValue === null
        ? values.filter((v) => v !== null)
        : values.map((v) => (v === null ? nullValue : v));
    }
    if (kept.length === 0) return undefined;
    return kept.length === 1 ? kept[0] : kept;
  }

  private parsed(i: number): object {
    const result = this.context.parser.parse(this.buf, this.starts[i]!, this.ends[i]!);
    if (!result.ok) throw new RangeError(`line ${i}: the addon and JSON.parse disagree`);
    return result.event;
  }
}
