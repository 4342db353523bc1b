/**
 * The JavaScript half of the addon's intern table (`intern_table.h`): one string per
 * distinct repeated value of a projector's fields, by id, and its folded form once asked.
 *
 * Handing out the same string object for a value every time it recurs is the point: V8
 * keeps a string's hash in the string, so the dispatch's and the gate's map lookups hash
 * each distinct value once, and folding is remembered here instead of redone per event.
 */
import { foldCase } from '../event/index.js';
import type { RawBatch } from './loader.js';

export class InternedValues {
  private readonly text: string[] = [];
  private readonly folded: (string | undefined)[] = [];

  /** Takes in a batch's new values, after dropping all when the addon cleared its table. */
  absorb(raw: RawBatch): void {
    if (raw.reset) {
      this.text.length = 0;
      this.folded.length = 0;
    }
    const { fresh, freshOffsets, freshIds } = raw;
    // Ids come in order, so both arrays grow at their end and stay dense.
    for (let k = 0; k < freshIds.length; k++) {
      const id = freshIds[k]!;
      this.text[id] = fresh.slice(freshOffsets[k]!, freshOffsets[k + 1]!);
      this.folded[id] = undefined;
    }
  }

  value(id: number): string {
    return this.text[id]!;
  }

  /** `foldCase` of value `id`, folded on first use. */
  foldedValue(id: number): string {
    const known = this.folded[id];
    if (known !== undefined) return known;
    return (this.folded[id] = foldCase(this.text[id]!));
  }
}
