/**
 * The literal gate's text search: an Aho-Corasick automaton over folded ASCII.
 *
 * Case-insensitive literals are folded, pure ASCII. Folding is full Unicode lower-casing,
 * under which only A-Z, the Kelvin sign (to `k`) and `İ` (to `i` and U+0307) give ASCII, so
 * the automaton folds the text one code unit at a time with those rules alone: any other
 * code unit is non-ASCII folded or not, and no such literal holds it. Anchored literals
 * (`atStart`, `atEnd`) are searched with a start and an end symbol around each value.
 */
import type { PrefilterLiteral } from './prefilter-literals.js';

/** The symbols around a value; literal code units use the classes after them. */
const START = 1;
const END = 2;
const FIRST_CLASS = 3;

const KELVIN = 0x212a;
const DOTTED_I = 0x0130;

/**
 * An Aho-Corasick automaton over folded ASCII, as a full transition table. States are
 * numbered breadth first, those that find no literal before those that do: the shallow
 * states a scan spends most of its steps in share a few cache lines, and a state finds
 * literals exactly when its number is `finding` or more.
 */
export class Automaton {
  /** ASCII code unit (either case) to symbol class; 0 for a unit no literal holds. */
  readonly classOf = new Uint8Array(128);
  readonly width: number;
  readonly next: Uint16Array | Uint32Array;
  /** The first state that finds literals. */
  readonly finding: number;
  /** Ids found on entering state `s`: `ids[outStart[s - finding] .. outStart[s - finding + 1])`. */
  readonly outStart: Int32Array;
  readonly ids: Int32Array;
  /** The state after the start symbol. */
  readonly first: number;

  constructor(words: readonly { units: number[]; id: number }[]) {
    const classes = new Map<number, number>();
    let width = FIRST_CLASS;
    const symbol = (unit: number): number => {
      if (unit < 0) return -unit;
      let c = classes.get(unit);
      if (c === undefined) classes.set(unit, (c = width++));
      return c;
    };
    const goto: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    for (const { units, id } of words) {
      let state = 0;
      for (const u of units) {
        const s = symbol(u);
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
    if (n * width >= 0x7fffffff) throw new RangeError('literal automaton too large');
    const { order, fail, out } = failureLinks(goto, own);
    const quiet = order.filter((s) => out[s]!.length === 0);
    const loud = order.filter((s) => out[s]!.length > 0);
    const number = new Int32Array(n);
    [...quiet, ...loud].forEach((s, i) => (number[s] = i));
    // Breadth first, so that a state's failure target has its row before the state: a row is
    // its failure target's, with the state's own edges written over it. Numbers are final
    // as rows are written, so no pass over the whole table renumbers it.
    const next = n <= 0x10000 ? new Uint16Array(n * width) : new Uint32Array(n * width);
    for (const state of order) {
      const base = number[state]! * width;
      const from = number[fail[state]!]! * width;
      if (state === 0) next.fill(number[0]!, base, base + width);
      else next.copyWithin(base, from, from + width);
      for (const [c, to] of goto[state]!) next[base + c] = number[to]!;
    }
    const outStart = new Int32Array(loud.length + 1);
    const ids: number[] = [];
    loud.forEach((s, i) => {
      outStart[i] = ids.length;
      ids.push(...new Set(out[s]!));
    });
    outStart[loud.length] = ids.length;
    for (const [unit, c] of classes) {
      this.classOf[unit] = c;
      if (unit >= 0x61 && unit <= 0x7a) this.classOf[unit - 0x20] = c;
    }
    this.width = width;
    this.next = next;
    this.finding = quiet.length;
    this.outStart = outStart;
    this.ids = Int32Array.from(ids);
    this.first = next[number[0]! * width + START]!;
  }

  /**
   * Marks `seen[id] = ep` for the id of every literal found in `s`, folded; with `out`,
   * also appends each id not marked for `ep` before.
   */
  search(s: string, seen: Int32Array, ep: number, out?: number[]): void {
    const { classOf, next, width, finding } = this;
    let state = this.first;
    if (state >= finding) this.found(state, seen, ep, out);
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      let c = 0;
      if (u < 0x80) c = classOf[u]!;
      else if (u === KELVIN) c = classOf[0x6b]!;
      else if (u === DOTTED_I) {
        // Folds to `i` and a combining dot, which no ASCII literal holds.
        state = next[state * width + classOf[0x69]!]!;
        if (state >= finding) this.found(state, seen, ep, out);
      }
      state = next[state * width + c]!;
      if (state >= finding) this.found(state, seen, ep, out);
    }
    state = next[state * width + END]!;
    if (state >= finding) this.found(state, seen, ep, out);
  }

  private found(state: number, seen: Int32Array, ep: number, out: number[] | undefined): void {
    const { outStart, ids } = this;
    const k0 = state - this.finding;
    for (let k = outStart[k0]!, end = outStart[k0 + 1]!; k < end; k++) {
      const id = ids[k]!;
      if (out !== undefined && seen[id] !== ep) out.push(id);
      seen[id] = ep;
    }
  }
}

/**
 * The trie's states in breadth-first order, each one's failure target (the longest proper
 * suffix of its word that is a prefix of some word), and the ids each finds: its own and
 * those its failure target finds.
 */
function failureLinks(
  goto: readonly Map<number, number>[], own: readonly number[][],
): { order: number[]; fail: Int32Array; out: number[][] } {
  const fail = new Int32Array(goto.length);
  const out = own.map((ids) => [...ids]);
  const order = [0];
  for (let q = 0; q < order.length; q++) {
    const state = order[q]!;
    for (const [c, to] of goto[state]!) {
      if (state !== 0) {
        let f = fail[state]!;
        while (f !== 0 && !goto[f]!.has(c)) f = fail[f]!;
        fail[to] = goto[f]!.get(c) ?? 0;
      }
      // The target is shallower, so it was reached, and its ids completed, before `to`.
      const inherited = out[fail[to]!]!;
      if (inherited.length > 0) out[to]!.push(...inherited);
      order.push(to);
    }
  }
  return { order, fail, out };
}

/** The automaton word for a partial literal (folded text), with its anchors as symbols. */
export function wordOf(l: PrefilterLiteral, text: string): number[] {
  const units: number[] = [];
  if (l.atStart) units.push(-START);
  for (let k = 0; k < text.length; k++) units.push(text.charCodeAt(k));
  if (l.atEnd) units.push(-END);
  return units;
}
