/**
 * Missing-event stages (`![...]`): a sequence holds only if no event matching the stage, under
 * the sequence's key, falls where the stage stands.
 *
 * The positive stages are matched first; each sequence they complete is a candidate, checked
 * here once all events have been seen (a trailing missing stage looks after the sequence).
 * The rules follow Elasticsearch:
 *
 *   ![L] [A] ![M] [B] ![T]        L: leading, M: in between, T: trailing
 *
 * - in between: any M event strictly between A's and B's timestamps rejects the candidate;
 * - leading only: the latest L event before A rejects it when A..B, stretched back to that
 *   event, still fits in maxspan (always, when there is no maxspan);
 * - trailing only: the earliest T event after B rejects it when A..T fits in maxspan;
 * - leading and trailing: the candidate is rejected only when both are found and the span
 *   from the latest L to the earliest T fits in maxspan.
 *
 * Timestamps, not ordinals, bound the windows, as Elasticsearch's range queries do.
 */
import { encodeKey, type KeyTuple } from './run-keys.js';
import type { Ordinal } from './run-order.js';

/** A sequence completed by its positive stages; missing stages hold null. */
export interface Candidate<E> {
  key: KeyTuple;
  matches: ({ event: E; ordinal: Ordinal } | null)[];
}

/** What a key tuple is known by in a `Map`: equal tuples give equal identities. */
export type KeyIdentity = (key: KeyTuple) => unknown;

/** The timestamps of every event that matched each missing stage, per key. */
export class MissingEventIndex {
  private readonly byStage = new Map<number, Map<unknown, number[]>>();

  constructor(private readonly identity: KeyIdentity = encodeKey) {}

  /** Notes an event that matched missing stage `stage` under `key`; fed in time order. */
  record(stage: number, key: KeyTuple, timestamp: number): void {
    let byKey = this.byStage.get(stage);
    if (!byKey) this.byStage.set(stage, (byKey = new Map()));
    const id = this.identity(key);
    const times = byKey.get(id);
    if (times) times.push(timestamp);
    else byKey.set(id, [timestamp]);
  }

  /** Timestamps for a stage and key, ascending. */
  times(stage: number, key: KeyTuple): readonly number[] {
    return this.byStage.get(stage)?.get(this.identity(key)) ?? [];
  }
}

/** Index of the first time after `t` (or at `t` too, when `inclusive`), by bisection. */
function firstAfter(times: readonly number[], t: number, inclusive = false): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = times[mid] as number;
    if (value < t || (!inclusive && value === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when the candidate survives every missing stage. */
export function passesMissingStages<E>(
  candidate: Candidate<E>,
  missing: readonly boolean[],
  maxspan: number | null,
  index: MissingEventIndex,
): boolean {
  const positive = candidate.matches
    .map((m, stage) => (m ? { stage, t: m.ordinal.timestamp } : null))
    .filter((p): p is { stage: number; t: number } => p !== null);
  const first = positive[0];
  const last = positive[positive.length - 1];
  if (!first || !last) return false;

  let lastLeading: number | null = null;
  let firstTrailing: number | null = null;
  for (let stage = 0; stage < missing.length; stage++) {
    if (!missing[stage]) continue;
    const times = index.times(stage, candidate.key);
    if (stage < first.stage) {
      const t = times[firstAfter(times, first.t, true) - 1];
      if (t !== undefined && (lastLeading === null || t > lastLeading)) lastLeading = t;
    } else if (stage > last.stage) {
      const t = times[firstAfter(times, last.t)];
      if (t !== undefined && (firstTrailing === null || t < firstTrailing)) firstTrailing = t;
    } else {
      const before = positive.filter((p) => p.stage < stage).pop();
      const after = positive.find((p) => p.stage > stage);
      if (!before || !after) return false;
      const t = times[firstAfter(times, before.t)];
      if (t !== undefined && t < after.t) return false;
    }
  }

  const leadingStage = missing[0] === true;
  const trailingStage = missing[missing.length - 1] === true;
  // A bound that was not found can never fit in maxspan; without maxspan everything fits.
  const tooLong = (from: number | null, to: number | null): boolean =>
    from === null || to === null ? true : maxspan !== null && to - from > maxspan;

  if (lastLeading === null && firstTrailing === null) return true;
  if (leadingStage && lastLeading === null) return true;
  if (trailingStage && firstTrailing === null) return true;
  if (leadingStage && trailingStage) return tooLong(lastLeading, firstTrailing);
  if (leadingStage) return tooLong(lastLeading, last.t);
  if (trailingStage) return tooLong(first.t, firstTrailing);
  return true;
}
