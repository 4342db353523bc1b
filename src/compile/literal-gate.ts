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
 * The gate is lazy and cheapest first: nothing is searched until an entry asks; an entry
 * tests its required slots first, then its sets, whole-value ones before others (a lookup
 * of the folded value, shared with the matchers' folding), and a slot's text is searched for
 * partial literals (`gate-automaton.ts`, or `includes` for a set of a few) only when an
 * entry still standing needs it, at most once per event. The layout is `gate-plan.ts`'s.
 */
import type { Value } from '../event/index.js';
import type { Automaton } from './gate-automaton.js';
import {
  DIRECT,
  PARTIAL,
  PIECE_END,
  PIECE_START,
  planGate,
  WHOLE,
  type EntryGate,
  type GatePlan,
  type GateSet,
  type WholeIndex,
} from './gate-plan.js';
import { foldValue } from './runtime.js';

export { wholeGroups, type EntryGate, type GateSet } from './gate-plan.js';

/** How the gate reads a slot's value for the event of an epoch. */
export type SlotRead = (slot: number, event: object, ep: number) => unknown;

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
  /** Per group, the epoch its verdict `verdict[g]` is for: equal groups share entries. */
  private readonly groupEp: Int32Array;
  private readonly verdict: Uint8Array;
  /** Per group, the last epoch a literal of it was found in one of its slots. */
  private readonly found: Int32Array;
  /** Per slot, the last epoch it was read, looked up and searched in, and its value. */
  private readonly readAt: Int32Array;
  private readonly values: unknown[];
  private readonly lookedUp: Int32Array;
  private readonly searched: Int32Array;
  private readonly readFolded: SlotRead;

  /**
   * `entries[i]` is what entry i's matching events hold: sets they hold a literal of each of
   * (one per necessary conjunct, say), and optionally required slots and alternatives
   * (`EntryGate`); a bare list is sets alone, and an entry with nothing is never gated.
   * `read` gives slot values; `readFolded`, when given, their folded form (`foldValue`),
   * shared with whoever else folds them.
   */
  constructor(
    entries: readonly (readonly GateSet[] | EntryGate)[],
    private readonly read: SlotRead,
    readFolded?: SlotRead,
  ) {
    const plan = planGate(entries.map((e) => (isSets(e) ? { sets: e } : e)));
    this.plan = plan;
    const groups = plan.groups;
    this.groupEp = new Int32Array(groups);
    this.verdict = new Uint8Array(groups);
    this.found = new Int32Array(groups);
    this.readAt = new Int32Array(plan.slots);
    this.values = new Array<unknown>(plan.slots).fill(undefined);
    this.lookedUp = new Int32Array(plan.slots);
    this.searched = new Int32Array(plan.slots);
    this.active = groups > 0 || plan.needs.length > 0;
    this.readFolded = readFolded ?? foldingReader((slot, event, ep) => this.value(slot, event, ep), plan.slots);
  }

  /** A slot's value, read once per epoch. */
  private value(slot: number, event: object, ep: number): unknown {
    if (this.readAt[slot] === ep) return this.values[slot];
    this.readAt[slot] = ep;
    return (this.values[slot] = this.read(slot, event, ep));
  }

  /**
   * True when entry `i` has no gate, or `event` (the event of epoch `ep`) has a value in a
   * slot of each of its clauses, holds a literal of each of its sets, and passes a branch of
   * each of its alternatives. A slot is read, looked up and searched at most once per epoch.
   */
  allows(i: number, event: object, ep: number): boolean {
    const p = this.plan;
    const { clauseStart, needStart, needs } = p;
    for (let c = clauseStart[i]!, end = clauseStart[i + 1]!; c < end; c++) {
      let held = false;
      for (let k = needStart[c]!, last = needStart[c + 1]!; k < last && !held; k++) {
        const v = this.value(needs[k]!, event, ep);
        held = v !== undefined && v !== null;
      }
      if (!held) return false;
    }
    const { start, order } = p;
    for (let k = start[i]!, end = start[i + 1]!; k < end; k++) {
      if (!this.verdictOf(order[k]!, event, ep)) return false;
    }
    const { altStart, branchStart, branchGroupStart, branchGroups } = p;
    for (let a = altStart[i]!, end = altStart[i + 1]!; a < end; a++) {
      let passed = false;
      for (let b = branchStart[a]!, last = branchStart[a + 1]!; b < last && !passed; b++) {
        passed = true;
        for (let k = branchGroupStart[b]!, stop = branchGroupStart[b + 1]!; k < stop && passed; k++) {
          passed = this.verdictOf(branchGroups[k]!, event, ep);
        }
      }
      if (!passed) return false;
    }
    return true;
  }

  private verdictOf(g: number, event: object, ep: number): boolean {
    if (this.groupEp[g] !== ep) {
      this.groupEp[g] = ep;
      this.verdict[g] = this.holds(g, event, ep) ? 1 : 0;
    }
    return this.verdict[g] === 1;
  }

  private holds(g: number, event: object, ep: number): boolean {
    const p = this.plan;
    const flags = p.groupFlags[g]!;
    const from = p.groupSlotStart[g]!;
    const to = p.groupSlotStart[g + 1]!;
    const slots = p.groupSlots;
    if ((flags & WHOLE) !== 0) {
      for (let j = from; j < to; j++) this.lookUp(slots[j]!, event, ep);
      if (this.found[g] === ep) return true;
    }
    if ((flags & PARTIAL) === 0) return false;
    if ((flags & DIRECT) !== 0) {
      for (let j = from; j < to; j++) if (this.holdsPiece(g, slots[j]!, event, ep)) return true;
      return false;
    }
    for (let j = from; j < to; j++) this.search(slots[j]!, event, ep);
    return this.found[g] === ep;
  }

  /**
   * True when a value of the slot holds one of group g's pieces, folded. Searching the
   * folded value is searching the value folded one code unit at a time as the automata do:
   * full lower-casing gives ASCII only where they do (A-Z, the Kelvin sign, `İ` as `i` and
   * a combining dot), and the pieces are ASCII.
   */
  private holdsPiece(g: number, slot: number, event: object, ep: number): boolean {
    const raw = this.value(slot, event, ep);
    if (raw === undefined || raw === null) return false;
    if (typeof raw === 'boolean') return this.holdsText(g, raw ? 'true' : 'false');
    if (typeof raw !== 'string' && !Array.isArray(raw)) return false;
    const folded = this.readFolded(slot, event, ep);
    if (typeof folded === 'string') return this.holdsText(g, folded);
    if (!Array.isArray(folded)) return false;
    for (let k = 0; k < folded.length; k++) {
      const v: unknown = folded[k];
      if (typeof v === 'string' ? this.holdsText(g, v) : typeof v === 'boolean' && this.holdsText(g, v ? 'true' : 'false')) {
        return true;
      }
    }
    return false;
  }

  private holdsText(g: number, text: string): boolean {
    const { groupPieceStart, pieceText, pieceAnchor } = this.plan;
    for (let k = groupPieceStart[g]!, end = groupPieceStart[g + 1]!; k < end; k++) {
      const piece = pieceText[k]!;
      const anchor = pieceAnchor[k]!;
      if (anchor === PIECE_START ? text.startsWith(piece) : anchor === PIECE_END ? text.endsWith(piece) : text.includes(piece)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Marks the groups one of whose whole-value literals a value of the slot folds to, once per
   * epoch. Values of the wrong length are not folded: lower-casing never shortens a string
   * and lengthens it only by one unit per `İ`, so a value longer than the longest literal,
   * or shorter than half the shortest, cannot fold into one.
   */
  private lookUp(slot: number, event: object, ep: number): void {
    if (this.lookedUp[slot] === ep) return;
    this.lookedUp[slot] = ep;
    const index = this.plan.wholes[slot];
    if (index === null || index === undefined) return;
    const raw = this.value(slot, event, ep);
    if (raw === undefined || raw === null) return;
    const { minLength, maxLength } = index;
    if (typeof raw === 'string') {
      if (raw.length > maxLength || raw.length * 2 < minLength) return;
      this.mark(index, this.readFolded(slot, event, ep) as string, ep);
      return;
    }
    if (typeof raw === 'boolean') {
      this.mark(index, raw ? 'true' : 'false', ep);
      return;
    }
    if (!Array.isArray(raw)) return;
    let fits = false;
    for (let k = 0; k < raw.length && !fits; k++) {
      const v: unknown = raw[k];
      fits = typeof v === 'boolean' || (typeof v === 'string' && v.length <= maxLength && v.length * 2 >= minLength);
    }
    if (!fits) return;
    const folded = this.readFolded(slot, event, ep) as unknown[];
    for (let k = 0; k < folded.length; k++) {
      const v = folded[k];
      if (typeof v === 'string') this.mark(index, v, ep);
      else if (typeof v === 'boolean') this.mark(index, v ? 'true' : 'false', ep);
    }
  }

  private mark(index: WholeIndex, text: string, ep: number): void {
    const groups = index.groups.get(text);
    if (groups === undefined) return;
    const found = this.found;
    for (let k = 0; k < groups.length; k++) found[groups[k]!] = ep;
  }

  /** Searches a slot's values for its partial literals, once per epoch. */
  private search(slot: number, event: object, ep: number): void {
    if (this.searched[slot] === ep) return;
    this.searched[slot] = ep;
    const a = this.plan.automata[slot];
    if (a === null || a === undefined) return;
    const value = this.value(slot, event, ep);
    if (value === undefined || value === null) return;
    const found = this.found;
    if (Array.isArray(value)) {
      for (let k = 0; k < value.length; k++) scalar(a, value[k], found, ep);
    } else {
      scalar(a, value, found, ep);
    }
  }
}

function scalar(a: Automaton, v: unknown, seen: Int32Array, ep: number): void {
  if (typeof v === 'string') a.search(v, seen, ep);
  else if (typeof v === 'boolean') a.search(v ? 'true' : 'false', seen, ep);
}

/** Folds a reader's values itself, once per slot and epoch. */
function foldingReader(read: SlotRead, slots: number): SlotRead {
  const at = new Int32Array(slots).fill(-1);
  const folded: unknown[] = new Array<unknown>(slots).fill(undefined);
  return (slot, event, ep) => {
    if (at[slot] === ep) return folded[slot];
    at[slot] = ep;
    return (folded[slot] = foldValue(read(slot, event, ep) as Value));
  };
}

function isSets(e: readonly GateSet[] | EntryGate): e is readonly GateSet[] {
  return Array.isArray(e);
}
