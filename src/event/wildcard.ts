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
 */
import { linearRegExp } from './linear-regexp.js';
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

  const source = wildcardToRegexSource(caseInsensitive ? foldCase(pattern) : pattern);
  const regex = linearRegExp(source, JSON.stringify(pattern));
  const matcher: WildcardMatcher = {
    pattern,
    caseInsensitive,
    regex,
    test: caseInsensitive
      ? (value) => regex.test(foldCase(value))
      : (value) => regex.test(value),
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
 * One character: a surrogate pair (an emoji, say) counts as one, as in Elasticsearch, which
 * matches by code point. A regex without the `u` flag would otherwise see two.
 */
export const ANY_CHAR = '(?:[\\uD800-\\uDBFF][\\uDC00-\\uDFFF]|[\\s\\S])';

/**
 * The anchored JavaScript regex source for a wildcard pattern: `*` is `[\s\S]*`, `?` is one
 * character (`ANY_CHAR`), everything else is escaped.
 */
export function wildcardToRegexSource(pattern: string): string {
  let out = '^(?:';
  for (const ch of pattern) {
    if (ch === '*') out += '[\\s\\S]*';
    else if (ch === '?') out += ANY_CHAR;
    else out += escapeRegexChar(ch);
  }
  return out + ')$';
}

/** Escapes one character for use outside a class in a JavaScript regex without the `u` flag. */
export function escapeRegexChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch;
}
