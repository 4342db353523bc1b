/**
 * The raw-line prefilter: which NDJSON lines can possibly match, decided on their bytes,
 * before any JSON is parsed.
 *
 * The contract is ripgrep's: a prefilter may pass a line that then does not match, but never
 * drops a line whose event would match. It works in two steps.
 *
 * 1. Extraction (`extractLiterals`, `packLiterals`): from a query, a set of literal
 *    alternatives such that every matching event holds at least one of them in a string value
 *    (`prefilter-extract.ts`, `prefilter-regex.ts`). `and` keeps its most selective operand's
 *    set, `or` and sequence stages unite theirs, anything unprovable gives null.
 * 2. Compilation (`compilePrefilter`): each literal becomes the byte patterns that spell it
 *    in JSON (`prefilter-spell.ts`), plus finders for escapes that could hide it; one pass
 *    over a whole batch then reports the lines with a hit (`prefilter-scan.ts`).
 *
 * API:
 *
 * ```ts
 * extractLiterals(query: Query | EventQuery, options?: ExtractOptions): LiteralSet | null
 * packLiterals(plans: Pick<RulePlan, 'query'>[], options?: ExtractOptions): LiteralSet | null
 * compilePrefilter(set: LiteralSet | null): Prefilter    // null: every line is a candidate
 * prefilter.candidates(buf, start, end, out: number[]): number
 *   // pushes [lineStart, lineEnd) pairs (lineEnd = offset of the '\n' or of `end`)
 * prefilter.testLine(buf, start, end): boolean
 * ```
 *
 * @example
 * const pf = compilePrefilter(extractLiterals(parseQuery(text)));
 * const ranges: number[] = [];
 * pf.candidates(batch, 0, batch.length, ranges); // parse only batch[ranges[2k], ranges[2k+1])
 */
import type { LiteralSet, PrefilterLiteral } from './prefilter-literals.js';
import {
  allLines,
  EscapeFinder,
  MultiFinder,
  NativeFinder,
  scanLines,
  type Finder,
} from './prefilter-scan.js';
import { escapeAlphabet, spellingsOf, trimForVariants, type Spelling } from './prefilter-spell.js';

export { extractLiterals, packLiterals, type ExtractOptions } from './prefilter-extract.js';
export { literalCost, setCost } from './prefilter-literals.js';
export type { LiteralSet, PrefilterLiteral } from './prefilter-literals.js';

/** A compiled prefilter. */
export interface Prefilter {
  /** True when every line is a candidate (no literal set could be proven). */
  readonly all: boolean;
  /** The literals searched for (after trimming), as alternatives. */
  readonly literals: readonly PrefilterLiteral[];
  /**
   * Pushes onto `out` the `[start, end)` byte range of every candidate line of
   * `buf[start, end)` that is not empty, in order (`end` is the offset of the line's `\n`, or
   * the batch end), and returns how many. `start` should be a line start.
   */
  candidates(buf: Buffer, start: number, end: number, out: number[]): number;
  /** True when the single line `buf[start, end)` is a candidate. */
  testLine(buf: Buffer, start: number, end: number): boolean;
  /** What is searched, for explain output. */
  describe(): string;
}

/** Patterns at least this long share one multi-pattern pass; shorter ones get another. */
const LONG_PATTERN = 8;

/**
 * Builds the byte search for a literal set; null gives a prefilter that passes every line.
 *
 * @example compilePrefilter({ literals: [{ text: 'keychain', caseInsensitive: true,
 *   atStart: false, atEnd: false }] }).testLine(Buffer.from('{"a":"KeyChain"}'), 0, 16) // true
 */
export function compilePrefilter(set: LiteralSet | null): Prefilter {
  if (set === null || set.literals.length === 0) return passAll();

  const literals = set.literals.map(trimForVariants);
  const spelled = literals.map((literal, index) => spellingsOf(literal, index));
  const spellings = spelled.flatMap((s) => s.spellings);
  const finders: Finder[] = [];
  const exact = spellings.filter((s) => !s.fold.includes(0x20));
  if (exact.length === spellings.length && exact.length <= 2) {
    for (const s of spellings) finders.push(new NativeFinder(s.bytes));
  } else {
    const long = spellings.filter((s) => s.bytes.length >= LONG_PATTERN);
    const short = spellings.filter((s) => s.bytes.length < LONG_PATTERN);
    if (long.length > 0) finders.push(new MultiFinder(long));
    if (short.length > 0) finders.push(new MultiFinder(short));
  }
  const alphabet = escapeAlphabet(literals);
  finders.push(new EscapeFinder(alphabet));
  if (spelled.some((s) => s.slashEscapes)) finders.push(new EscapeFinder(null));

  const prefilter: Prefilter = {
    all: false,
    literals,
    candidates: (buf, start, end, out) => scanLines(finders, buf, start, end, out),
    testLine: (buf, start, end) => scanLines(finders, buf, start, end, []) > 0,
    describe: () =>
      [
        `prefilter: any of ${literals.length} literal(s)`,
        ...literals.map((l) => `  ${describeLiteral(l)}`),
        ...finders.map((f) => `  search: ${f.describe()}`),
      ].join('\n'),
  };
  const slashEscapes = spelled.some((s) => s.slashEscapes);
  searches.set(prefilter, { spellings, alphabet, slashEscapes });
  return prefilter;
}

/** What a compiled prefilter searches, as data, for searches that must agree with it. */
export interface PrefilterSearch {
  /** Every byte pattern; a line holding one is a candidate. */
  readonly spellings: readonly Spelling[];
  /** Code units whose real `\uXXXX` escapes (or malformed ones) make a candidate. */
  readonly alphabet: Uint8Array;
  /** True when real `\/` escapes make a candidate. */
  readonly slashEscapes: boolean;
}

const searches = new WeakMap<Prefilter, PrefilterSearch>();

/** The search `compilePrefilter` built; null for one that passes every line (`all`). */
export function prefilterSearch(prefilter: Prefilter): PrefilterSearch | null {
  return searches.get(prefilter) ?? null;
}

function passAll(): Prefilter {
  return {
    all: true,
    literals: [],
    candidates: allLines,
    testLine: (buf, start, end) => {
      for (let i = start; i < end; i++) if (buf[i] !== 0x0a) return true;
      return false;
    },
    describe: () => 'prefilter: none (every line is a candidate)',
  };
}

/** `"cmd.exe` (opens a value), `keychain` (anywhere), with `/i` when case-insensitive. */
export function describeLiteral(literal: PrefilterLiteral): string {
  const body = JSON.stringify(literal.text).slice(1, -1);
  const text = `${literal.atStart ? '"' : '…'}${body}${literal.atEnd ? '"' : '…'}`;
  return literal.caseInsensitive ? `${text} /i` : text;
}
