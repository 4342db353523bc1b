/**
 * Literal gating: which entries of a pack can an event possibly satisfy, judged by the text
 * of its values.
 *
 * Each entry's condition has, per top-level conjunct when `extractLiterals` can prove one, a
 * set of alternative literals such that every matching event holds one of them in a string
 * value of the fields the conjunct reads (a boolean counts as its text, `true` or `false`).
 * An entry with a set none of whose literals the event holds cannot match, so its matcher is
 * not run. The dispatch tree narrows by the fields rules open with; this narrows by what they
 * look for, which is what sets most rules apart. An entry can also require slots to hold a
 * value (a field compared to a number, say), and an `or` can gate by its branches, one of
 * which must pass.
 *
 * The gate is lazy: a slot is looked at only when an entry still standing needs it, and then
 * once per event for every group at once, by a lookup of its folded value among the slot's
 * whole-value literals and one pass of the slot's automaton (`gate-automaton.ts`) for the
 * partial ones. Values recur across events, so what a value finds is remembered per slot,
 * except in slots whose values turn out to rarely recur (ids, times, hashes).
 * The layout is `gate-plan.ts`'s.
 */
import { foldCase } from '../event/index.js';
import { planGate, type EntryGate, type GatePlan, type GateSet } from './gate-plan.js';

export { wholeGroups, type EntryGate, type GateSet } from './gate-plan.js';

/** How the gate reads a slot's value for the event of an epoch. */
export type SlotRead = (slot: number, event: object, ep: number) => unknown;

/** Distinct values remembered per slot before its memo starts again. */
const MEMO_MAX = 1 << 16;
/** A slot's memo is kept if at least half of its first `TRIAL` values were known. */
const TRIAL = 2048;
const NOTHING = new Int32Array(0);

/**
 * Per entry of a pack, whether its literals allow an event.
 *
 * Each set comes with the slots of the fields its conjunct reads: the conjunct's truth
 * depends on nothing else, so a literal it needs is in one of those values, and only they
 * are searched (not ids, hashes, messages, ...). Each slot is looked up, and searched, for
 * its own literals only, which keeps each automaton small. Equal sets of different entries
 * are one group, and a literal found marks the groups holding it, so a verdict costs a mark
 * test however many literals the set has.
 *
 * @example
 * const gate = new LiteralGate([[{ set: extractLiterals(q1)!, slots: [3] }], []], read);
 * gate.allows(0, event, ep); // false when slot 3 holds no literal of q1
 */
export class LiteralGate {
  /** True when some entry is gated: otherwise there is nothing to search for. */
  readonly active: boolean;
  private readonly plan: GatePlan;
  /** Per group, the last epoch a literal of it was found in one of its slots. */
  private readonly found: Int32Array;
  /** Per slot, the last epoch its values were looked up and searched. */
  private readonly scanned: Int32Array;
  /**
   * Per slot, the groups each value it held finds; null where nothing is remembered: the slot
   * has nothing to find, or its values seldom recur.
   */
  private readonly memo: (Map<string, Int32Array> | null)[];
  private readonly lookups: Int32Array;
  private readonly known: Int32Array;
  /** Marks for working out a value's groups, apart from `found`. */
  private readonly scratch: Int32Array;
  private tick = 0;

  /**
   * `entries[i]` is what entry i's matching events hold: sets they hold a literal of each of
   * (one per necessary conjunct, say), and optionally required slots and alternatives
   * (`EntryGate`); a bare list is sets alone, and an entry with nothing is never gated.
   * `read` gives slot values.
   */
  constructor(
    entries: readonly (readonly GateSet[] | EntryGate)[],
    private readonly read: SlotRead,
  ) {
    const plan = planGate(entries.map((e) => (isSets(e) ? { sets: e } : e)));
    this.plan = plan;
    this.found = new Int32Array(plan.groups);
    this.scratch = new Int32Array(plan.groups);
    this.scanned = new Int32Array(plan.slots);
    this.memo = Array.from({ length: plan.slots }, (_, slot) =>
      plan.wholes[slot] || plan.automata[slot] ? new Map<string, Int32Array>() : null,
    );
    this.lookups = new Int32Array(plan.slots);
    this.known = new Int32Array(plan.slots);
    this.active = plan.groups > 0 || plan.needs.length > 0;
  }

