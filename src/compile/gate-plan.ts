/**
 * What the literal gate tests, laid out for it: the distinct literal sets of a pack as
 * groups, each slot's whole-value index and automaton, and per entry its groups (cheapest
 * first), its required slots and its alternatives, as flat arrays.
 */
import { Automaton, wordOf } from './gate-automaton.js';
import type { IndexGroup } from './leaf-index.js';
import type { LiteralSet, PrefilterLiteral } from './prefilter-literals.js';

/** A necessary literal set, with the slots whose values the literals must be found in. */
export interface GateSet {
  set: LiteralSet;
  slots: readonly number[];
  /** The top-level conjunct of the entry's condition it was proven for, when known. */
  conjunct?: number | undefined;
}

/**
 * What an entry is gated by: every set holds, a slot of each required clause has a value,
 * and for each alternative, every set of one of its branches holds (the branches of an `or`).
 */
export interface EntryGate {
  sets: readonly GateSet[];
  required?: readonly (readonly number[])[] | undefined;
  alternatives?: readonly (readonly (readonly GateSet[])[])[] | undefined;
}

/** One necessary set as the gate tests it. */
interface Group {
  slots: number[];
  /** Whether it has partial literals, which the slots' automata search for. */
  partial: boolean;
}

/** A slot's whole-value literals: folded text to the groups holding it for this slot. */
export interface WholeIndex {
  groups: Map<string, Int32Array>;
  minLength: number;
  maxLength: number;
}

/**
 * The gate's tables, flat so that a test touches few cache lines; `a[start[i] .. start[i + 1])`
 * reads the part of `a` for item `i`.
 */
export interface GatePlan {
  groups: number;
  /** Per group, its slots. */
  groupSlotStart: Int32Array;
  groupSlots: Int32Array;
  /** Per entry, its groups, cheapest first. */
  start: Int32Array;
  order: Int32Array;
  /** Per entry its clauses; per clause the slots one of which must hold a value. */
  clauseStart: Int32Array;
  needStart: Int32Array;
  needs: Int32Array;
  /** Per entry its alternatives; per alternative its branches; per branch its groups. */
  altStart: Int32Array;
  branchStart: Int32Array;
  branchGroupStart: Int32Array;
  branchGroups: Int32Array;
  /** Per slot (`0 .. slots - 1`). */
  wholes: (WholeIndex | null)[];
  automata: (Automaton | null)[];
  slots: number;
}

const ASCII = /^[\x00-\x7f]*$/;

/** Folding per code unit is exact for ASCII only; a set with other text is not used. */
const usable = (set: LiteralSet, slots: readonly number[]): boolean =>
  set.literals.length > 0 && slots.length > 0 && set.literals.every((l) => ASCII.test(l.text));

/**
 * An exact literal is searched for folded: a value holding it folds to hold it folded, so
 * the gate only lets more through.
 */
const foldLiteral = (l: PrefilterLiteral): string => (l.caseInsensitive ? l.text : l.text.toLowerCase());

/** Cheapest first: whole-value lookups, then text searches, fewer slots first. */
const groupCost = (g: Group): number => (g.partial ? 16 : 1) * g.slots.length;

/**
 * The sets, of those the gate uses, made of whole-value literals only, with their values
 * folded as the gate looks them up: what a leaf index can file entries under.
 */
export function wholeGroups(sets: readonly GateSet[]): IndexGroup[] {
  const groups: IndexGroup[] = [];
  for (const { set, slots, conjunct } of sets) {
    if (!usable(set, slots) || !set.literals.every((l) => l.atStart && l.atEnd)) continue;
    groups.push({
      slots: [...new Set(slots)].sort((a, b) => a - b),
      values: [...new Set(set.literals.map(foldLiteral))].sort(),
      conjunct,
    });
  }
  return groups;
}

