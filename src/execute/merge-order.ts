/**
 * Time order over the hits of every shard and file: by timestamp, then tiebreaker, then
 * file (in input order), then byte offset.
 *
 * The last two keys make the order the interpreter's over the same events read in input
 * order (its `position`), so the scan and `runQuery` agree even on equal timestamps.
 *
 * Design: the store holds every hit, and this sorts them once, after the scan. It is the
 * simplest order that is exact whatever the input: files that overlap in time (one per
 * host), events out of order within a file, shards finishing in any order. Sorting costs
 * `n log n` over row numbers only (4 bytes a row), and hits are few next to events: stage
 * predicates and the prefilter leave most lines out. A bounded window would stream, but
 * would have to drop (and count) every event that arrives later than the window allows.
 */
import { compareOrdinals, type Ordinal } from '../interpret/run-order.js';
import type { HitStore } from './hits-store.js';

/**
 * Rows with a readable timestamp, in time order. Rows without one are left out: a sequence
 * cannot place them in time (the interpreter, too, stops at the first of them).
 */
export function timeOrder(store: HitStore): Int32Array {
  let timed = 0;
  for (let row = 0; row < store.count; row++) if (!Number.isNaN(store.timestamp(row))) timed++;
  const rows = new Int32Array(timed);
  for (let row = 0, i = 0; row < store.count; row++) {
    if (!Number.isNaN(store.timestamp(row))) rows[i++] = row;
  }

  // Tiebreakers compare as the interpreter compares them, through two reused ordinals.
  const a: Ordinal = { timestamp: 0, tiebreaker: undefined, position: 0 };
  const b: Ordinal = { timestamp: 0, tiebreaker: undefined, position: 0 };
  const hasTiebreaker = store.tiebreaker.length > 0;
  return rows.sort((x, y) => {
    const dt = store.timestamp(x) - store.timestamp(y);
    if (dt !== 0) return dt;
    if (hasTiebreaker) {
      a.tiebreaker = store.tiebreaker[x];
      b.tiebreaker = store.tiebreaker[y];
      const order = compareOrdinals(a, b);
      if (order !== 0) return order;
    }
    // Rows are numbered in input order: file by file, each in offset order.
    return x - y;
  });
}

/** How many rows have no readable timestamp, and so take no part in sequences. */
export function untimedRows(store: HitStore): number {
  let n = 0;
  for (let row = 0; row < store.count; row++) if (Number.isNaN(store.timestamp(row))) n++;
  return n;
}
