/**
 * Event queries to matchers: the generated function, the state it reads fields through, and
 * the single-query entry points (`compileEventQuery`, `compiledEngine`).
 *
 * A matcher is `(event, epoch) => boolean`. Field values live in slots shared by every
 * matcher built together; a slot is read at most once per event (and folded at most once),
 * and the epoch, a counter bumped per event, says whether a slot already holds this event's
 * value, so nothing is cleared between events.
 */
import { InternalError } from '../errors.js';
import { parseFieldPath, type Schema, type Value } from '../event/index.js';
import { interpreterEngine } from '../interpret/run-engine.js';
import type { StageEngine } from '../interpret/run.js';
import type { EventQuery } from '../query/ast.js';
import { Emitter, type LeafNote } from './codegen.js';
import type { Scalar } from '../query/ast.js';
import { FieldTrie, isWalkable } from './field-walk.js';
import { buildReaders, SlotTable, type Reader, type Slot } from './readers.js';
import { foldValue, RUNTIME, type Runtime } from './runtime.js';

/** How fields are read: one walk per event, or a generated reader per field. */
export type FieldAccess = 'walk' | 'direct';

/** How matchers read events. */
export interface CompileOptions {
  /** The dotted field holding the category (`event.category`). */
  categoryField: string;
  schema?: Schema | undefined;
  /** Chosen by the number of fields read unless told; see `EventState`. */
  fieldAccess?: FieldAccess | undefined;
}

/** An event's slot values, given on demand instead of walking the event (`EventState.attach`). */
export interface SlotSource {
  /** A walkable slot's value, as `readField` reads its field; undefined when absent. */
  read(slot: number): Value;
  /**
   * The slot's value case-folded, when the source keeps it folded (an interned string);
   * undefined when it does not, and the value read is folded instead.
   */
  foldedOf(slot: number): string | undefined;
  /** The event itself, for the slots that are not walked. */
  event(): object;
}

/** A generated predicate: true when the event matches. `epoch` identifies the event. */
export type MatchFn = (event: object, epoch: number) => boolean;

/**
 * The per-event field cache every matcher of one build shares.
 *
 * In `walk` mode (the default) the first slot read of an event walks the event once and
 * fills every walkable slot it finds (`field-walk.ts`); in `direct` mode each slot is read by
 * its own generated reader on first use. Direct reads win on events of one shape, and when
 * a build reads few fields (one rule, a small pack) even on real telemetry, since a walk
 * visits every field of the event; the walk wins, by far, when hundreds of fields are read.
 * An event with a slot source (`attach`, a native line) is never walked: walkable slots come
 * from the source as they are first read, which beats both.
 */
export class EventState {
  /** Raw values by slot, valid where `G[slot] === epoch`. */
  readonly V: unknown[];
  readonly G: Int32Array;
  /** Case-folded values by slot, valid where `H[slot] === epoch`. */
  readonly L: unknown[];
  readonly H: Int32Array;
  readonly R: Reader[];
  private readonly trie: FieldTrie | null;
  private readonly walkable: Uint8Array;
  private epoch = 0;
  private walked = 0;
  /** The epoch `attach` gave a source for, and the source. */
  private sourceEp = 0;
  private source: SlotSource | null = null;
  private readonly found: (slot: number, value: Scalar | Scalar[]) => void;

  constructor(readers: Reader[], slots: readonly Slot[], access: FieldAccess = defaultAccess(slots)) {
    const n = readers.length;
    this.V = new Array<unknown>(n).fill(undefined);
    this.L = new Array<unknown>(n).fill(undefined);
    this.G = new Int32Array(n);
    this.H = new Int32Array(n);
    this.R = readers;
    this.walkable = new Uint8Array(n);
    if (access === 'walk') for (const slot of slots) this.walkable[slot.index] = isWalkable(slot) ? 1 : 0;
    this.trie = access === 'walk' ? new FieldTrie(slots) : null;
    this.found = (slot, value) => {
      const ep = this.epoch;
      if (this.G[slot] !== ep) {
        this.G[slot] = ep;
        this.V[slot] = value;
        return;
      }
      // Found again (nested and flat at once): the values join.
      const before = this.V[slot] as Scalar | Scalar[];
      this.V[slot] = ([] as Scalar[]).concat(before, value);
    };
  }

