/**
 * Regular expressions as automata, matched by simulation.
 *
 * A `RegexNode` tree (sets of code points, concatenation, union, repetition) is compiled into
 * a Thompson NFA and run the way a Pike VM runs one, without captures: the set of live states
 * advances one code point at a time, and each state enters the set at most once per step. A
 * match therefore costs O(value length x states) whatever the pattern, which is what lets
 * attacker-controlled values meet rule-supplied patterns safely. Counted repetition is
 * expanded into copies, so its cost is paid in states; `nfaSize` tells the cost before any
 * state is built, and callers refuse patterns over a budget when they compile, never when
 * they match.
 *
 * Values are read by code point exactly as `for (const ch of text)` reads them: a surrogate
 * pair is one code point, and a lone surrogate (malformed UTF-16, which JSON's `\uD800`
 * escape can produce) is one character of its own, with its code unit as its value.
 */

/** An inclusive range of code points; lone surrogates are code points 0xD800-0xDFFF here. */
export type CodeRange = readonly [lo: number, hi: number];

/** The tree both regex engines run: one meaning, two ways to execute it. */
export type RegexNode =
  /** One code point from sorted, disjoint, non-adjacent ranges; no ranges matches nothing. */
  | { readonly kind: 'set'; readonly ranges: readonly CodeRange[] }
  /** The items in order; no items matches the empty string. */
  | { readonly kind: 'concat'; readonly items: readonly RegexNode[] }
  /** Any one of two or more items. */
  | { readonly kind: 'union'; readonly items: readonly RegexNode[] }
  /** `min` to `max` copies of the item; `max` null is unbounded. */
  | {
      readonly kind: 'repeat';
      readonly item: RegexNode;
      readonly min: number;
      readonly max: number | null;
    };

/** The largest code point. */
export const MAX_CODE_POINT = 0x10ffff;

/** Sorts and merges ranges, joining adjacent ones, into the form a `set` node holds. */
export function normalizeRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Array<[number, number]> = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Every code point not in the (normalized) ranges. */
export function complementRanges(ranges: readonly CodeRange[]): CodeRange[] {
  const out: CodeRange[] = [];
  let next = 0;
  for (const [lo, hi] of ranges) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT]);
  return out;
}

/** Any one code point, lone surrogates included. */
export const ANY_CODE_POINT: RegexNode = { kind: 'set', ranges: [[0, MAX_CODE_POINT]] };

/**
 * The number of states `compileNfa` builds for the node, computed without building them, so
 * `(a{1000}){1000}` costs arithmetic, not a million allocations, before it is refused.
 */
export function nfaSize(node: RegexNode): number {
  return sizeOf(node) + 1;
}

function sizeOf(node: RegexNode): number {
  switch (node.kind) {
    case 'set':
      return 1;
    case 'concat':
      return node.items.reduce((sum, item) => sum + sizeOf(item), 0);
    case 'union':
      return node.items.reduce((sum, item) => sum + sizeOf(item), node.items.length - 1);
    case 'repeat': {
      const item = sizeOf(node.item);
      if (node.max === null) return node.min === 0 ? item + 1 : node.min * item + 1;
      return node.min * item + (node.max - node.min) * (item + 1);
    }
  }
}

// State kinds. A split with a second edge of -1 is a plain epsilon jump.
const CHAR = 0;
const SPLIT = 1;
const MATCH = 2;

/** A compiled automaton. `test` never yields, so one instance may serve every caller. */
export class Nfa {
  /** The number of states, for explain output and budgets. */
  readonly size: number;
  private readonly kind: Uint8Array;
  private readonly out: Int32Array;
  private readonly out2: Int32Array;
  private readonly setOf: Int32Array;
  // Membership: a 128-entry table per set for ASCII, flat [lo, hi, ...] ranges beyond it.
  private readonly ascii: Uint8Array;
  private readonly ranges: Int32Array[];
  private readonly start: number;
  private readonly match: number;
  // Scratch for the simulation: two state lists, a work stack and per-step marks.
  private readonly listA: Int32Array;
  private readonly listB: Int32Array;
  private readonly stack: Int32Array;
  private readonly mark: Uint32Array;
  private step = 0;

