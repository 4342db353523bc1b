/**
 * Necessary literals: the vocabulary of the raw-line prefilter.
 *
 * A literal is a piece of text that every matching event holds inside one of its string
 * values, as the decoded event holds it (not yet spelled as JSON). A set of literals is a list
 * of alternatives: a line whose event matches contains at least one of them. This file holds
 * the shapes, how a pattern is cut into literal runs, and how sets are ranked and combined; the
 * walk over a query lives in `prefilter-extract.ts`.
 *
 * Case-insensitive literals are folded and pure ASCII. `foldCase` is full Unicode lower-casing,
 * and exactly two non-ASCII characters lower-case into ASCII: `İ` (U+0130, to `i` + U+0307)
 * and the Kelvin sign (U+212A, to `k`). Every other non-ASCII character stays non-ASCII, so an
 * ASCII run of a folded pattern can only come from ASCII letters of either case, from Kelvin
 * signs standing for `k`, and from an `İ` standing for a final `i`; the spelling step
 * (`prefilter-spell.ts`) covers those two.
 */
import { foldCase } from '../event/index.js';

/** One necessary literal. */
export interface PrefilterLiteral {
  /** The text as the decoded value holds it; folded, pure ASCII when `caseInsensitive`. */
  readonly text: string;
  readonly caseInsensitive: boolean;
  /** The text opens a string value: the raw line has `"` just before it. */
  readonly atStart: boolean;
  /** The text closes a string value: the raw line has `"` just after it. */
  readonly atEnd: boolean;
}

/** Alternatives: a matching event holds at least one of the literals. Never empty. */
export interface LiteralSet {
  readonly literals: readonly PrefilterLiteral[];
}

/** A set under construction; `null` means "no literal is necessary" (every line may match). */
export type Alternatives = PrefilterLiteral[] | null;

/**
 * Characters that the text form of a JSON number can hold (`1e+21`, `-0.5`, `Infinity` from
 * an overflowing `1e400`). A pattern made only of these might match a number, whose raw
 * spelling (`1.5e3`) differs from its text (`1500`).
 */
const NUMBER_CHARS = new Set('0123456789.+-eEInfinity');
const FOLDED_NUMBER_CHARS = new Set('0123456789.+-einfty');

/** True when `text` has a character no number's text form can hold. */
export function rulesOutNumbers(text: string, caseInsensitive: boolean): boolean {
  const chars = caseInsensitive ? FOLDED_NUMBER_CHARS : NUMBER_CHARS;
  for (const ch of text) if (!chars.has(ch)) return true;
  return false;
}

/** True for a character that cannot stand in a literal: one that may reach the decoded value
 * other than by being spelled (U+FFFD, which invalid UTF-8 decodes to) or that has no UTF-8
 * spelling of its own (a lone surrogate). */
function isBreaker(code: number, next: number, prev: number): boolean {
  if (code === 0xfffd) return true;
  if (code >= 0xd800 && code <= 0xdbff) return !(next >= 0xdc00 && next <= 0xdfff);
  if (code >= 0xdc00 && code <= 0xdfff) return !(prev >= 0xd800 && prev <= 0xdbff);
  return false;
}

/** How a pattern is cut into runs. */
export interface RunOptions {
  caseInsensitive: boolean;
  /** `*` and `?` are wildcards (`:`, `like`) rather than text (`==`, `in`, functions). */
  wildcards: boolean;
  /** The pattern must match the whole value, so its first and last runs are anchored. */
  anchorStart: boolean;
  anchorEnd: boolean;
}

/**
 * The literal runs of a pattern: the pieces between wildcards (and, when case-insensitive,
 * between non-ASCII characters of the folded pattern), each necessary in any value the
 * pattern matches. Empty runs are dropped, except the empty value `""` itself.
 *
 * @example runsOf('*\\Cmd.exe', { caseInsensitive: true, wildcards: true, ... }) // ['\\cmd.exe']
 */
export function runsOf(pattern: string, options: RunOptions): PrefilterLiteral[] {
  const ci = options.caseInsensitive;
  const text = ci ? foldCase(pattern) : pattern;
  const runs: PrefilterLiteral[] = [];
  let run = '';
  let runStart = 0;
  const flush = (end: number, next: number): void => {
    if (run !== '') {
      runs.push({
        text: run,
        caseInsensitive: ci,
        atStart: options.anchorStart && runStart === 0,
        atEnd: options.anchorEnd && end === text.length,
      });
    }
    run = '';
    runStart = next;
  };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const cut =
      (options.wildcards && (code === 0x2a || code === 0x3f)) ||
      (ci && code > 0x7f) ||
      isBreaker(code, text.charCodeAt(i + 1), text.charCodeAt(i - 1));
    if (cut) flush(i, i + 1);
    else run += text[i];
  }
  flush(text.length, text.length);
  if (text === '' && options.anchorStart && options.anchorEnd) {
    runs.push({ text: '', caseInsensitive: ci, atStart: true, atEnd: true });
  }
  return runs;
}

/**
 * Values too common in ECS telemetry to narrow a search: enumerations of `event.*`, `host.os.*`
 * and friends. A literal equal to one of them is ranked as if half of all lines held it.
 */
const COMMON = new Set(
  (
    'process file network registry authentication library dns driver host iam session web ' +
    'configuration intrusion_detection malware package threat api database start end info ' +
    'creation deletion change access connection protocol allowed denied error success ' +
    'failure unknown windows linux macos unix event alert signal state metric true false ' +
    'exec fork user group admin system service default local process_started ' +
    'process_stopped modification rename overwrite open close'
  ).split(' '),
);