  /** A fresh epoch for the next event; wrapping clears the marks once in a billion events. */
  next(): number {
    if (++this.epoch >= 0x3fffffff) {
      this.G.fill(0);
      this.H.fill(0);
      this.epoch = 1;
      this.walked = 0;
      this.sourceEp = 0;
    }
    return this.epoch;
  }

  /**
   * Reads the event of epoch `ep` (the current one) from `source` instead of walking it:
   * each walkable slot from `source.read` on its first read, any other slot from the event
   * `source.event()` gives, so the event passed to reads may be a stand-in. Does nothing in
   * `direct` mode, where slots are read from the event.
   */
  attach(ep: number, source: SlotSource): void {
    if (this.trie === null || ep !== this.epoch) return;
    this.walked = ep;
    this.sourceEp = ep;
    this.source = source;
  }

  /** True when a slot is read by the walk (and so is what a source's `read` gives). */
  isWalked(slot: number): boolean {
    return this.walkable[slot] === 1;
  }

  /** A slot's value for the event of epoch `ep`, on its first read in that event. */
  get(slot: number, event: object, ep: number): unknown {
    if (this.trie !== null && this.walked !== ep) {
      this.walked = ep;
      this.trie.walk(event, this.found);
      if (this.G[slot] === ep) return this.V[slot];
    }
    this.G[slot] = ep;
    if (this.sourceEp === ep) {
      const source = this.source!;
      return (this.V[slot] = this.walkable[slot] === 1 ? source.read(slot) : this.R[slot]!(source.event()));
    }
    return (this.V[slot] = this.walkable[slot] === 1 ? undefined : this.R[slot]!(event));
  }

  /** A slot's value, read if this event has not read it yet. */
  read(slot: number, event: object, ep: number): unknown {
    return this.G[slot] === ep ? this.V[slot] : this.get(slot, event, ep);
  }

  /** A slot's value case-folded (`foldValue`), as generated matchers fold it: once per event. */
  readFolded(slot: number, event: object, ep: number): unknown {
    if (this.H[slot] === ep) return this.L[slot];
    this.H[slot] = ep;
    if (this.sourceEp === ep && this.walkable[slot] === 1) {
      const known = this.source!.foldedOf(slot);
      if (known !== undefined) return (this.L[slot] = known);
    }
    return (this.L[slot] = foldValue(this.read(slot, event, ep) as Value));
  }
}

/** Builds reading at most this many fields read them directly; larger ones walk the event. */
const DIRECT_MAX_SLOTS = 32;

function defaultAccess(slots: readonly Slot[]): FieldAccess {
  return slots.length <= DIRECT_MAX_SLOTS ? 'direct' : 'walk';
}

/** One matcher of a build, before and after code generation. */
export interface BuiltMatcher {
  fn: MatchFn;
  source: string;
  /** Worked out when read (for `explain`), not at compile time. */
  readonly notes: LeafNote[];
  /** Patterns that throw when reached (a regex the linear engine cannot run). */
  problems: string[];
}

/** Event queries compiled together, sharing slots. */
export interface MatcherBuild {
  matchers: BuiltMatcher[];
  state: EventState;
  table: SlotTable;
  readerSource: string;
}

/**
 * Compiles event queries into matchers that share one slot table and state. `withCategory`
 * says, per query, whether its matcher tests the category itself (a pack's dispatch may
 * have tested it already).
 */