  /** @internal Built by `compileNfa`. */
  constructor(builder: NfaBuilder, start: number) {
    this.size = builder.kind.length;
    this.kind = Uint8Array.from(builder.kind);
    this.out = Int32Array.from(builder.out);
    this.out2 = Int32Array.from(builder.out2);
    this.setOf = Int32Array.from(builder.setOf);
    this.ascii = new Uint8Array(builder.sets.length * 128);
    builder.sets.forEach((ranges, id) => {
      for (const [lo, hi] of ranges) {
        for (let c = lo; c <= Math.min(hi, 127); c++) this.ascii[id * 128 + c] = 1;
      }
    });
    this.ranges = builder.sets.map((ranges) => Int32Array.from(ranges.flat()));
    this.start = start;
    this.match = builder.matchState;
    this.listA = new Int32Array(this.size);
    this.listB = new Int32Array(this.size);
    this.stack = new Int32Array(this.size);
    this.mark = new Uint32Array(this.size);
  }

  /**
   * True when the automaton accepts the whole value. Runs on the lazily built DFA (each set
   * of live states worked out once, then a table step per ASCII character), which gives the
   * simulation's answer in the simulation's time bound, since a step it cannot look up it
   * works out as the simulation would.
   */
  test(value: string): boolean {
    return (this.dfa ??= new LazyDfa(this)).test(value);
  }

  private dfa: LazyDfa | null = null;

  /** @internal The live states after code point `cp` from live states `states`, sorted. */
  advance(states: Int32Array, cp: number): Int32Array {
    const { kind, out, out2, setOf, ascii, ranges, mark, stack } = this;
    const stepMark = this.nextStep();
    const next = this.listB;
    let n = 0;
    for (let k = 0; k < states.length; k++) {
      const s = states[k]!;
      if (kind[s] !== CHAR) continue;
      const set = setOf[s]!;
      if (cp < 128 ? ascii[set * 128 + cp] === 1 : inRanges(ranges[set]!, cp)) {
        n = closure(out[s]!, next, n, stepMark, kind, out, out2, mark, stack);
      }
    }
    return next.slice(0, n).sort();
  }

  /** @internal The live states before any character, sorted; for `LazyDfa`. */
  initial(): Int32Array {
    const { kind, out, out2, mark, stack } = this;
    const n = closure(this.start, this.listA, 0, this.nextStep(), kind, out, out2, mark, stack);
    return this.listA.slice(0, n).sort();
  }

  /** @internal Whether a set of live states accepts; for `LazyDfa`. */
  accepts(states: Int32Array): boolean {
    for (let k = 0; k < states.length; k++) if (states[k] === this.match) return true;
    return false;
  }

  /** True when the automaton accepts the whole value, by plain simulation (no DFA). */
  simulate(value: string): boolean {
    const { kind, out, out2, setOf, ascii, ranges, mark, stack } = this;
    let current = this.listA;
    let next = this.listB;
    let stepMark = this.nextStep();
    let count = closure(this.start, current, 0, stepMark, kind, out, out2, mark, stack);

    const length = value.length;
    for (let i = 0; i < length && count > 0; ) {
      // Decode as for-of does: a high surrogate joins a following low one, else stands alone.
      let cp = value.charCodeAt(i++);
      if (cp >= 0xd800 && cp <= 0xdbff && i < length) {
        const low = value.charCodeAt(i);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }

      stepMark = this.nextStep();
      let n = 0;
      for (let k = 0; k < count; k++) {
        const s = current[k]!;
        if (kind[s] !== CHAR) continue;
        const set = setOf[s]!;
        if (cp < 128 ? ascii[set * 128 + cp] === 1 : inRanges(ranges[set]!, cp)) {
          n = closure(out[s]!, next, n, stepMark, kind, out, out2, mark, stack);
        }
      }
      const spare = current;
      current = next;
      next = spare;
      count = n;
    }
    return count > 0 && mark[this.match] === stepMark;
  }

