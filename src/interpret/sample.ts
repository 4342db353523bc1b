/**
 * Samples: per join key, one distinct event for each stage, in no particular time order.
 *
 * Events are grouped by key tuple as they are fed; for each key, each stage keeps the first
 * few events that matched it (input order). When feeding ends, the keys are sorted (null
 * first, as Elasticsearch's composite aggregation returns them) and each yields up to
 * `maxSamplesPerKey` samples: assignments of one candidate per stage where no event is used
 * twice, found by backtracking in candidate order, the first assignment first.
 *
 * Keeping only `stages + maxSamplesPerKey` candidates per stage bounds the memory per key
 * and still finds a sample whenever one exists: with that many candidates, the other
 * stages can never use them all up.
 */
import { compareKeys, encodeKey, type KeyTuple } from './run-keys.js';

/** A matched sample: one event per stage, and the key tuple they share. */
export interface SampleOutput<E> {
  events: E[];
  key: KeyTuple;
}

interface Group<E> {
  key: KeyTuple;
  candidates: E[][];
}

/**
 * Collects sample candidates and assembles samples.
 *
 * @example
 * const s = new SampleCollector<Ev>(2, 1);
 * s.feed(e1, [[['doom']], null]);
 * s.feed(e2, [null, [['doom']]]);
 * s.finish(); // [{ events: [e1, e2], key: ['doom'] }]
 */
export class SampleCollector<E> {
  private readonly stages: number;
  private readonly maxSamplesPerKey: number;
  private readonly cap: number;
  private readonly groups = new Map<string, Group<E>>();

  constructor(stages: number, maxSamplesPerKey = 1) {
    this.stages = stages;
    this.maxSamplesPerKey = Math.max(0, maxSamplesPerKey);
    this.cap = stages + this.maxSamplesPerKey;
  }

  /**
   * Feeds one event: `keysPerStage[i]` holds the key tuples under which it matches stage i,
   * or null (or an empty list) when it does not match that stage.
   */
  feed(event: E, keysPerStage: readonly (readonly KeyTuple[] | null)[]): void {
    keysPerStage.forEach((keys, stage) => {
      for (const key of keys ?? []) {
        const id = encodeKey(key);
        let group = this.groups.get(id);
        if (!group) {
          group = { key, candidates: Array.from({ length: this.stages }, () => []) };
          this.groups.set(id, group);
        }
        const list = group.candidates[stage] as E[];
        // One event can sit under one key only once per stage, even if its keys repeat.
        if (list.length < this.cap && !list.includes(event)) list.push(event);
      }
    });
  }

  /** The samples, sorted by key; at most `limit` of them. */
  finish(limit = Infinity): SampleOutput<E>[] {
    const groups = [...this.groups.values()].sort((a, b) => compareKeys(a.key, b.key));
    const out: SampleOutput<E>[] = [];
    for (const group of groups) {
      if (out.length >= limit) break;
      if (group.candidates.some((list) => list.length === 0)) continue;
      for (const events of assignments(group.candidates, this.maxSamplesPerKey)) {
        if (out.length >= limit) break;
        out.push({ events, key: group.key });
      }
    }
    return out;
  }
}

/** Up to `max` ways to pick one candidate per stage with no event picked twice. */
function assignments<E>(candidates: readonly E[][], max: number): E[][] {
  const found: E[][] = [];
  const picked: E[] = [];

  const pick = (stage: number): void => {
    if (found.length >= max) return;
    if (stage === candidates.length) {
      found.push([...picked]);
      return;
    }
    for (const event of candidates[stage] as E[]) {
      if (picked.includes(event)) continue;
      picked.push(event);
      pick(stage + 1);
      picked.pop();
      if (found.length >= max) return;
    }
  };
  pick(0);
  return found;
}
