/**
 * Wildcard matching for the reference interpreter, through picomatch.
 *
 * picomatch is a path glob matcher; EQL wildcards are not paths. Only `*` and `?` are special
 * in EQL, so every ASCII punctuation mark and control character (brackets, braces, `!`, `+`,
 * `@`, parentheses, the backslash, the `/` separator, the `.` of dot segments, line breaks)
 * is swapped, in pattern and value alike, for a private-use code point that picomatch has no
 * meaning for, through its `format` hook. `C:\Windows\*` then means what it says, and `*`
 * crosses everything, as EQL requires.
 * picomatch also never lets `*` match an empty value; that one case is decided here.
 *
 * The compiled matcher reduces patterns its own way (`src/event/wildcard.ts` and
 * `src/compile/`); tests check both against each other.
 */
import picomatch from 'picomatch';

import { foldCase } from '../event/index.js';

// ASCII punctuation and control characters, swapped for private-use code points.
const PUNCTUATION = /[\x00-\x1f!-)+-/:->@[-`{-\x7f\u2028\u2029]/;
const PUNCTUATION_BASE = 0xe000;
// Code points picomatch would count as two characters (astral ones, as surrogate pairs) or
// that could be taken for a swapped mark (private-use ones) are "exotic": each one the pattern
// names gets a private-use stand-in of its own; any other in a value gets one shared stand-in
// that no pattern character equals, which `*` and `?` still match as one character.
const EXOTIC_BASE = 0xf000;
const OTHER_EXOTIC = '\uf8ff';

function isExotic(codePoint: number): boolean {
  return codePoint > 0xffff || (codePoint >= 0xe000 && codePoint <= 0xf8ff);
}

/** Rewrites text into the alphabet picomatch sees; `named` holds the pattern's exotic code points. */
function swap(text: string, named: Map<number, string>, naming: boolean): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (PUNCTUATION.test(ch)) {
      out += String.fromCharCode(PUNCTUATION_BASE + cp);
    } else if (isExotic(cp)) {
      let stand = named.get(cp);
      if (stand === undefined && naming) {
        stand = String.fromCharCode(EXOTIC_BASE + named.size);
        named.set(cp, stand);
      }
      out += stand ?? OTHER_EXOTIC;
    } else {
      out += ch;
    }
  }
  return out;
}

type Test = (value: string) => boolean;
const cache = new Map<string, Test>();
const CACHE_LIMIT = 10_000;

function build(pattern: string): Test {
  if (pattern === '') return (value) => value === '';
  const onlyStars = /^\*+$/.test(pattern);
  const named = new Map<number, string>();
  const glob = swap(pattern, named, true);
  const isMatch = picomatch(glob, {
    bash: true,
    dot: true,
    nobrace: true,
    nobracket: true,
    noextglob: true,
    nonegate: true,
    posix: false,
    windows: false,
    format: (value) => swap(value, named, false),
  });
  return (value) => (value === '' ? onlyStars : isMatch(value));
}

/**
 * True when `value` matches the EQL wildcard `pattern` as a whole. Case-insensitive matching
 * folds both sides with the same folding `:` and `in~` use.
 *
 * @example globMatch('*\\cmd.exe', 'C:\\Windows\\CMD.EXE', true) // true
 */
export function globMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let test = cache.get(key);
  if (test === undefined) {
    test = build(caseInsensitive ? foldCase(pattern) : pattern);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, test);
  }
  return test(caseInsensitive ? foldCase(value) : value);
}
