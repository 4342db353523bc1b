/**
 * Walking a dispatch tree for one event: which entries does the event meet?
 *
 * Key fields are read through the pack's shared slots, folded ones through the same fold
 * cache the matchers use, so a walk reads and folds nothing twice.
 */
import type { DispatchTree } from './dispatch.js';
import type { LeafIndex } from './leaf-index.js';
import type { EventState } from './matcher.js';

export class Walker {
  private readonly seen: Int32Array;
  private readonly out: number[] = [];

  constructor(
    private readonly state: EventState,
    entryCount: number,
  ) {
    this.seen = new Int32Array(entryCount);
  }

  /** The entries met, each once, in no particular order. Valid until the next call. */
  walk(tree: DispatchTree, event: object, ep: number): number[] {
    this.out.length = 0;
    this.visit(tree, event, ep);
    return this.out;
  }

  private visit(tree: DispatchTree, event: object, ep: number): void {
    if (tree.kind === 'leaf') {
      this.meet(tree.entries, ep);
      if (tree.index !== null) this.lookUp(tree.index, event, ep);
      return;
    }
    const s = this.state;
    const value = tree.mode === 'folded' ? s.readFolded(tree.slot, event, ep) : s.read(tree.slot, event, ep);
    if (Array.isArray(value)) {
      for (const v of value) this.child(tree, v, event, ep);
    } else if (value !== undefined && value !== null) {
      this.child(tree, value, event, ep);
    }
    this.visit(tree.rest, event, ep);
  }

  private child(tree: DispatchTree & { kind: 'split' }, v: unknown, event: object, ep: number): void {
    if (tree.mode === 'strict' && typeof v !== 'string') return;
    if (v === null) return;
    const child = tree.children.get(typeof v === 'string' ? v : String(v));
    if (child) this.visit(child, event, ep);
  }

  private meet(entries: ArrayLike<number>, ep: number): void {
    const seen = this.seen;
    const out = this.out;
    for (let k = 0; k < entries.length; k++) {
      const i = entries[k]!;
      if (seen[i] === ep) continue;
      seen[i] = ep;
      out.push(i);
    }
  }

  /**
   * Meets the entries filed under the event's folded values. A value of the wrong length is
   * not folded: lower-casing never shortens a string and lengthens it by one unit per `İ` at
   * most, so a value longer than the longest filed, or shorter than half the shortest,
   * cannot fold into one.
   */
  private lookUp(index: LeafIndex, event: object, ep: number): void {
    const s = this.state;
    const { slots, maps, minLength, maxLength } = index;
    for (let j = 0; j < slots.length; j++) {
      const slot = slots[j]!;
      const raw = s.read(slot, event, ep);
      if (raw === undefined || raw === null) continue;
      const min = minLength[j]!;
      const max = maxLength[j]!;
      const map = maps[j]!;
      if (typeof raw === 'string') {
        if (raw.length > max || raw.length * 2 < min) continue;
        const found = map.get(s.readFolded(slot, event, ep) as string);
        if (found !== undefined) this.meet(found, ep);
      } else if (typeof raw === 'boolean') {
        const found = map.get(raw ? 'true' : 'false');
        if (found !== undefined) this.meet(found, ep);
      } else if (Array.isArray(raw) && fits(raw, min, max)) {
        const folded = s.readFolded(slot, event, ep) as unknown[];
        for (let k = 0; k < folded.length; k++) {
          const v = folded[k];
          const found = typeof v === 'string' ? map.get(v) : typeof v === 'boolean' ? map.get(v ? 'true' : 'false') : undefined;
          if (found !== undefined) this.meet(found, ep);
        }
      }
    }
  }
}

/** True when some value of a list could fold into a text of `[min, max]` units. */
function fits(values: readonly unknown[], min: number, max: number): boolean {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v === 'boolean') return true;
    if (typeof v === 'string' && v.length <= max && v.length * 2 >= min) return true;
  }
  return false;
}
