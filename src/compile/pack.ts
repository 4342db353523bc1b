/**
 * Rule packs: many rules compiled together, one pass per event.
 *
 * Every event query of the pack (a single-event rule, or one stage of a sequence or sample)
 * becomes an entry with its own matcher. All matchers share one slot table, so a field is
 * read, and folded, at most once per event whichever rules ask for it. One dispatch tree
 * (`dispatch.ts`) files every entry by category and by the equalities they open with, and
 * its leaves file their entries by a whole value each needs (`leaf-index.ts`), so an event
 * walks it once and meets only entries that can match it. The literal gate (`literal-gate.ts`,
 * set up by `pack-gate.ts`) then turns away most of those before their matchers run.
 *
 * Stage numbering: a sequence's or sample's stages are numbered as written (a `with runs=N`
 * stage is one stage), and a sequence's `until` stage comes last, numbered `stages.length`.
 */
import { performance } from 'node:perf_hooks';

import {
  fieldTypeOf,
  parseFieldPath,
  resolveAlias,
  schemaKey,
  type PathSegment,
  type Value,
} from '../event/index.js';
import { matchesEventQuery } from '../interpret/index.js';
import type { RulePlan } from '../plan/index.js';
import type { EventQuery, Field, Scalar } from '../query/ast.js';
import type { LeafNote } from './codegen.js';
import {
  buildTree,
  conditionKeys,
  describeTree,
  type DispatchTree,
  type EntryKey,
  type KeyMode,
  type LeafMaker,
} from './dispatch.js';
import { IndexPlanner } from './leaf-index.js';
import { LiteralGate, wholeGroups, type EntryGate } from './literal-gate.js';
import { Decided, gateAlternatives, gateSets, requiredFields } from './pack-gate.js';
import { buildMatchers, type CompileOptions, type SlotSource } from './matcher.js';
import { SlotTable } from './readers.js';
import { Walker } from './walker.js';

/** How to compile a pack. */
export interface PackOptions extends CompileOptions {
  /**
   * Paths (aliases followed) read besides the rules' own fields, such as the time fields a
   * stage hit records: each gets a slot with no `null_value`, so that `reader` finds it.
   */
  readPaths?: readonly (readonly PathSegment[])[] | undefined;
}

/** Receives one (rule, stage) pair whose stage predicate matched the event. */
export type StageHit = (ruleIndex: number, stageIndex: number) => void;

/** A key an entry was filed under. */
export interface DispatchKey {
  field: string;
  mode: KeyMode;
  values: string[];
}

/** What `explain` says about one rule. */
export interface RuleExplain {
  index: number;
  name: string;
  kind: RulePlan['kind'];
  stages: {
    stage: number;
    /** The keys the entry offers the dispatch tree (the category first). */
    keys: DispatchKey[];
    notes: LeafNote[];
    source: string;
  }[];
}

/** What `explain` says about a pack. */
export interface PackExplain {
  rules: RuleExplain[];
  /** The dispatch tree, as indented lines. */
  dispatch: string[];
  fields: string[];
  /** Distinct field reads (slots), folded ones counted apart. */
  slots: { total: number; folded: number };
  compileMillis: number;
  readerSource: string;
}

/**
 * Many rules, matched together. `stageHits` gathers its hits before it reports any, so a
 * callback may call back into the pack.
 */
export interface Pack {
  readonly plans: readonly RulePlan[];
  /** Every field path the pack reads, dotted and sorted: what a projecting parser must keep. */
  readonly fields: readonly string[];
  /** Indexes (into `plans`) of the single-event rules. */
  readonly eventRules: readonly number[];
  /** Indexes of the sequence and sample rules. */
  readonly stageRules: readonly number[];
  /**
   * Rules with a pattern that cannot run (a regex the linear-time engine rejects): like the
   * interpreter, their matcher throws when an event reaches that pattern. A scan would
   * rather leave these rules out of the pack.
   */
  readonly problems: readonly { rule: number; message: string }[];
  /** The single-event rules that match, ascending; appended to `out` when given. */
  match(event: object, out?: number[]): number[];
  /** Calls `cb(rule, stage)` for every stage predicate that matches, in ascending order. */
  stageHits(event: object, cb: StageHit): void;
  /**
   * Declares `event` the one about to be matched: `stageHits` and then `match` on this very
   * object, with no other call between, share its field reads (`match` ends the sharing). The
   * caller must not change the event meanwhile. `source`, when given (and `slotsOf` is not
   * null), gives the event's fields instead of a walk over it, and the event itself for the
   * few slots it cannot give, so `event` may then be a stand-in, the same one through `match`.
   */
  begin(event: object, source?: SlotSource): void;
  /**
   * Per path (aliases followed), the slot that reads it, or -1 when no walked slot does:
   * what a `begin` source's `read(slot)` must give. Null when the pack does not walk events,
   * or walks a slot none of the paths gives: then no source can stand in for the walk.
   */
  slotsOf(paths: readonly (readonly PathSegment[])[]): Int32Array | null;
  /** The rules (event and stage) the dispatch lets this event meet, ascending. */
  candidates(event: object): number[];
  /**
   * A reader of the field at `path` (aliases already followed) with mapping `nullValue`,
   * through the slot the matchers share, so that an event between `begin` and `match` reads
   * it without another walk; null when no slot holds it. Every join key field and every
   * path of `readPaths` has one.
   */
  reader(path: readonly PathSegment[], nullValue: Scalar | undefined): ((event: object) => Value) | null;
  explain(): PackExplain;
}

