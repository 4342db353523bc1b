/**
 * The sequence state machine, fed one event at a time in time order.
 *
 * It knows nothing of conditions: each input says which stages the event matched and under
 * which key tuples, so the predicates can be evaluated anywhere (here by the interpreter, in
 * the scan engine by compiled matchers on worker threads) and the hits merged in order.
 *
 * State is one in-flight sequence per (stage, key): the sequence waiting for its next stage.
 *
 *   stage:     0            1            2 (last)
 *   key k   [e3]  ----> [e1 e2]  ---->  completed: [e0 e1 e2], ...
 *
 * An event matching stage i takes the in-flight sequence of stage i-1 under the same key and
 * moves it to stage i, replacing whatever waited there: a newer partial match always wins,
 * as in Elasticsearch. An event matching stage 0 starts a sequence, replacing the older one.
 * Stages of one event are applied from the last to the first, so that an event never
 * extends a sequence it has just started.
 *
 * Checks, in order, when a sequence advances:
 * - maxspan: the time from its first event to this one may not exceed maxspan;
 * - until: an `until` event under the key drops every in-flight sequence of that key (it is
 *   applied after the event's own stages, so it still completes a sequence it ends).
 * Missing-event stages are skipped by the state machine and checked when matching ends.
 */
import { InternalError } from '../errors.js';
import type { KeyTuple } from './run-keys.js';
import { encodeKey } from './run-keys.js';
import type { Ordinal } from './run-order.js';
import {
  MissingEventIndex, passesMissingStages, type Candidate, type KeyIdentity,
} from './sequence-missing.js';

/** What the state machine needs to know about a sequence query, after `runs` expansion. */
export interface SequenceShape {
  /** One entry per stage: true for a missing-event stage `![...]`. */
  missing: readonly boolean[];
  /** `with maxspan`, in milliseconds; null when absent. */
  maxspan: number | null;
}

/** One stage an event matched, with the key tuples it matched under. */
export interface StageHit {
  stage: number;
  keys: readonly KeyTuple[];
}

/** One event, as the state machine sees it. */
export interface SequenceInput<E> {
  event: E;
  ordinal: Ordinal;
  /** The stages the event matched, in any order. */
  stages: readonly StageHit[];
  /** The key tuples under which the event is an `until` event; empty when it is not one. */
  until: readonly KeyTuple[];
}

/** A matched sequence: one event per stage (null for a missing-event stage) and its key. */
export interface SequenceOutput<E> {
  events: (E | null)[];
  key: KeyTuple;
}

/** Options of a matcher. */
export interface MatcherOptions {
  /** Stop once this many sequences are complete (`head N`); only without missing stages. */
  stopAfter?: number;
  /**
   * What a key tuple is known by: equal tuples must give equal identities (as `Map` keys
   * compare them). Default `encodeKey`. A caller whose equal tuples are already one object
   * (interned) passes `(key) => key`, which spares encoding every key of every hit.
   */
  keyIdentity?: KeyIdentity;
}

/**
 * Matches sequences over events fed in time order.
 *
 * @example
 * const m = new SequenceMatcher<Ev>({ missing: [false, false], maxspan: null });
 * for (const input of inputs) m.feed(input);
 * m.finish(); // [{ events: [e1, e2], key: ['host-a'] }, ...]
 */
export class SequenceMatcher<E> {
  private readonly shape: SequenceShape;
  private readonly positive: number[];
  private readonly previous: number[];
  private readonly first: number;
  private readonly last: number;
  private readonly inFlight: Map<unknown, Candidate<E>>[];
  private readonly completed: Candidate<E>[] = [];
  private readonly missingIndex: MissingEventIndex;
  private readonly hasMissing: boolean;
  private readonly stopAfter: number;
  private readonly identity: KeyIdentity;

  constructor(shape: SequenceShape, options: MatcherOptions = {}) {
    this.shape = shape;
    this.positive = shape.missing.flatMap((m, stage) => (m ? [] : [stage]));
    const first = this.positive[0];
    const last = this.positive[this.positive.length - 1];
    if (first === undefined || last === undefined) {
      throw new InternalError('a sequence needs at least one stage that is not missing');
    }
    this.first = first;
    this.last = last;
    this.previous = shape.missing.map((_, stage) => {
      for (let i = stage - 1; i >= 0; i--) if (!shape.missing[i]) return i;
      return -1;
    });
    this.inFlight = shape.missing.map(() => new Map());
    this.hasMissing = shape.missing.some((m) => m);
    this.stopAfter = this.hasMissing ? Infinity : (options.stopAfter ?? Infinity);
    this.identity = options.keyIdentity ?? encodeKey;
    this.missingIndex = new MissingEventIndex(this.identity);
  }

