/**
 * Literal gating: which entries of a pack can an event possibly satisfy, judged by the text
 * of its values.
 *
 * Each entry's condition has, when `extractLiterals` can prove one, a set of alternative
 * literals such that every matching event holds one of them in a string value (a boolean
 * counts as its text, `true` or `false`). One pass over the event's strings with an
 * Aho-Corasick automaton marks every literal present; an entry none of whose literals is
 * marked cannot match, so its matcher is not run. The dispatch tree narrows by the fields
 * rules open with; this narrows by what they look for, which is what sets most rules apart.
 *
 * Case-insensitive literals are folded, pure ASCII, and are searched for in the folded text.
 * Folding is full Unicode lower-casing, under which only A-Z, the Kelvin sign (to `k`) and
 * `İ` (to `i` and U+0307) give ASCII, so the text is folded one code unit at a time with
 * those rules alone: any other code unit is non-ASCII folded or not, and no such literal
 * holds it. Anchored literals (`atStart`, `atEnd`) are searched with a start and an end
 * symbol around each value.
 */
import type { LiteralSet, PrefilterLiteral } from './prefilter-literals.js';

/** The symbols around a value; literal code units use the classes after them. */
const START = 1;
const END = 2;
const FIRST_CLASS = 3;

/** An Aho-Corasick automaton over UTF-16 code units, as a full transition table. */
class Automaton {
  /** Code unit to symbol class; 0 for a unit no literal holds. */
  readonly classOf: Uint16Array;
  readonly width: number;
  readonly next: Int32Array;
  /** Literal ids found on entering a state: `ids[outStart[s] .. outStart[s + 1])`. */
  readonly outStart: Int32Array;
  readonly ids: Int32Array;

  constructor(words: readonly { units: number[]; id: number }[]) {
    // Symbols: START and END are themselves; code units get classes from FIRST_CLASS.
    const classOf = new Uint16Array(0x10000);
    let width = FIRST_CLASS;
    const symbol = (unit: number, edge: number): number => {
      if (edge !== 0) return edge;
      if (classOf[unit] === 0) classOf[unit] = width++;
      return classOf[unit]!;
    };
    const goto: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    for (const { units, id } of words) {
      let state = 0;
      for (const u of units) {
        const s = u < 0 ? symbol(0, -u) : symbol(u, 0);
        let to = goto[state]!.get(s);
        if (to === undefined) {
          to = goto.length;
          goto.push(new Map());
          own.push([]);
          goto[state]!.set(s, to);
        }
        state = to;
      }
      own[state]!.push(id);
    }
    const n = goto.length;
    const next = new Int32Array(n * width);
    const fail = new Int32Array(n);
    const out: number[][] = own.map((ids) => [...ids]);
    // Breadth first: a state's failure target is complete before the state is.
    const order: number[] = [0];
    for (let q = 0; q < order.length; q++) {
      const state = order[q]!;
      const base = state * width;
      for (let s = 0; s < width; s++) {
        const to = goto[state]!.get(s);
        if (to !== undefined) {
          fail[to] = state === 0 ? 0 : next[fail[state]! * width + s]!;
          out[to]!.push(...out[fail[to]!]!);
          next[base + s] = to;
          order.push(to);
        } else {
          next[base + s] = state === 0 ? 0 : next[fail[state]! * width + s]!;
        }
      }
    }
    const outStart = new Int32Array(n + 1);
    const ids: number[] = [];
    for (let s = 0; s < n; s++) {
      outStart[s] = ids.length;
      ids.push(...new Set(out[s]!));
    }
    outStart[n] = ids.length;
    this.classOf = classOf;
    this.width = width;
    this.next = next;
    this.outStart = outStart;
    this.ids = Int32Array.from(ids);
  }
}

const ASCII = /^[\x00-\x7f]*$/;
const KELVIN = 0x212a;
const DOTTED_I = 0x0130;
const COMBINING_DOT = 0x0307;

/** A necessary literal set, with the slots whose values the literals must be found in. */
export interface GateSet {
  set: LiteralSet;
  slots: readonly number[];
}

/** What a slot's values are searched for. */
class SlotSearch {
  /** Partial literals (not a whole value): searched for in every string. */
  automaton: Automaton | null = null;
  readonly words: { units: number[]; id: number }[] = [];
  /** Whole-value literals by their folded text: one lookup per string. */
  readonly whole = new Map<string, number[]>();
  minWhole = Infinity;
  maxWhole = -1;
  private readonly added = new Set<number>();

  add(id: number, l: PrefilterLiteral, text: string): void {
    if (this.added.has(id)) return;
    this.added.add(id);
    if (l.atStart && l.atEnd) {
      const list = this.whole.get(text);
      if (list) list.push(id);
      else this.whole.set(text, [id]);
      this.minWhole = Math.min(this.minWhole, text.length);
      this.maxWhole = Math.max(this.maxWhole, text.length);
      return;
    }
    const units: number[] = [];
    if (l.atStart) units.push(-START);
    for (let i = 0; i < text.length; i++) units.push(text.charCodeAt(i));
    if (l.atEnd) units.push(-END);
    this.words.push({ units, id });
  }
}

/** How the gate reads a slot's value for the event of an epoch. */
export type SlotRead = (slot: number, event: object, ep: number) => unknown;