interface Entry {
  rule: number;
  /** -1 for a single-event rule. */
  stage: number;
  query: EventQuery;
  source: string;
}

/** Every event query of the plans, as entries. */
function entriesOf(plans: readonly RulePlan[]): Entry[] {
  const entries: Entry[] = [];
  plans.forEach((plan, rule) => {
    const body = plan.query.body;
    const source = plan.query.source;
    if (body.kind === 'event') {
      entries.push({ rule, stage: -1, query: body, source });
      return;
    }
    body.stages.forEach((s, stage) => entries.push({ rule, stage, query: s.query, source }));
    if (body.kind === 'sequence' && body.until) {
      entries.push({ rule, stage: body.stages.length, query: body.until.query, source });
    }
  });
  return entries;
}

const SPECIAL_TYPES = new Set(['date', 'date_nanos', 'ip', 'version']);

/** The paths (aliases followed) of the fields that sequences and samples join by. */
function keyPaths(plans: readonly RulePlan[], schema: PackOptions['schema']): (readonly PathSegment[])[] {
  const paths: (readonly PathSegment[])[] = [];
  for (const plan of plans) {
    const body = plan.query.body;
    if (body.kind === 'event') continue;
    const stages = body.kind === 'sequence' && body.until ? [...body.stages, body.until] : body.stages;
    for (const expr of [...body.by, ...stages.flatMap((s) => s.by)]) {
      if (expr.kind === 'field') paths.push(resolveAlias(schema, expr.path));
    }
  }
  return paths;
}

/**
 * Compiles rule plans into one pack.
 *
 * @example
 * const pack = compilePack(plans, { categoryField: 'event.category' });
 * pack.match({ event: { category: ['process'] }, process: { name: 'cmd.exe' } }); // [3, 17]
 */