  /** True once enough sequences are complete that later events cannot change the result. */
  get satisfied(): boolean {
    return this.completed.length >= this.stopAfter;
  }

  /** Feeds one event; events must come in time order. */
  feed(input: SequenceInput<E>): void {
    if (this.satisfied) return;
    const entry = { event: input.event, ordinal: input.ordinal };
    const hits = [...input.stages].sort((a, b) => b.stage - a.stage);

    for (const hit of hits) {
      if (this.shape.missing[hit.stage]) {
        const t = entry.ordinal.timestamp;
        for (const key of hit.keys) this.missingIndex.record(hit.stage, key, t);
        continue;
      }
      for (const key of hit.keys) this.advance(hit.stage, key, entry);
    }

    for (const key of input.until) {
      const id = this.identity(key);
      for (const stage of this.inFlight) stage.delete(id);
    }
  }

  /** In-flight sequences held now, over every stage and key. */
  get pending(): number {
    let n = 0;
    for (const stage of this.inFlight) n += stage.size;
    return n;
  }

  /**
   * Drops the in-flight sequences that no event at or after `now` can extend: those whose
   * first event lies more than maxspan before it. Returns how many; 0 without maxspan.
   * Feeding stays exact, since `advance` would reject them anyway.
   */
  expire(now: number): number {
    const maxspan = this.shape.maxspan;
    if (maxspan === null) return 0;
    let dropped = 0;
    for (const stage of this.inFlight) {
      for (const [id, waiting] of stage) {
        const start = waiting.matches[this.first]?.ordinal.timestamp ?? Number.NaN;
        if (now - start > maxspan) {
          stage.delete(id);
          dropped++;
        }
      }
    }
    return dropped;
  }

  /**
   * Drops in-flight sequences until at most `limit` remain, the least advanced first and,
   * within a stage, the longest waiting. Returns how many; results may then miss matches,
   * so callers count and report them.
   */
  trim(limit: number): number {
    let excess = this.pending - Math.max(0, limit);
    let dropped = 0;
    for (const stage of this.inFlight) {
      for (const id of stage.keys()) {
        if (excess <= 0) return dropped;
        stage.delete(id);
        excess--;
        dropped++;
      }
    }
    return dropped;
  }

  /** Ends matching: checks missing stages and returns the sequences in completion order. */
  finish(): SequenceOutput<E>[] {
    const accepted = this.hasMissing
      ? this.completed.filter((c) =>
          passesMissingStages(c, this.shape.missing, this.shape.maxspan, this.missingIndex),
        )
      : this.completed;
    return accepted.map((c) => ({ events: c.matches.map((m) => m?.event ?? null), key: c.key }));
  }

  private advance(stage: number, key: KeyTuple, entry: { event: E; ordinal: Ordinal }): void {
    const id = this.identity(key);
    let sequence: Candidate<E>;

    if (stage === this.first) {
      const matches: Candidate<E>['matches'] = this.shape.missing.map(() => null);
      matches[stage] = entry;
      sequence = { key, matches };
    } else {
      const from = this.inFlight[this.previous[stage] as number] as Map<unknown, Candidate<E>>;
      const waiting = from.get(id);
      if (!waiting) return;
      from.delete(id);

      // maxspan: measured from the sequence's first event to this one.
      const start = waiting.matches[this.first]?.ordinal.timestamp ?? Number.NaN;
      const maxspan = this.shape.maxspan;
      if (maxspan !== null && entry.ordinal.timestamp - start > maxspan) return;

      const matches = [...waiting.matches];
      matches[stage] = entry;
      sequence = { key, matches };
    }

    if (stage === this.last) {
      if (this.completed.length < this.stopAfter) this.completed.push(sequence);
    } else {
      (this.inFlight[stage] as Map<unknown, Candidate<E>>).set(id, sequence);
    }
  }
}
