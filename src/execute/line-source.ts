/**
 * A line of a projected batch as a pack's slot source (`Pack.begin`), so that a pack that
 * would walk every event reads only the fields it needs, straight from the batch.
 */
import type { Pack } from '../compile/index.js';
import type { SlotSource } from '../compile/matcher.js';
import type { Value } from '../event/index.js';
import type { ProjectedBatch, Projector } from '../native/index.js';

/** The event a pack is given for a line whose fields it takes from a source (`Pack.begin`). */
export const STAND_IN: object = Object.freeze({});

/**
 * A source through which `pack` reads the lines `projector` projects, in place of walking
 * their events; null when it cannot (`Pack.slotsOf`), or when the projector builds no events
 * for the slots a source cannot give.
 */
export function lineSourceFor(pack: Pack, projector: Projector): LineSource | null {
  const slots = projector.buildsEvents ? pack.slotsOf(projector.paths) : null;
  return slots === null ? null : new LineSource(slots);
}

/**
 * One line of a projected batch as a pack's slot source: each slot's field decoded when the
 * pack first reads it, the event built only if asked for. One per executor, pointed at each
 * line in turn (the pack keeps a source only for the event it was given with).
 */
export class LineSource implements SlotSource {
  /** Per pack slot, the batch field holding it, or -1. */
  private readonly fieldOf: Int32Array;
  private batch: ProjectedBatch | null = null;
  private line = 0;
  private built: object | null = null;

  /** `slots`: per projected field, the pack's slot (`Pack.slotsOf`). */
  constructor(slots: Int32Array) {
    this.fieldOf = new Int32Array(slots.reduce((n, s) => Math.max(n, s + 1), 0)).fill(-1);
    slots.forEach((slot, f) => {
      if (slot >= 0) this.fieldOf[slot] = f;
    });
  }

  /** Points at line `k` of `batch` (an event the addon read); `event` when already built. */
  at(batch: ProjectedBatch, k: number, event: object | null): this {
    this.batch = batch;
    this.line = k;
    this.built = event;
    return this;
  }

  read(slot: number): Value {
    const f = this.fieldFor(slot);
    return f < 0 ? undefined : this.batch!.value(this.line, f);
  }

  foldedOf(slot: number): string | undefined {
    const f = this.fieldFor(slot);
    return f < 0 ? undefined : this.batch!.internedFold(this.line, f);
  }

  event(): object {
    return (this.built ??= this.batch!.event(this.line));
  }

  private fieldFor(slot: number): number {
    return slot < this.fieldOf.length ? this.fieldOf[slot]! : -1;
  }
}
