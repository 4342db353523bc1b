/**
 * Leaf indexes: the last step of dispatch, filing entries by the values they look for.
 *
 * The dispatch tree splits on opening equalities that many entries share (category, OS,
 * event type); below it, hundreds of entries can remain, each looking for values of its
 * own: `process.name : ("a.exe", "b.exe")`, `(process.name : "x" or
 * process.pe.original_file_name : "x")`. The literal gate (`literal-gate.ts`) proves, per
 * necessary conjunct, the whole values one of which a matching event holds in some slot. A
 * leaf files each of its entries under one such set, the one least shared across the pack
 * (a rare value, not `windows`), by each value and slot; an event then meets only the
 * entries one of whose values it holds, found by a lookup per slot rather than a test per
 * entry.
 *
 * Values are compared folded: the sets hold ASCII literals folded (an exact literal too,
 * since a value equal to it folds equal to its folding), and the event's values are folded
 * as the matchers fold them. A boolean counts as its text; numbers never equal a literal of
 * such a set (`extractLiterals` proves them for string values only).
 */

/** A necessary set of whole values (folded, ASCII) over some slots. */
export interface IndexGroup {
  slots: readonly number[];
  values: readonly string[];
  /** The top-level conjunct of the entry's condition it was proven for, when known. */
  conjunct?: number | undefined;
}

/** Entries filed by slot and folded value. */
export interface LeafIndex {
  slots: Int32Array;
  /** Per slot (parallel to `slots`): folded value to entries. */
  maps: Map<string, Int32Array>[];
  /** Per slot: the shortest and longest value filed, to skip folding what cannot match. */
  minLength: Int32Array;
  maxLength: Int32Array;
  /** How many entries are filed. */
  size: number;
}

/**
 * Smooths the estimate of how often a slot holds a value: a value the pack's rules look for
 * in a slot only a few rules read is no evidence that events hold it often.
 */
const PRIOR = 8;

/**
 * Chooses, for the entries of a leaf, the set each is filed under.
 *
 * @example
 * const planner = new IndexPlanner([[{ slots: [3], values: ['cmd.exe'] }], ...]);
 * planner.split([0, 1, 2], () => new Set()); // { plain: [...], index: { ... } }
 */
export class IndexPlanner {
  /** How many entries look for a value in a slot: `slot\0value` to count. */
  private readonly shared = new Map<string, number>();
  /** Per slot, the sum of its values' counts. */
  private readonly total = new Map<number, number>();

  constructor(private readonly groups: readonly (readonly IndexGroup[])[]) {
    for (const list of groups) {
      const mine = new Map<string, number>();
      for (const g of list) for (const slot of g.slots) for (const v of g.values) mine.set(`${slot}\0${v}`, slot);
      for (const [key, slot] of mine) {
        this.shared.set(key, (this.shared.get(key) ?? 0) + 1);
        this.total.set(slot, (this.total.get(slot) ?? 0) + 1);
      }
    }
  }

  /**
   * Splits a leaf's entries into those kept in a list and those filed in an index, and says
   * which set each filed entry is filed under.
   * `implied(entry)` gives the slots the path to the leaf filed the entry by: a set over one
   * of them is not used, since every event reaching the entry there holds its value.
   */
  split(
    entries: readonly number[],
    implied: (entry: number) => ReadonlySet<number>,
  ): { plain: number[]; index: LeafIndex | null; filed: Map<number, IndexGroup> } {
    const plain: number[] = [];
    const filed = new Map<number, IndexGroup>();
    const bySlot = new Map<number, Map<string, number[]>>();
    let size = 0;
    for (const entry of entries) {
      const group = this.best(entry, implied(entry));
      if (group === null) {
        plain.push(entry);
        continue;
      }
      size++;
      filed.set(entry, group);
      for (const slot of group.slots) {
        let map = bySlot.get(slot);
        if (!map) bySlot.set(slot, (map = new Map()));
        for (const v of group.values) {
          const list = map.get(v);
          if (list === undefined) map.set(v, [entry]);
          else if (list[list.length - 1] !== entry) list.push(entry);
        }
      }
    }
    if (size === 0) return { plain, index: null, filed };
    const slots = [...bySlot.keys()].sort((a, b) => a - b);
    const maps = slots.map((slot) => new Map([...bySlot.get(slot)!].map(([v, list]) => [v, Int32Array.from(list)])));
    const lengths = maps.map((m) => [...m.keys()].map((v) => v.length));
    return {
      plain,
      filed,
      index: {
        slots: Int32Array.from(slots),
        maps,
        minLength: Int32Array.from(lengths, (l) => Math.min(...l)),
        maxLength: Int32Array.from(lengths, (l) => Math.max(...l)),
        size,
      },
    };
  }

  /**
   * The entry's set an event is least likely to hold a value of, or null when none is
   * usable. With nothing known of the events, the pack stands in for them: a value counts as
   * likely in a slot when many of the rules that look into the slot look for it (`start` in
   * `event.type`), and unlikely when it is one of many (`cmd.exe` in `process.name`).
   */
  private best(entry: number, usedSlots: ReadonlySet<number>): IndexGroup | null {
    let best: IndexGroup | null = null;
    let bestScore = Infinity;
    for (const g of this.groups[entry] ?? []) {
      if (g.values.length === 0 || g.slots.some((s) => usedSlots.has(s))) continue;
      let score = 0;
      for (const slot of g.slots) {
        const total = (this.total.get(slot) ?? 0) + PRIOR;
        for (const v of g.values) score += (this.shared.get(`${slot}\0${v}`) ?? 0) / total;
      }
      if (score < bestScore) {
        best = g;
        bestScore = score;
      }
    }
    return best;
  }
}