  private nextStep(): number {
    if (this.step === 0xffffffff) {
      this.mark.fill(0);
      this.step = 0;
    }
    return ++this.step;
  }
}

/** DFA states kept before the cache is dropped and built again from the current state. */
const MAX_DFA_STATES = 1024;
const UNKNOWN = -2;
const DEAD = -1;

/**
 * The subset construction of an `Nfa`, built as values need it: a DFA state is one set of
 * live NFA states, and its step on a character is worked out by the NFA the first time and
 * looked up after (in a table for ASCII, a Map beyond). The cache is bounded: past
 * `MAX_DFA_STATES` it is dropped and rebuilt, so a pattern whose DFA would be huge costs at
 * most the simulation's time per character, never more memory.
 */
class LazyDfa {
  private sets: Int32Array[] = [];
  private accepting: boolean[] = [];
  /** Per state, 128 ASCII steps (`UNKNOWN` until worked out, `DEAD` for no live state). */
  private table = new Int32Array(0);
  private wide: Map<number, number>[] = [];
  private ids = new Map<string, number>();
  private start = 0;

  constructor(private readonly nfa: Nfa) {
    this.reset();
  }

  test(value: string): boolean {
    let state = this.start;
    const length = value.length;
    for (let i = 0; i < length; ) {
      let cp = value.charCodeAt(i++);
      if (cp < 128) {
        const to = this.table[state * 128 + cp]!;
        state = to !== UNKNOWN ? to : this.step(state, cp);
      } else {
        // Decode as for-of does: a high surrogate joins a following low one, else stands alone.
        if (cp >= 0xd800 && cp <= 0xdbff && i < length) {
          const low = value.charCodeAt(i);
          if (low >= 0xdc00 && low <= 0xdfff) {
            cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            i++;
          }
        }
        const to = this.wide[state]!.get(cp);
        state = to !== undefined ? to : this.step(state, cp);
      }
      if (state === DEAD) return false;
    }
    return this.accepting[state]!;
  }

  private step(from: number, cp: number): number {
    const next = this.nfa.advance(this.sets[from]!, cp);
    let to: number;
    if (next.length === 0) {
      to = DEAD;
    } else {
      if (this.sets.length >= MAX_DFA_STATES && !this.ids.has(next.join(','))) {
        // Rebuilt from the state the value has reached; earlier states are not needed again.
        this.reset();
        return this.add(next);
      }
      to = this.add(next);
    }
    if (cp < 128) this.table[from * 128 + cp] = to;
    else this.wide[from]!.set(cp, to);
    return to;
  }

  private add(states: Int32Array): number {
    const key = states.join(',');
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    id = this.sets.length;
    this.ids.set(key, id);
    this.sets.push(states);
    this.accepting.push(this.nfa.accepts(states));
    this.wide.push(new Map());
    if (this.table.length < (id + 1) * 128) {
      const grown = new Int32Array(Math.max(128 * 16, this.table.length * 2)).fill(UNKNOWN);
      grown.set(this.table);
      this.table = grown;
    }
    return id;
  }

  private reset(): void {
    this.sets = [];
    this.accepting = [];
    this.table = new Int32Array(0);
    this.wide = [];
    this.ids = new Map();
    this.start = this.add(this.nfa.initial());
  }
}

