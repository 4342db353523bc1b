/**
 * The native line filter: the prefilter's verdict, and the per-line loop's blank and
 * object-shape checks, for a whole batch in one call (`line_filter.h`).
 *
 * It is built from the very byte patterns and escape rules `compilePrefilter` compiled
 * (`prefilterSearch`), so it passes exactly the lines `prefilter.testLine` passes, and
 * trims and checks shape exactly as `scanLines` does. Each line comes out as one
 * `LINE_KIND`, and the lines to decode (the candidates, or with `projectAll` every
 * non-blank line) come out trimmed, ready for `Projector.project`.
 *
 * @example
 *   const filter = native.createLineFilter(exec.prefilter);
 *   const c = filter.classify(buf, starts, ends, count, false);
 *   const batch = projector.project(buf, c.starts, c.ends, c.listed); // line c.index[k]
 */
import { prefilterSearch, type Prefilter } from '../compile/prefilter.js';
import { InternalError } from '../errors.js';

/** What `classify` says of each line. */
export const LINE_KIND = {
  /** Nothing left once space, tab and CR are trimmed. */
  blank: 0,
  /** The prefilter passes it. */
  candidate: 1,
  /** Not a candidate; starts with `{` and ends with `}`. */
  shaped: 2,
  /** Not a candidate, and not shaped like an object. */
  unshaped: 3,
} as const;

/** The search kernel: `auto` takes the best this CPU has. */
export type FilterKernel = 'auto' | 'avx2' | 'sse2' | 'scalar';

/** The filter's description for the addon. */
export type RawFilterSpec =
  | { readonly mode: 'every' | 'not-newlines' }
  | {
      readonly mode: 'literals';
      readonly patterns: readonly { readonly bytes: Uint8Array; readonly fold: Uint8Array }[];
      readonly alphabet: Uint8Array;
      readonly slashEscapes: boolean;
    };

/** The addon's filter. */
export interface RawLineFilter {
  readonly kernel: string;
  classify(
    buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, kinds: Uint8Array,
    tally: Int32Array, outStarts: Int32Array, outEnds: Int32Array, outIndex: Int32Array,
    projectAll: boolean,
  ): number;
  test(buf: Uint8Array, start: number, end: number): boolean;
  describe(): string;
}

/** One batch classified; the arrays are reused by the filter's next call. */
export interface Classified {
  /** Per line `i < count`, its `LINE_KIND`. */
  readonly kinds: Uint8Array;
  /** Per `LINE_KIND`, how many lines are of that kind. */
  readonly tally: Int32Array;
  /** How many lines are listed for decoding. */
  readonly listed: number;
  /** Trimmed range and line index of listed line `k < listed`, in line order. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly index: Int32Array;
}

/** A line filter for one prefilter. Not shared across threads. */
export interface LineFilter {
  /** The kernel the search runs: `avx2`, `sse2` or `scalar`. */
  readonly kernel: string;
  /** The search plan, one part a line. */
  describe(): string;
  /** True when `buf[start, end)`, as it stands (not trimmed), is a candidate. */
  test(buf: Uint8Array, start: number, end: number): boolean;
  classify(
    buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number, projectAll: boolean,
  ): Classified;
}

/**
 * The addon's description of `prefilter` (null: the prefilter is off).
 *
 * @throws InternalError for a prefilter that `compilePrefilter` did not build.
 */
export function filterSpec(prefilter: Prefilter | null): RawFilterSpec {
  if (prefilter === null) return { mode: 'every' };
  const search = prefilterSearch(prefilter);
  if (search === null) {
    if (!prefilter.all) throw new InternalError('a prefilter without a search for the native filter');
    return { mode: 'not-newlines' };
  }
  return {
    mode: 'literals',
    patterns: search.spellings.map((s) => ({ bytes: s.bytes, fold: s.fold })),
    alphabet: search.alphabet,
    slashEscapes: search.slashEscapes,
  };
}

const raws = new WeakMap<LineFilter, RawLineFilter>();

/** The addon's object inside a filter `wrapLineFilter` made, for the shard reader. */
export function rawLineFilter(filter: LineFilter): RawLineFilter | undefined {
  return raws.get(filter);
}

/** Wraps the addon's filter with output arrays that grow with the batches. */
export function wrapLineFilter(raw: RawLineFilter): LineFilter {
  let kinds = new Uint8Array(0);
  let starts = new Int32Array(0);
  let ends = new Int32Array(0);
  let index = new Int32Array(0);
  const tally = new Int32Array(4);
  const filter: LineFilter = {
    kernel: raw.kernel,
    describe: () => raw.describe(),
    test: (buf, start, end) => raw.test(buf, start, end),
    classify(buf, lineStarts, lineEnds, count, projectAll) {
      if (kinds.length < count) {
        const size = Math.max(count, kinds.length * 2, 256);
        kinds = new Uint8Array(size);
        starts = new Int32Array(size);
        ends = new Int32Array(size);
        index = new Int32Array(size);
      }
      const listed = raw.classify(
        buf, lineStarts, lineEnds, count, kinds, tally, starts, ends, index, projectAll,
      );
      return { kinds, tally, listed, starts, ends, index };
    },
  };
  raws.set(filter, raw);
  return filter;
}
