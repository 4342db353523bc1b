/**
 * The literal gate of a pack: which sets each entry is gated by.
 *
 * Every top-level conjunct with a necessary literal set (`extractLiterals`) gives a set. Sets
 * the dispatch has already decided for an entry are then dropped from its gate: a conjunct
 * the tree split on (`host.os.type == "windows"` under the `windows` branch) and the set a
 * leaf index filed it under hold for every event that meets the entry, on every path to it.
 * Looking them up again would cost a lookup and, for values as common as `windows` or
 * `start`, marking the hundreds of sets that hold them.
 */
import { foldCase, type Schema } from '../event/index.js';
import type { EventQuery, Expr, Field } from '../query/ast.js';
import type { EntryKey } from './dispatch.js';
import type { IndexGroup } from './leaf-index.js';
import type { GateSet } from './literal-gate.js';
import { extractLiterals } from './prefilter-extract.js';

/**
 * Literal sets a matching event holds one of each, one per top-level conjunct that has one:
 * every conjunct must hold, so each one's literals are necessary.
 */
export function gateSets(
  query: EventQuery,
  schema: Schema | undefined,
  slotOf: (field: Field) => number,
): GateSet[] {
  const c = query.condition;
  const conjuncts = c.kind === 'and' ? c.operands : [c];
  const sets: GateSet[] = [];
  conjuncts.forEach((condition, conjunct) => {
    const set = extractLiterals({ ...query, category: null, condition }, { schema });
    if (set === null) return;
    // The conjunct reads only these fields, so its literal is in one of their values.
    const slots = new Set(fieldsOf(condition).map(slotOf));
    if (slots.size > 0) sets.push({ set, slots: [...slots], conjunct });
  });
  return sets;
}

/**
 * Per top-level `or` conjunct, its operands' sets (as `gateSets` finds them in each): a
 * matching event passes every set of one of them. This keeps what the conjunct's own set,
 * one per operand united, loses: `(a and b) or (c and d)` needs `a` and `b`, or `c` and `d`.
 */
export function gateAlternatives(
  query: EventQuery,
  schema: Schema | undefined,
  slotOf: (field: Field) => number,
): GateSet[][][] {
  const c = query.condition;
  const conjuncts = c.kind === 'and' ? c.operands : [c];
  return conjuncts.flatMap((conjunct) =>
    conjunct.kind === 'or'
      ? [conjunct.operands.map((operand) => gateSets({ ...query, condition: operand }, schema, slotOf))]
      : [],
  );
}

/**
 * Fields a matching event has a value in: clauses, each a list of fields at least one of
 * which has a value, per top-level conjunct (as `gateSets` reads them). A comparison, `in`
 * list or pattern of a field against non-null literals is null or false on an absent field
 * (an absent `?field` too), never true; `and` needs what each operand needs, `or` a value
 * in one of the fields of some clause of each operand.
 */
export function requiredFields(query: EventQuery): Field[][] {
  const c = query.condition;
  const conjuncts = c.kind === 'and' ? c.operands : [c];
  return conjuncts.flatMap((conjunct) => needs(conjunct));
}

const ORDERING = new Set(['==', '<', '<=', '>', '>=']);
const isConstant = (e: Expr): boolean => e.kind === 'literal' && e.value !== null;

function needs(e: Expr): Field[][] {
  switch (e.kind) {
    case 'compare':
      if (!ORDERING.has(e.op)) return [];
      if (e.left.kind === 'field' && isConstant(e.right)) return [[e.left]];
      if (e.right.kind === 'field' && isConstant(e.left)) return [[e.right]];
      return [];
    case 'in':
      return !e.negated && e.left.kind === 'field' && e.values.every(isConstant) ? [[e.left]] : [];
    case 'match':
      return e.left.kind === 'field' && e.patterns.every(isConstant) ? [[e.left]] : [];
    case 'and':
      return e.operands.flatMap(needs);
    case 'or': {
      // The shortest clause of each operand; some operand holds, so one of them does.
      const clause: Field[] = [];
      for (const operand of e.operands) {
        const clauses = needs(operand);
        if (clauses.length === 0) return [];
        clause.push(...clauses.reduce((a, b) => (b.length < a.length ? b : a)));
      }
      return [clause];
    }
    default:
      return [];
  }
}

/** Every field an expression reads. */
function fieldsOf(node: unknown, out: Field[] = []): Field[] {
  if (Array.isArray(node)) {
    for (const n of node) fieldsOf(n, out);
  } else if (typeof node === 'object' && node !== null) {
    if ((node as { kind?: unknown }).kind === 'field') out.push(node as Field);
    else for (const v of Object.values(node)) fieldsOf(v, out);
  }
  return out;
}

/**
 * Gathers, leaf by leaf, the conjuncts dispatch decides for each entry, and drops their sets.
 *
 * @example
 * const decided = new Decided(wholeGroupsPerEntry);
 * decided.leaf(entry, keysSplitOn, filedUnder); // once per leaf the entry is in
 * decided.prune(sets); // the sets the gate still tests
 */
export class Decided {
  /** Per entry, the conjuncts decided on every leaf seen so far; absent before the first. */
  private readonly decided = new Map<number, Set<number>>();
  private readonly keys = new Map<string, boolean>();

  /** `groups[i]`: entry i's whole-value sets, as `wholeGroups` gives them. */
  constructor(private readonly groups: readonly (readonly IndexGroup[])[]) {}

  /**
   * Notes one leaf holding `entry`: `keys` are the entry's keys the path to it split on,
   * `filed` the set its index filed the entry under (undefined for a listed entry).
   */
  leaf(entry: number, keys: readonly EntryKey[], filed: IndexGroup | undefined): void {
    const here = new Set<number>();
    for (const key of keys) if (this.keyDecides(entry, key)) here.add(key.conjunct);
    if (filed?.conjunct !== undefined) here.add(filed.conjunct);
    const before = this.decided.get(entry);
    this.decided.set(entry, before === undefined ? here : new Set([...before].filter((c) => here.has(c))));
  }

  /** Whether meeting the entry through the key proves the set of the key's conjunct. */
  private keyDecides(entry: number, key: EntryKey): boolean {
    const id = `${entry}:${key.id}:${key.conjunct}`;
    let known = this.keys.get(id);
    if (known === undefined) {
      const group = this.groups[entry]?.find((g) => g.conjunct === key.conjunct);
      this.keys.set(id, (known = group !== undefined && implies(key, group)));
    }
    return known;
  }

  /** The sets not decided for their entry. */
  prune(sets: readonly (readonly GateSet[])[]): GateSet[][] {
    return sets.map((list, entry) => {
      const decided = this.decided.get(entry);
      if (decided === undefined || decided.size === 0) return [...list];
      return list.filter((s) => s.conjunct === undefined || !decided.has(s.conjunct));
    });
  }
}

/**
 * True when meeting the entry through the key proves the set: the set is over the key's slot
 * alone and holds, folded, every value the key looks up. (The lookup found a value equal to
 * one of them, or equal once folded; the gate would find it, folded, among the set's.)
 */
function implies(key: EntryKey, group: IndexGroup): boolean {
  if (key.mode === 'strict' || group.slots.length !== 1 || group.slots[0] !== key.slot) return false;
  const values = new Set(group.values);
  return key.values.every((v) => values.has(foldCase(v)));
}