/**
 * A rough estimate of the fraction of lines holding a literal, for ranking only (it exceeds 1
 * for very short literals, which keeps them ordered); lower is more selective.
 */
export function literalCost(literal: PrefilterLiteral): number {
  const anchors = (literal.atStart ? 1 : 0) + (literal.atEnd ? 1 : 0);
  // Each character roughly halves the lines left; a quote anchor is worth less than a letter.
  const cost = 8 * Math.pow(0.5, literal.text.length + 0.7 * anchors);
  const common = COMMON.has(literal.caseInsensitive ? literal.text : foldCase(literal.text));
  return common ? Math.max(0.5, cost) : cost;
}

/** The estimated fraction of lines holding any literal of the set (unclamped, for ranking). */
export function setCost(literals: readonly PrefilterLiteral[]): number {
  let sum = 0;
  for (const literal of literals) sum += literalCost(literal);
  return sum;
}

/**
 * The most selective of several candidate sets (for `and`, where any one conjunct's set is
 * necessary); null when none has one. Ties go to the set with fewer alternatives.
 */
export function best(candidates: readonly Alternatives[]): Alternatives {
  let chosen: Alternatives = null;
  let chosenCost = Infinity;
  for (const candidate of candidates) {
    if (candidate === null || candidate.length === 0) continue;
    const cost = setCost(candidate);
    if (
      cost < chosenCost ||
      (cost === chosenCost && chosen !== null && candidate.length < chosen.length)
    ) {
      chosen = candidate;
      chosenCost = cost;
    }
  }
  return chosen;
}

/** The union of sets (for `or`, and for the stages of a sequence); null if any is null. */
export function union(sets: readonly Alternatives[]): Alternatives {
  const out: PrefilterLiteral[] = [];
  for (const set of sets) {
    if (set === null) return null;
    out.push(...set);
  }
  return out.length === 0 ? null : out;
}

/** True when every line holding `b` also holds `a`, judged on the text and anchors. */
export function implies(b: PrefilterLiteral, a: PrefilterLiteral): boolean {
  if (a.caseInsensitive !== b.caseInsensitive && !a.caseInsensitive) return false;
  const bText = a.caseInsensitive && !b.caseInsensitive ? foldCase(b.text) : b.text;
  if (a.caseInsensitive && !b.caseInsensitive && /[^\x00-\x7f]/.test(bText)) return false;
  if (a.atStart && a.atEnd) return b.atStart && b.atEnd && bText === a.text;
  if (a.atStart) return b.atStart && bText.startsWith(a.text);
  if (a.atEnd) return b.atEnd && bText.endsWith(a.text);
  return bText.includes(a.text);
}

/**
 * Drops duplicates, and literals that another literal of the set already covers (`"cmd.exe"`
 * goes when `cmd.exe` is there too): fewer alternatives, the same lines.
 */
export function simplify(literals: readonly PrefilterLiteral[]): PrefilterLiteral[] {
  const unique = new Map<string, PrefilterLiteral>();
  for (const literal of literals) {
    const key = `${literal.caseInsensitive ? 'i' : 's'}${literal.atStart ? '^' : ''}` +
      `${literal.atEnd ? '$' : ''}:${literal.text}`;
    unique.set(key, literal);
  }
  const all = [...unique.values()];
  const coverers = all.length > FEW ? containedIn(all) : (): Iterable<number> => all.keys();
  return all.filter((b, i) => {
    for (const j of coverers(i)) {
      const a = all[j]!;
      // Of two literals that imply each other, keep the first.
      if (j !== i && implies(b, a) && (!implies(a, b) || j < i)) return false;
    }
    return true;
  });
}

/** Sets up to this size are simplified pair by pair. */
const FEW = 32;

/**
 * For larger sets: per literal, the literals that may imply it, which are those whose text
 * (folded) occurs in its text (folded), found by one pass of a small automaton over each
 * text; literals it cannot search for (non-ASCII, empty) are candidates for every literal.
 */
function containedIn(all: readonly PrefilterLiteral[]): (i: number) => number[] {
  const everywhere: number[] = [];
  const trie = new TextTrie();
  all.forEach((l, id) => {
    if (l.text === '' || /[^\x00-\x7f]/.test(l.text)) everywhere.push(id);
    else trie.add(l.text.toLowerCase(), id);
  });
  trie.link();
  return (i) => [...everywhere, ...trie.find(foldCase(all[i]!.text))];
}

/** Aho-Corasick over a trie of Maps: built in time linear in the words, for one-off use. */
class TextTrie {
  private readonly next: Map<string, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly out: number[][] = [[]];

  add(word: string, id: number): void {
    let state = 0;
    for (const ch of word) {
      let to = this.next[state]!.get(ch);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.next[state]!.set(ch, to);
      }
      state = to;
    }
    this.out[state]!.push(id);
  }

  /** Failure links, breadth first. */
  link(): void {
    const queue = [...this.next[0]!.values()];
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q]!;
      for (const [ch, to] of this.next[state]!) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.next[f]!.has(ch)) f = this.fail[f]!;
        const g = this.next[f]!.get(ch);
        this.fail[to] = g !== undefined && g !== to ? g : 0;
        this.out[to]!.push(...this.out[this.fail[to]!]!);
        queue.push(to);
      }
    }
  }

  /** The ids of the words occurring in `text`, each once. */
  find(text: string): number[] {
    const found = new Set<number>();
    let state = 0;
    for (const ch of text) {
      while (state !== 0 && !this.next[state]!.has(ch)) state = this.fail[state]!;
      state = this.next[state]!.get(ch) ?? 0;
      for (const id of this.out[state]!) found.add(id);
    }
    return [...found];
  }
}