  /**
   * True when entry `i` has no gate, or `event` (the event of epoch `ep`) has a value in a
   * slot of each of its clauses, holds a literal of each of its sets, and passes a branch of
   * each of its alternatives. A slot is looked up and searched at most once per epoch.
   */
  allows(i: number, event: object, ep: number): boolean {
    const p = this.plan;
    const { clauseStart, needStart, needs } = p;
    for (let c = clauseStart[i]!, end = clauseStart[i + 1]!; c < end; c++) {
      let held = false;
      for (let k = needStart[c]!, last = needStart[c + 1]!; k < last && !held; k++) {
        const v = this.read(needs[k]!, event, ep);
        held = v !== undefined && v !== null;
      }
      if (!held) return false;
    }
    const { start, order } = p;
    for (let k = start[i]!, end = start[i + 1]!; k < end; k++) {
      if (!this.holds(order[k]!, event, ep)) return false;
    }
    const { altStart, branchStart, branchGroupStart, branchGroups } = p;
    for (let a = altStart[i]!, end = altStart[i + 1]!; a < end; a++) {
      let passed = false;
      for (let b = branchStart[a]!, last = branchStart[a + 1]!; b < last && !passed; b++) {
        passed = true;
        for (let k = branchGroupStart[b]!, stop = branchGroupStart[b + 1]!; k < stop && passed; k++) {
          passed = this.holds(branchGroups[k]!, event, ep);
        }
      }
      if (!passed) return false;
    }
    return true;
  }

  private holds(g: number, event: object, ep: number): boolean {
    if (this.found[g] === ep) return true;
    const { groupSlotStart, groupSlots } = this.plan;
    for (let j = groupSlotStart[g]!, end = groupSlotStart[g + 1]!; j < end; j++) {
      this.scan(groupSlots[j]!, event, ep);
    }
    return this.found[g] === ep;
  }

  /** Marks the groups the slot's values find, once per epoch. */
  private scan(slot: number, event: object, ep: number): void {
    if (this.scanned[slot] === ep) return;
    this.scanned[slot] = ep;
    const value = this.read(slot, event, ep);
    if (value === undefined || value === null) return;
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) this.scanValue(slot, value[k], ep);
    } else {
      this.scanValue(slot, value, ep);
    }
  }

  private scanValue(slot: number, v: unknown, ep: number): void {
    const text = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 'true' : 'false') : null;
    if (text === null) return;
    const memo = this.memo[slot];
    if (memo === null || memo === undefined) {
      this.find(slot, text, this.found, ep, undefined);
      return;
    }
    let marks = memo.get(text);
    if (marks === undefined) {
      marks = this.marksOf(slot, text);
      if (memo.size >= MEMO_MAX) memo.clear();
      memo.set(text, marks);
    } else {
      this.known[slot]++;
    }
    if (++this.lookups[slot] === TRIAL && this.known[slot] * 2 < TRIAL) this.memo[slot] = null;
    const found = this.found;
    for (let k = 0; k < marks.length; k++) found[marks[k]!] = ep;
  }

  /** The groups `text` finds in the slot, each once. */
  private marksOf(slot: number, text: string): Int32Array {
    const out: number[] = [];
    this.find(slot, text, this.scratch, ++this.tick, out);
    // Most values find nothing: they share one empty result, which keeps memos small.
    return out.length === 0 ? NOTHING : Int32Array.from(out);
  }

  /**
   * Marks `seen[g] = ep` for the groups `text` finds in the slot, appending to `out` those
   * not marked before. Lower-casing never shortens a string and lengthens it by one unit per
   * `İ` at most, so a value longer than the longest whole literal, or shorter than half the
   * shortest, is not folded to look it up.
   */
  private find(slot: number, text: string, seen: Int32Array, ep: number, out: number[] | undefined): void {
    const index = this.plan.wholes[slot];
    if (index !== null && index !== undefined && text.length <= index.maxLength && text.length * 2 >= index.minLength) {
      const groups = index.groups.get(foldCase(text));
      if (groups !== undefined) {
        for (let k = 0; k < groups.length; k++) {
          const g = groups[k]!;
          if (out !== undefined && seen[g] !== ep) out.push(g);
          seen[g] = ep;
        }
      }
    }
    this.plan.automata[slot]?.search(text, seen, ep, out);
  }
}

function isSets(e: readonly GateSet[] | EntryGate): e is readonly GateSet[] {
  return Array.isArray(e);
}
