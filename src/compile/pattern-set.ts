/**
 * A list of wildcard patterns reduced as a whole.
 *
 * `x : ("a", "b*", "*c", "?:\\d\\*", ...)` holds when any pattern matches, so the patterns
 * are sorted by their reduction: exact values into one Set, prefixes into a trie, suffixes
 * into a reversed trie, infixes into an Aho-Corasick automaton (a short loop of `includes`
 * when there are few), and the rest tested one by one. Patterns that open with `?` (the
 * `?:\Windows\...` drive letter idiom) are grouped by how many code points they skip; each
 * group is a pattern set of its own over the rest of the value.
 */
import { foldCase } from '../event/index.js';
import { InfixAutomaton, PrefixTrie } from './tries.js';
import { describeReduction, reducePattern, reductionTest, type Reduction } from './wildcard.js';

/** One pattern as written, as folded, and what it became. */
export interface PatternReport {
  pattern: string;
  folded: string;
  reduction: Reduction;
}

/** A compiled list of patterns. */
export interface PatternSet {
  /** True when any pattern matches `text` (already folded when the list ignores case). */
  readonly test: (text: string) => boolean;
  readonly patterns: readonly PatternReport[];
  /** How the list is tested, one line per structure, cheapest first. */
  readonly structure: readonly string[];
  /** A rough relative cost, for ordering tests in `and` / `or` chains. */
  readonly cost: number;
}

/** Above this many prefixes or suffixes a trie beats a loop of `startsWith`. */
const TRIE_MIN = 4;
/** Above this many infixes an automaton beats a loop of `includes` (which is vectorised). */
const AUTOMATON_MIN = 8;

/**
 * Compiles the string patterns of one `:` / `like` / `like~` list.
 *
 * @example compilePatternSet(['*.EXE', 'cmd*'], true).test('cmd.exe') // true
 */
export function compilePatternSet(patterns: readonly string[], caseInsensitive: boolean): PatternSet {
  const reports = patterns.map((pattern) => {
    const folded = caseInsensitive ? foldCase(pattern) : pattern;
    return { pattern, folded, reduction: reducePattern(folded) };
  });
  const built = build(reports.map((r) => ({ folded: r.folded, reduction: r.reduction })));
  return { test: built.test, patterns: reports, structure: built.structure, cost: built.cost };
}

interface Entry {
  folded: string;
  reduction: Reduction;
}

interface Built {
  test: (text: string) => boolean;
  structure: string[];
  cost: number;
}

function build(entries: readonly Entry[]): Built {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  const infixes: string[] = [];
  const skips = new Map<number, Entry[]>();
  const others: Entry[] = [];
  let any = false;

  for (const entry of entries) {
    const r = entry.reduction;
    if (r.kind === 'exact') exact.add(r.text);
    else if (r.kind === 'prefix') prefixes.push(r.text);
    else if (r.kind === 'suffix') suffixes.push(r.text);
    else if (r.kind === 'contains') infixes.push(r.text);
    else if (r.kind === 'any') any = true;
    else if (r.kind === 'segments' && typeof r.parts[0]?.[0] === 'number') {
      // `?^k rest`: skip k code points, then match `rest` anchored where the skip ended.
      const k = r.parts[0][0];
      const rest = entry.folded.slice(k);
      const group = skips.get(k) ?? [];
      group.push({ folded: rest, reduction: reducePattern(rest) });
      skips.set(k, group);
    } else others.push(entry);
  }

  if (any) return { test: () => true, structure: ['any value matches'], cost: 0 };

  const tests: ((text: string) => boolean)[] = [];
  const structure: string[] = [];
  let cost = 0;
  if (exact.size === 1) {
    const only = [...exact][0]!;
    tests.push((t) => t === only);
    structure.push(`exact ${JSON.stringify(only)}`);
    cost += 1;
  } else if (exact.size > 1) {
    tests.push((t) => exact.has(t));
    structure.push(`${exact.size} exact values in a Set`);
    cost += 1;
  }
  addLiterals(prefixes, 'prefix', tests, structure);
  addLiterals(suffixes, 'suffix', tests, structure);
  cost += (prefixes.length > 0 ? 2 : 0) + (suffixes.length > 0 ? 2 : 0);
  if (infixes.length >= AUTOMATON_MIN) {
    const automaton = new InfixAutomaton(infixes);
    tests.push((t) => automaton.test(t));
    structure.push(`${infixes.length} infixes in an Aho-Corasick automaton`);
    cost += 4;
  } else if (infixes.length > 0) {
    addLoop(infixes, (w) => (t) => t.includes(w), 'contains', tests, structure);
    cost += 2 * infixes.length;
  }
  for (const [k, group] of [...skips].sort((a, b) => a[0] - b[0])) {
    const inner = build(group);
    tests.push(skipThen(k, inner.test));
    structure.push(`skip ${k} code point${k > 1 ? 's' : ''}, then:`);
    structure.push(...inner.structure.map((line) => `  ${line}`));
    cost += 1 + inner.cost;
  }
  for (const entry of others) {
    tests.push(reductionTest(entry.reduction));
    structure.push(describeReduction(entry.reduction));
    cost += entry.reduction.kind === 'glob' ? 20 : 3;
  }
  return { test: anyTest(tests), structure, cost };
}

function addLiterals(
  words: string[],
  kind: 'prefix' | 'suffix',
  tests: ((text: string) => boolean)[],
  structure: string[],
): void {
  if (words.length > TRIE_MIN) {
    const trie = new PrefixTrie(words, kind === 'suffix');
    tests.push((t) => trie.test(t));
    structure.push(`${words.length} ${kind}es in a ${kind === 'suffix' ? 'reversed ' : ''}trie`);
  } else if (words.length > 0) {
    const make =
      kind === 'prefix'
        ? (w: string) => (t: string) => t.startsWith(w)
        : (w: string) => (t: string) => t.endsWith(w);
    addLoop(words, make, kind, tests, structure);
  }
}

function addLoop(
  words: readonly string[],
  make: (w: string) => (t: string) => boolean,
  kind: string,
  tests: ((text: string) => boolean)[],
  structure: string[],
): void {
  for (const w of words) {
    tests.push(make(w));
    structure.push(`${kind} ${JSON.stringify(w)}`);
  }
}

/** Skips `k` code points (a surrogate pair is one), then tests the rest of the text. */
function skipThen(k: number, rest: (text: string) => boolean): (text: string) => boolean {
  return (t) => {
    let pos = 0;
    for (let n = 0; n < k; n++) {
      if (pos >= t.length) return false;
      const c = t.charCodeAt(pos);
      const pair = c >= 0xd800 && c <= 0xdbff && pos + 1 < t.length;
      const d = pair ? t.charCodeAt(pos + 1) : 0;
      pos += pair && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    }
    return rest(pos === 0 ? t : t.slice(pos));
  };
}

function anyTest(tests: ((text: string) => boolean)[]): (text: string) => boolean {
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0]!;
  if (tests.length === 2) {
    const [a, b] = tests as [(t: string) => boolean, (t: string) => boolean];
    return (t) => a(t) || b(t);
  }
  return (t) => {
    for (let i = 0; i < tests.length; i++) if (tests[i]!(t)) return true;
    return false;
  };
}