/** Lays out the gate of `entries`. */
export function planGate(entries: readonly EntryGate[]): GatePlan {
  const b = new Builder();
  const start: number[] = [];
  const order: number[] = [];
  const clauseStart: number[] = [];
  const needStart: number[] = [];
  const needs: number[] = [];
  const altStart: number[] = [];
  const branchStart: number[] = [];
  const branchGroupStart: number[] = [];
  const branchGroups: number[] = [];
  for (const entry of entries) {
    start.push(order.length);
    order.push(...b.groupsOf(entry.sets));

    clauseStart.push(needStart.length);
    const seen = new Set<string>();
    for (const clause of entry.required ?? []) {
      const slots = [...new Set(clause)].sort((x, y) => x - y);
      if (slots.length === 0 || seen.has(slots.join())) continue;
      seen.add(slots.join());
      needStart.push(needs.length);
      for (const slot of slots) b.use(slot);
      needs.push(...slots);
    }

    altStart.push(branchStart.length);
    for (const alternative of entry.alternatives ?? []) {
      const branches = alternative.map((sets) => b.groupsOf(sets));
      // A branch with nothing to test may hold on any event, and so may the alternative.
      if (branches.length === 0 || branches.some((groups) => groups.length === 0)) continue;
      branchStart.push(branchGroupStart.length);
      for (const groups of branches) {
        branchGroupStart.push(branchGroups.length);
        branchGroups.push(...groups);
      }
    }
  }
  start.push(order.length);
  clauseStart.push(needStart.length);
  needStart.push(needs.length);
  altStart.push(branchStart.length);
  branchStart.push(branchGroupStart.length);
  branchGroupStart.push(branchGroups.length);
  return {
    ...b.finish(),
    start: Int32Array.from(start),
    order: Int32Array.from(order),
    clauseStart: Int32Array.from(clauseStart),
    needStart: Int32Array.from(needStart),
    needs: Int32Array.from(needs),
    altStart: Int32Array.from(altStart),
    branchStart: Int32Array.from(branchStart),
    branchGroupStart: Int32Array.from(branchGroupStart),
    branchGroups: Int32Array.from(branchGroups),
  };
}

/** Interns groups and gathers what each slot searches for. */
class Builder {
  readonly groups: Group[] = [];
  private readonly ids = new Map<string, number>();
  private readonly words = new Map<number, { units: number[]; id: number }[]>();
  private readonly wholes = new Map<number, Map<string, Set<number>>>();
  private slots = 0;

  use(slot: number): void {
    this.slots = Math.max(this.slots, slot + 1);
  }

  /** The groups of some sets, each once, cheapest first; unusable sets are left out. */
  groupsOf(sets: readonly GateSet[]): number[] {
    const mine = new Set<number>();
    for (const { set, slots } of sets) {
      const g = this.group(set, slots);
      if (g >= 0) mine.add(g);
    }
    return [...mine].sort((a, b) => groupCost(this.groups[a]!) - groupCost(this.groups[b]!));
  }

  private group(set: LiteralSet, slots: readonly number[]): number {
    if (!usable(set, slots)) return -1;
    const slotList = [...new Set(slots)].sort((a, b) => a - b);
    const whole = new Set<string>();
    // Partial literals by text and anchors, as the automaton spells them.
    const partial = new Map<string, number[]>();
    for (const l of set.literals) {
      const text = foldLiteral(l);
      if (l.atStart && l.atEnd) {
        whole.add(text);
        continue;
      }
      const units = wordOf(l, text);
      partial.set(units.join(','), units);
    }
    const wholeList = [...whole].sort();
    const key = `${slotList.join(',')}|${JSON.stringify(wholeList)}|${[...partial.keys()].sort().join('|')}`;
    let g = this.ids.get(key);
    if (g !== undefined) return g;
    this.ids.set(key, (g = this.groups.length));
    this.groups.push({ slots: slotList, partial: partial.size > 0 });
    for (const slot of slotList) {
      this.use(slot);
      let index = this.wholes.get(slot);
      if (!index) this.wholes.set(slot, (index = new Map()));
      for (const text of wholeList) {
        let groups = index.get(text);
        if (!groups) index.set(text, (groups = new Set()));
        groups.add(g);
      }
      let words = this.words.get(slot);
      if (!words) this.words.set(slot, (words = []));
      for (const units of partial.values()) words.push({ units, id: g });
    }
    return g;
  }

  finish(): Omit<GatePlan, 'start' | 'order' | 'clauseStart' | 'needStart' | 'needs' | 'altStart' | 'branchStart' | 'branchGroupStart' | 'branchGroups'> {
    const wholes: (WholeIndex | null)[] = [];
    const automata: (Automaton | null)[] = [];
    for (let slot = 0; slot < this.slots; slot++) {
      const words = this.words.get(slot);
      automata.push(words && words.length > 0 ? new Automaton(words) : null);
      const index = this.wholes.get(slot);
      if (!index || index.size === 0) {
        wholes.push(null);
        continue;
      }
      const lengths = [...index.keys()].map((t) => t.length);
      wholes.push({
        groups: new Map([...index].map(([text, groups]) => [text, Int32Array.from(groups)])),
        minLength: Math.min(...lengths),
        maxLength: Math.max(...lengths),
      });
    }
    const groups = this.groups;
    const groupSlotStart = new Int32Array(groups.length + 1);
    const slots: number[] = [];
    groups.forEach((g, i) => {
      groupSlotStart[i] = slots.length;
      slots.push(...g.slots);
    });
    groupSlotStart[groups.length] = slots.length;
    return {
      groups: groups.length,
      groupSlotStart,
      groupSlots: Int32Array.from(slots),
      wholes,
      automata,
      slots: this.slots,
    };
  }
}