export function compilePack(plans: readonly RulePlan[], options: PackOptions): Pack {
  const started = performance.now();
  const schema = options.schema;
  const entries = entriesOf(plans);
  const table = new SlotTable();

  // Keys first: the category slot and each entry's leading equalities.
  const categoryPath = resolveAlias(schema, parseFieldPath(options.categoryField));
  const categorySlot = table.slot(categoryPath, undefined).index;
  const slotOf = (field: Field): { slot: number; name: string } | undefined => {
    const type = fieldTypeOf(schema, field.path);
    if (type !== undefined && SPECIAL_TYPES.has(type)) return undefined;
    const path = resolveAlias(schema, field.path);
    const slot = table.slot(path, schema?.nullValues.get(schemaKey(path)));
    return { slot: slot.index, name: schemaKey(field.path) };
  };
  const keys: EntryKey[][] = entries.map((entry) => {
    const own = conditionKeys(entry.query.condition, slotOf);
    if (entry.query.category === null) return own;
    const category: EntryKey = {
      id: `${categorySlot}:strict`,
      slot: categorySlot,
      field: options.categoryField,
      mode: 'strict',
      values: [entry.query.category],
      conjunct: -1,
    };
    return [category, ...own];
  });

  // Slots for what stage hits record besides stage matches: join keys and time fields.
  const slotFor = (path: readonly PathSegment[], nullValue: Scalar | undefined) => table.slot(path, nullValue).index;
  for (const path of keyPaths(plans, schema)) slotFor(path, schema?.nullValues.get(schemaKey(path)));
  for (const path of options.readPaths ?? []) slotFor(path, undefined);

  // Every entry with a category is filed under it, so no matcher tests the category again.
  const build = buildMatchers(
    entries.map((e) => ({ query: e.query, source: e.source, withCategory: false })),
    options,
    table,
  );
  const fns = build.matchers.map((m) => m.fn);
  // A matcher that can throw keeps meeting every event dispatch sends it, as the interpreter.
  // The slot a matcher reads the field through, so the gate sees the value it sees.
  const gateSlot = (field: Field): number => {
    const path = resolveAlias(schema, field.path);
    return table.slot(path, schema?.nullValues.get(schemaKey(path))).index;
  };
  const sets = entries.map((e, i) =>
    build.matchers[i]!.problems.length > 0 ? [] : gateSets(e.query, schema, gateSlot),
  );
  // Leaves file their entries by the whole values the gate proves they need.
  const whole = sets.map(wholeGroups);
  const planner = new IndexPlanner(whole);
  const decided = new Decided(whole);
  const leaf: LeafMaker = (list, used) => {
    const split = (i: number): EntryKey[] => keys[i]!.filter((k) => used.has(k.id));
    const { plain, index, filed } = planner.split(list, (i) => new Set(split(i).map((k) => k.slot)));
    for (const i of list) decided.leaf(i, split(i), filed.get(i));
    return { kind: 'leaf', entries: plain, index };
  };
  const root = (list: number[]): DispatchTree => {
    const withCategory = list.filter((i) => entries[i]!.query.category !== null);
    const any = list.filter((i) => entries[i]!.query.category === null);
    if (withCategory.length === 0) return buildTree(any, keys, 0, new Set(), leaf);
    const children = new Map<string, DispatchTree>();
    const byCategory = new Map<string, number[]>();
    for (const i of withCategory) {
      const c = entries[i]!.query.category!;
      byCategory.set(c, [...(byCategory.get(c) ?? []), i]);
    }
    const used = new Set([`${categorySlot}:strict`]);
    for (const [c, group] of byCategory) children.set(c, buildTree(group, keys, 1, used, leaf));
    return {
      kind: 'split',
      slot: categorySlot,
      field: options.categoryField,
      mode: 'strict',
      children,
      rest: buildTree(any, keys, 1, used, leaf),
    };
  };
  // One tree for single-event rules and stages alike: an event walks it once for both.
  const tree = root(entries.map((_, i) => i));
  const walker = new Walker(build.state, entries.length);
  const isStage = Uint8Array.from(entries, (e) => (e.stage >= 0 ? 1 : 0));
  // The entries the last walk met, by kind, and the epoch it was for.
  let walkedEp = -1;
  const eventMet: number[] = [];
  const stageMet: number[] = [];
  const walk = (event: object, ep: number): void => {
    if (walkedEp === ep) return;
    walkedEp = ep;
    eventMet.length = 0;
    stageMet.length = 0;
    for (const i of walker.walk(tree, event, ep)) (isStage[i] === 1 ? stageMet : eventMet).push(i);
  };
  const gated = decided.prune(sets).map((list, i): EntryGate => {
    if (build.matchers[i]!.problems.length > 0) return { sets: [] };
    const query = entries[i]!.query;
    return {
      sets: list,
      required: requiredFields(query).map((clause) => clause.map(gateSlot)),
      alternatives: gateAlternatives(query, schema, gateSlot),
    };
  });
  const gate = new LiteralGate(gated, (slot, event, ep) => build.state.read(slot, event, ep));
  const compileMillis = performance.now() - started;
  // The event `begin` named, and its epoch while no other event has taken a newer one.
  let held: object | null = null;
  const foundRules: number[] = [];
  let heldEp = -1;
  let lastEp = -1;
  const epochOf = (event: object): number =>
    event === held && heldEp === lastEp ? heldEp : (lastEp = build.state.next());

  const fields = new Set<string>([options.categoryField]);
  for (const plan of plans) for (const f of plan.fields) fields.add(f);

  return {
    plans,
    fields: [...fields].sort(),
    eventRules: plans.flatMap((p, i) => (p.kind === 'event' ? [i] : [])),
    stageRules: plans.flatMap((p, i) => (p.kind !== 'event' ? [i] : [])),
    problems: build.matchers.flatMap((m, i) =>
      m.problems.map((message) => ({ rule: entries[i]!.rule, message })),
    ),
    begin(event, source) {
      held = event;
      heldEp = lastEp = build.state.next();
      if (source !== undefined) build.state.attach(heldEp, source);
    },
    slotsOf(paths) {
      const state = build.state;
      const slots = Int32Array.from(paths, (path) => {
        const slot = table.find(path, undefined);
        return slot !== undefined && state.isWalked(slot.index) ? slot.index : -1;
      });
      // Every walked slot must come from somewhere: one not among the paths would read empty.
      const covered = new Set(slots);
      const walked = table.slots.filter((s) => state.isWalked(s.index));
      return walked.length > 0 && walked.every((s) => covered.has(s.index)) ? slots : null;
    },
    match(event, out = []) {
      const ep = epochOf(event);
      held = null;
      const found = foundRules;
      found.length = 0;
      walk(event, ep);
      for (let k = 0; k < eventMet.length; k++) {
        const i = eventMet[k]!;
        if (gate.allows(i, event, ep) && fns[i]!(event, ep)) found.push(entries[i]!.rule);
      }
      found.sort((a, b) => a - b);
      for (const rule of found) out.push(rule);
      return out;
    },
    stageHits(event, cb) {
      const ep = epochOf(event);
      // Copied out before any callback runs: a callback may call back into the pack.
      const hits: number[] = [];
      walk(event, ep);
      for (let k = 0; k < stageMet.length; k++) {
        const i = stageMet[k]!;
        if (gate.allows(i, event, ep) && fns[i]!(event, ep)) hits.push(i);
      }
      if (hits.length === 0) return;
      hits.sort((a, b) => a - b);
      for (const i of hits) cb(entries[i]!.rule, entries[i]!.stage);
    },
    reader(path, nullValue) {
      const slot = table.find(path, nullValue)?.index;
      if (slot === undefined) return null;
      const state = build.state;
      return (event) => state.read(slot, event, epochOf(event)) as Value;
    },
    candidates(event) {
      const ep = (lastEp = build.state.next());
      const rules = new Set<number>();
      walk(event, ep);
      for (const i of [...eventMet, ...stageMet]) rules.add(entries[i]!.rule);
      return [...rules].sort((a, b) => a - b);
    },
    explain() {
      const name = (i: number): string => {
        const e = entries[i]!;
        return `#${e.rule}${e.stage >= 0 ? `[${e.stage}]` : ''}`;
      };
      const rules: RuleExplain[] = plans.map((plan, index) => ({
        index,
        name: plan.rule.name,
        kind: plan.kind,
        stages: [],
      }));
      entries.forEach((entry, i) => {
        const m = build.matchers[i]!;
        rules[entry.rule]!.stages.push({
          stage: entry.stage,
          keys: keys[i]!.map(({ field, mode, values }) => ({ field, mode, values })),
          notes: m.notes,
          source: m.source,
        });
      });
      const slots = build.table.slots;
      return {
        rules,
        dispatch: [
          'single-event rules and stages (#rule[stage]):',
          ...describeTree(tree, name, '  '),
        ],
        fields: [...fields].sort(),
        slots: { total: slots.length, folded: slots.filter((s) => s.folded).length },
        compileMillis,
        readerSource: build.readerSource,
      };
    },
  };
}