export function buildMatchers(
  queries: readonly { query: EventQuery; source: string; withCategory: boolean }[],
  options: CompileOptions,
  table = new SlotTable(),
): MatcherBuild {
  const categoryPath = parseFieldPath(options.categoryField);
  const pending = queries.map(({ query, source, withCategory }) => {
    const emitter = new Emitter(table, options.schema, source);
    let body = emitter.isTrue(query.condition);
    if (withCategory && query.category !== null) {
      body = `${emitter.categoryTest(categoryPath, query.category)} && ${body}`;
    }
    return { emitter, body };
  });

  const { readers, source: readerSource } = buildReaders(table);
  const state = new EventState(readers, table.slots, options.fieldAccess);
  const sources = pending.map(({ emitter, body }) =>
    `"use strict";\n${emitter.prologue()}\n` +
    `return function match(e, ep) {\n  ${emitter.tempDecl()}\n  return ${body};\n};\n`);
  const factories = factoriesOf(sources);
  const matchers = pending.map(({ emitter }, i) => ({
    fn: factories[i]!(emitter.consts, RUNTIME, state),
    source: sources[i]!,
    get notes() {
      return emitter.notes;
    },
    problems: emitter.problems,
  }));
  return { matchers, state, table, readerSource };
}

type Factory = (c: unknown[], rt: Runtime, s: EventState) => MatchFn;

/**
 * Each source's factory, from one `Function` for them all: V8 then parses the sources of a
 * whole pack once, which for the Elastic pack's thousand matchers took a third to a half of
 * the time of a `Function` each.
 */
function factoriesOf(sources: readonly string[]): Factory[] {
  const body = sources.map((source, i) => `function f${i}(c, rt, S) {\n${source}}\n`).join('') +
    `return [${sources.map((_, i) => `f${i}`).join(', ')}];`;
  return (new Function(body) as () => Factory[])();
}

/** One compiled event query. */
export interface CompiledQuery {
  /** True when the event is in the query's category and the condition is true. */
  test(event: object): boolean;
  /** The generated matcher source. */
  source: string;
  /** The generated field readers. */
  readerSource: string;
  /** How each leaf was compiled: pattern reductions, Sets, fallbacks. */
  notes: LeafNote[];
}

/**
 * Compiles one event query (category and condition) into a function.
 *
 * @example
 * const q = parseQuery('process where process.name : "cmd.exe"').body as EventQuery;
 * compileEventQuery(q, { categoryField: 'event.category' }).test(event); // boolean
 */
export function compileEventQuery(
  query: EventQuery,
  options: CompileOptions,
  source = '',
): CompiledQuery {
  const build = buildMatchers([{ query, source, withCategory: true }], options);
  const matcher = build.matchers[0]!;
  const state = build.state;
  const fn = matcher.fn;
  return {
    test: (event) => fn(event, state.next()),
    source: matcher.source,
    readerSource: build.readerSource,
    notes: matcher.notes,
  };
}

/**
 * A `StageEngine` whose stage predicates are compiled; join keys are computed as the
 * interpreter computes them.
 *
 * @example runQuery(query, events, compiledEngine({ categoryField: 'event.category' }), opts)
 */
export function compiledEngine(options: CompileOptions): StageEngine {
  const reference = interpreterEngine(options);
  const cache = new WeakMap<EventQuery, CompiledQuery>();
  return {
    predicate(query) {
      let compiled = cache.get(query);
      if (!compiled) {
        compiled = compileEventQuery(query, options);
        cache.set(query, compiled);
      }
      return compiled.test;
    },
    keys: (exprs) => reference.keys(exprs),
  };
}

/**
 * A `StageEngine` that runs every stage predicate both compiled and interpreted, and throws
 * (an `InternalError` naming the stage and the event) the first time they disagree.
 *
 * @example runQuery(query, events, crossCheckEngine(opts), runOptions) // throws on a mismatch
 */
export function crossCheckEngine(options: CompileOptions): StageEngine {
  const reference = interpreterEngine(options);
  const compiled = compiledEngine(options);
  return {
    predicate(query) {
      const a = reference.predicate(query);
      const b = compiled.predicate(query);
      return (event) => {
        const want = a(event);
        if (b(event) !== want) {
          const stage = `${query.category ?? 'any'} where ...`;
          throw new InternalError(
            `compiled and interpreted engines disagree on [${stage}]: interpreter says ${want} ` +
              `for ${JSON.stringify(event)}`,
          );
        }
        return want;
      };
    },
    keys: (exprs) => reference.keys(exprs),
  };
}