/**
 * Per entry of a pack, whether its literals allow an event.
 *
 * Each set comes with the slots of the fields its conjunct reads: the conjunct's truth
 * depends on nothing else, so a literal it needs is in one of those values, and only they
 * are searched (not ids, hashes, messages, ...). Each slot is searched for its own
 * literals only, which keeps each automaton small.
 *
 * @example
 * const gate = new LiteralGate([[{ set: extractLiterals(q1)!, slots: [3] }], []], read);
 * gate.allows(0, event, ep); // false when slot 3 holds no literal of q1
 */
export class LiteralGate {
  /** True when some entry is gated: otherwise there is nothing to search for. */
  readonly active: boolean;
  /** Per entry, its groups `group[start[i] .. start[i + 1])`; none: no gate. */
  private readonly start: Int32Array;
  /** Per group, its literal ids `lits[group[g] .. group[g + 1])`. */
  private readonly group: Int32Array;
  private readonly lits: Int32Array;
  private readonly seen: Int32Array;
  private readonly slots: number[] = [];
  private readonly searches: SlotSearch[] = [];
  private ep = 0;

  /**
   * `entries[i]` lists sets that entry i's matching events each hold a literal of (one per
   * necessary conjunct, say); an entry with none is never gated. `read` gives slot values.
   */
  constructor(
    entries: readonly (readonly GateSet[])[],
    private readonly read: SlotRead,
  ) {
    const ids = new Map<string, number>();
    const bySlot = new Map<number, SlotSearch>();
    const start = new Int32Array(entries.length + 1);
    const group: number[] = [];
    const lits: number[] = [];
    entries.forEach((sets, i) => {
      start[i] = group.length;
      for (const { set, slots } of sets) {
        // Folding per code unit is exact for ASCII only; a set with other text is not used.
        if (set.literals.length === 0 || slots.length === 0) continue;
        if (!set.literals.every((l) => ASCII.test(l.text))) continue;
        group.push(lits.length);
        for (const l of set.literals) {
          // An exact literal is searched for folded: a value holding it folds to hold it
          // folded, so the gate only lets more through.
          const text = l.caseInsensitive ? l.text : l.text.toLowerCase();
          const key = `${l.atStart ? 1 : 0}${l.atEnd ? 1 : 0}${text}`;
          let id = ids.get(key);
          if (id === undefined) ids.set(key, (id = ids.size));
          lits.push(id);
          for (const slot of slots) {
            let search = bySlot.get(slot);
            if (!search) bySlot.set(slot, (search = new SlotSearch()));
            search.add(id, l, text);
          }
        }
      }
    });
    start[entries.length] = group.length;
    group.push(lits.length);
    for (const [slot, search] of bySlot) {
      if (search.words.length > 0) search.automaton = new Automaton(search.words);
      this.slots.push(slot);
      this.searches.push(search);
    }
    this.start = start;
    this.group = Int32Array.from(group);
    this.lits = Int32Array.from(lits);
    this.seen = new Int32Array(ids.size);
    this.active = ids.size > 0;
  }

  /**
   * True when entry `i` has no gate, or `event` (the event of epoch `ep`) holds a literal of
   * each of its sets. The values are searched once per epoch, on the first entry that asks.
   */
  allows(i: number, event: object, ep: number): boolean {
    const from = this.start[i]!;
    const to = this.start[i + 1]!;
    if (from === to) return true;
    if (this.ep !== ep) this.search(event, ep);
    const { group, lits, seen } = this;
    for (let g = from; g < to; g++) {
      let held = false;
      for (let k = group[g]!, end = group[g + 1]!; k < end; k++) {
        if (seen[lits[k]!] === ep) {
          held = true;
          break;
        }
      }
      if (!held) return false;
    }
    return true;
  }

  private search(event: object, ep: number): void {
    this.ep = ep;
    const { slots, searches } = this;
    for (let j = 0; j < slots.length; j++) {
      const value = this.read(slots[j]!, event, ep);
      if (value === undefined || value === null) continue;
      const search = searches[j]!;
      if (Array.isArray(value)) {
        for (let k = 0; k < value.length; k++) this.scalar(search, value[k]);
      } else {
        this.scalar(search, value);
      }
    }
  }

  private scalar(search: SlotSearch, v: unknown): void {
    if (typeof v === 'string') this.text(search, v);
    else if (typeof v === 'boolean') this.text(search, v ? 'true' : 'false');
  }

  private text(search: SlotSearch, s: string): void {
    const seen = this.seen;
    const ep = this.ep;
    if (s.length >= search.minWhole && s.length <= search.maxWhole) {
      const list = search.whole.get(s.toLowerCase());
      if (list !== undefined) for (let k = 0; k < list.length; k++) seen[list[k]!] = ep;
    }
    const a = search.automaton;
    if (a === null) return;
    const { classOf, width, next, outStart, ids } = a;
    let state = next[START]!;
    for (let k = outStart[state]!; k < outStart[state + 1]!; k++) seen[ids[k]!] = ep;
    for (let i = 0; i < s.length; i++) {
      let u = s.charCodeAt(i);
      if (u >= 0x41 && u <= 0x5a) u += 0x20;
      else if (u === KELVIN) u = 0x6b;
      else if (u === DOTTED_I) {
        state = next[state * width + classOf[0x69]!]!;
        for (let k = outStart[state]!; k < outStart[state + 1]!; k++) seen[ids[k]!] = ep;
        u = COMBINING_DOT;
      }
      state = next[state * width + classOf[u]!]!;
      const o = outStart[state]!;
      const p = outStart[state + 1]!;
      for (let k = o; k < p; k++) seen[ids[k]!] = ep;
    }
    state = next[state * width + END]!;
    for (let k = outStart[state]!; k < outStart[state + 1]!; k++) seen[ids[k]!] = ep;
  }
}