/**
 * The same interface over the reference interpreter: every rule is tested on every event.
 * For benchmarks and cross-checks.
 *
 * @example interpretedPack(plans, opts).match(event) // same as compilePack(plans, opts).match(event)
 */
export function interpretedPack(plans: readonly RulePlan[], options: PackOptions): Pack {
  const entries = entriesOf(plans);
  const test = (e: Entry, event: object): boolean => matchesEventQuery(e.query, event, options);
  const fields = new Set<string>([options.categoryField]);
  for (const plan of plans) for (const f of plan.fields) fields.add(f);
  return {
    plans,
    fields: [...fields].sort(),
    eventRules: plans.flatMap((p, i) => (p.kind === 'event' ? [i] : [])),
    stageRules: plans.flatMap((p, i) => (p.kind !== 'event' ? [i] : [])),
    match(event, out = []) {
      for (const e of entries) if (e.stage < 0 && test(e, event)) out.push(e.rule);
      return out;
    },
    stageHits(event, cb) {
      const hits = entries.filter((e) => e.stage >= 0 && test(e, event));
      for (const e of hits) cb(e.rule, e.stage);
    },
    problems: [],
    begin: () => {},
    slotsOf: () => null,
    reader: () => null,
    candidates: () => plans.map((_, i) => i),
    explain: () => ({
      rules: plans.map((plan, index) => ({ index, name: plan.rule.name, kind: plan.kind, stages: [] })),
      dispatch: ['none: every rule is tested on every event'],
      fields: [...fields].sort(),
      slots: { total: 0, folded: 0 },
      compileMillis: 0,
      readerSource: '',
    }),
  };
}
