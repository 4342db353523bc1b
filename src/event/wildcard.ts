/**
 * EQL wildcard patterns, for `:`, `like` and `like~`.
 *
 * Only two characters are special: `*` matches any run of characters (empty included, and
 * crossing `/` and `\`: values are not paths here), `?` matches exactly one character. Every
 * other character, brackets, braces, `!`, `+`, `@`, parentheses and the backslash included,
 * stands for itself: `C:\Windows\*` means what it says, and there is no escape.
 *
 * This direct translation is the fallback of the compiled matcher, for patterns that do not
 * reduce to literal tests. The reference interpreter matches through picomatch instead
 * (`src/interpret/glob.ts`), and tests hold the two to the same answers.
 *
 * Case-insensitive patterns fold pattern and value with `foldCase`, the same folding `in~`
 * and `:` with a plain string use, so `x : "abc"` and `x : "ab*"` agree on every value.
 *
 * A character is a code point, as `for (const ch of text)` reads one: a surrogate pair is one,
 * and so is a lone surrogate. The regex reads code units and is exact only on well-formed
 * values; a value with a lone surrogate is matched by an automaton built from the same
 * pattern (`regex-nfa.ts`).
 */
import { linearRegExp } from './linear-regexp.js';
import type { Nfa, RegexNode } from './regex-nfa.js';
import { ANY_CODE_POINT, compileNfa } from './regex-nfa.js';
import { isWellFormed } from './regex-source.js';
import { foldCase } from './values.js';

/** A compiled wildcard pattern. */
export interface WildcardMatcher {
  /** The pattern as written. */
  readonly pattern: string;
  readonly caseInsensitive: boolean;
  /** The anchored regex run on the value (on the folded value when case-insensitive). */
  readonly regex: RegExp;
  /** True when the whole value matches the pattern. */
  test(value: string): boolean;
}

const cache = new Map<string, WildcardMatcher>();
const CACHE_LIMIT = 10_000;

/**
 * Compiles a wildcard pattern, once: repeated calls return the cached matcher.
 *
 * @example compileWildcard('*\\cmd.exe', true).test('C:\\Windows\\System32\\CMD.EXE') // true
 * @example compileWildcard('a?c', false).test('a/c') // true
 */
export function compileWildcard(pattern: string, caseInsensitive: boolean): WildcardMatcher {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  const cached = cache.get(key);
  if (cached) return cached;

  const folded = caseInsensitive ? foldCase(pattern) : pattern;
  const regex = linearRegExp(wildcardToRegexSource(folded), JSON.stringify(pattern));
  // Built on the first malformed value only: most matchers never meet one.
  let nfa: Nfa | null = null;
  const run = (text: string): boolean => {
    if (isWellFormed(text)) return regex.test(text);
    nfa ??= compileNfa(wildcardTree(folded));
    return nfa.test(text);
  };
  const matcher: WildcardMatcher = {
    pattern,
    caseInsensitive,
    regex,
    test: caseInsensitive ? (value) => run(foldCase(value)) : run,
  };

  // A bounded cache: rule sets are finite, but patterns built from data must not leak.
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(key, matcher);
  return matcher;
}

/** True when the pattern has a wildcard character; otherwise it is a plain string. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/**
 * One character of a well-formed value: a surrogate pair (an emoji, say) counts as one, as in
 * Elasticsearch, which matches by code point. A regex without the `u` flag would otherwise see
 * two, so a surrogate is only ever consumed as half of its pair; `..` cannot split an emoji.
 */
export const ANY_CHAR = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[^\\uD800-\\uDFFF])';

/**
 * The anchored JavaScript regex source for a wildcard pattern, exact for well-formed values:
 * `*` is `[\s\S]*`, `?` is one character (`ANY_CHAR`), everything else is escaped, and a lone
 * surrogate in the pattern, which no well-formed value holds, matches nothing.
 */
export function wildcardToRegexSource(pattern: string): string {
  let out = '^(?:';
  for (const ch of pattern) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += ANY_CHAR;
    else if (isLoneSurrogate(ch)) out += '[]';
    else out += escapeRegexChar(ch);
  }
  return out + ')$';
}

/** The wildcard as a tree for the automaton: `*` any string, `?` any code point. */
function wildcardTree(pattern: string): RegexNode {
  const items: RegexNode[] = [];
  for (const ch of pattern) {
    if (ch === '*') items.push({ kind: 'repeat', item: ANY_CODE_POINT, min: 0, max: null });
    else if (ch === '?') items.push(ANY_CODE_POINT);
    else {
      const cp = ch.codePointAt(0)!;
      items.push({ kind: 'set', ranges: [[cp, cp]] });
    }
  }
  return { kind: 'concat', items };
}

function isLoneSurrogate(ch: string): boolean {
  return ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff;
}

/** Escapes one character for use outside a class in a JavaScript regex without the `u` flag. */
export function escapeRegexChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch;
}