/** Binary search over flat `[lo, hi, lo, hi, ...]` ranges. */
function inRanges(flat: Int32Array, cp: number): boolean {
  let low = 0;
  let high = (flat.length >> 1) - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (cp < flat[mid * 2]!) high = mid - 1;
    else if (cp > flat[mid * 2 + 1]!) low = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Adds `state` and every state it reaches by epsilon edges to `list`, each once per step (the
 * marks), keeping only states that consume or accept; returns the list's new length.
 */
function closure(
  state: number,
  list: Int32Array,
  n: number,
  stepMark: number,
  kind: Uint8Array,
  out: Int32Array,
  out2: Int32Array,
  mark: Uint32Array,
  stack: Int32Array,
): number {
  if (mark[state] === stepMark) return n;
  mark[state] = stepMark;
  if (kind[state] !== SPLIT) {
    list[n] = state;
    return n + 1;
  }
  let top = 0;
  stack[top++] = state;
  while (top > 0) {
    const s = stack[--top]!;
    if (kind[s] !== SPLIT) {
      list[n++] = s;
      continue;
    }
    const a = out[s]!;
    if (mark[a] !== stepMark) {
      mark[a] = stepMark;
      stack[top++] = a;
    }
    const b = out2[s]!;
    if (b >= 0 && mark[b] !== stepMark) {
      mark[b] = stepMark;
      stack[top++] = b;
    }
  }
  return n;
}

/** Growable state tables; states are built back to front, each knowing its successor. */
class NfaBuilder {
  readonly kind: number[] = [];
  readonly out: number[] = [];
  readonly out2: number[] = [];
  readonly setOf: number[] = [];
  readonly sets: Array<readonly CodeRange[]> = [];
  readonly matchState: number;
  private readonly setIds = new Map<string, number>();

  constructor() {
    this.matchState = this.add(MATCH, -1, -1, -1);
  }

  add(kind: number, out: number, out2: number, set: number): number {
    this.kind.push(kind);
    this.out.push(out);
    this.out2.push(out2);
    this.setOf.push(set);
    return this.kind.length - 1;
  }

  /** Builds `node` so that a match of it continues at state `next`; returns its entry. */
  build(node: RegexNode, next: number): number {
    switch (node.kind) {
      case 'set':
        return this.add(CHAR, next, -1, this.setId(node.ranges));
      case 'concat': {
        let entry = next;
        for (let i = node.items.length - 1; i >= 0; i--) entry = this.build(node.items[i]!, entry);
        return entry;
      }
      case 'union': {
        let entry = this.build(node.items[node.items.length - 1]!, next);
        for (let i = node.items.length - 2; i >= 0; i--) {
          entry = this.add(SPLIT, this.build(node.items[i]!, next), entry, -1);
        }
        return entry;
      }
      case 'repeat':
        return this.repeat(node.item, node.min, node.max, next);
    }
  }

  private repeat(item: RegexNode, min: number, max: number | null, next: number): number {
    let entry: number;
    let copies = min;
    if (max === null) {
      // A loop: the split either runs the item once more or leaves.
      const loop = this.add(SPLIT, -1, next, -1);
      const body = this.build(item, loop);
      this.out[loop] = body;
      if (min === 0) return loop;
      entry = body;
      copies = min - 1;
    } else {
      // `x{2,4}` is `xx(x(x)?)?`: each optional copy may leave straight to `next`.
      entry = next;
      for (let i = min; i < max; i++) entry = this.add(SPLIT, this.build(item, entry), next, -1);
    }
    for (let i = 0; i < copies; i++) entry = this.build(item, entry);
    return entry;
  }

  private setId(ranges: readonly CodeRange[]): number {
    const key = ranges.join(',');
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(ranges);
      this.setIds.set(key, id);
    }
    return id;
  }
}

/**
 * Compiles a tree into an automaton. Callers check `nfaSize` against their budget first: this
 * builds whatever it is given.
 *
 * @example
 * const twoChars = compileNfa({ kind: 'repeat', item: ANY_CODE_POINT, min: 2, max: 2 });
 * twoChars.test('😀'); // false: an emoji is one code point
 */
export function compileNfa(node: RegexNode): Nfa {
  const builder = new NfaBuilder();
  const start = builder.build(node, builder.matchState);
  return new Nfa(builder, start);
}
