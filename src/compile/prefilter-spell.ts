/**
 * How a literal is spelled in raw JSON bytes.
 *
 * A decoded string is spelled in the line as its UTF-8 bytes, with `"`, `\` and control
 * characters escaped, but JSON allows other spellings of the same text: any character as
 * `\uXXXX`, and `/` as `\/`. The canonical spelling is searched for; the others are caught by
 * escape finders (`prefilter-scan.ts`) that flag a line holding a real escape (one preceded by
 * an even number of backslashes) of a character some literal contains.
 *
 * A case-insensitive literal is searched with ASCII letters in either case; its `k` may also
 * be a Kelvin sign (U+212A), and its last `i` an `İ` (U+0130, which folds to `i` + U+0307,
 * so it can only stand for an `i` with nothing ASCII after it). Those spellings are added as
 * variants, at most a few per literal: a literal with many `k`s is cut to a shorter piece.
 */
import type { PrefilterLiteral } from './prefilter-literals.js';

/** One byte pattern to search for. */
export interface Spelling {
  /** The bytes; at case-insensitive positions, the lower-case letter. */
  readonly bytes: Uint8Array;
  /** 0x20 where the byte is a letter of either case, 0 where it must be exact. */
  readonly fold: Uint8Array;
  /** The index of the literal it spells. */
  readonly literal: number;
}

const KELVIN = '\u212a';
const DOTTED_I = '\u0130';
/** Each Kelvin sign doubles the variants; beyond this many `k`s the literal is cut. */
const MAX_K = 3;

/** The JSON spelling of a string's content, without the enclosing quotes. */
export function jsonContent(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/**
 * A case-insensitive literal with more than `MAX_K` letters `k`, cut to the longest piece
 * that has at most `MAX_K`; any other literal as it is.
 */
export function trimForVariants(literal: PrefilterLiteral): PrefilterLiteral {
  if (!literal.caseInsensitive) return literal;
  const ks: number[] = [];
  for (let i = 0; i < literal.text.length; i++) if (literal.text[i] === 'k') ks.push(i);
  if (ks.length <= MAX_K) return literal;

  let bestFrom = 0;
  let bestTo = 0;
  for (let j = 0; j + MAX_K <= ks.length; j++) {
    const from = j === 0 ? 0 : ks[j - 1]! + 1;
    const to = j + MAX_K < ks.length ? ks[j + MAX_K]! : literal.text.length;
    if (to - from > bestTo - bestFrom) {
      bestFrom = from;
      bestTo = to;
    }
  }
  return {
    text: literal.text.slice(bestFrom, bestTo),
    caseInsensitive: true,
    atStart: literal.atStart && bestFrom === 0,
    atEnd: literal.atEnd && bestTo === literal.text.length,
  };
}

/** Spellings of one literal, and whether `\/` escapes of its slashes still need a search. */
export interface Spelled {
  spellings: Spelling[];
  /** True when the slashes had too many combinations to spell as `\/` variants. */
  slashEscapes: boolean;
}

/** At most this many variant spellings of one literal; past it, `\/` gets its own search. */
const MAX_VARIANTS = 32;

/**
 * Every byte pattern that spells `literal` (after `trimForVariants`) without `\u` escapes:
 * case variants, and `\/` for `/` when the combinations stay few.
 */
export function spellingsOf(literal: PrefilterLiteral, index: number): Spelled {
  const content = (literal.atStart ? '"' : '') + jsonContent(literal.text);
  const options: string[][] = [];
  let count = 1;
  for (const ch of content) {
    const choice = literal.caseInsensitive && ch === 'k' ? ['k', KELVIN] : [ch];
    options.push(choice);
    count *= choice.length;
  }
  // An `İ` folds to `i` + U+0307, so it stands only for an `i` that ends the match.
  if (literal.caseInsensitive && !literal.atEnd && content.endsWith('i')) {
    options[options.length - 1] = ['i', DOTTED_I];
    count *= 2;
  }
  const slashes = options.filter((choice) => choice[0] === '/').length;
  const slashEscapes = count * 2 ** slashes > MAX_VARIANTS;
  if (!slashEscapes) {
    for (const choice of options) if (choice[0] === '/') choice.push('\\/');
  }

  let variants = [''];
  for (const choice of options) variants = variants.flatMap((v) => choice.map((c) => v + c));
  const suffix = literal.atEnd ? '"' : '';
  return {
    spellings: variants.map((v) => encode(v + suffix, literal.caseInsensitive, index)),
    slashEscapes: slashEscapes && slashes > 0,
  };
}

function encode(text: string, caseInsensitive: boolean, literal: number): Spelling {
  const bytes = new Uint8Array(Buffer.from(text, 'utf8'));
  const fold = new Uint8Array(bytes.length);
  if (caseInsensitive) {
    for (let i = 0; i < bytes.length; i++) {
      const lower = bytes[i]! | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) {
        fold[i] = 0x20;
        bytes[i] = lower;
      }
    }
  }
  return { bytes, fold, literal };
}

/**
 * The UTF-16 code units a `\uXXXX` escape could spell inside an occurrence of some literal:
 * their own, both cases of case-insensitive letters, and the Kelvin sign and `İ` for
 * case-insensitive `k` and `i`. An escape of any other code unit cannot hide a literal.
 */
export function escapeAlphabet(literals: readonly PrefilterLiteral[]): Uint8Array {
  const alphabet = new Uint8Array(0x10000);
  for (const literal of literals) {
    for (let i = 0; i < literal.text.length; i++) {
      const code = literal.text.charCodeAt(i);
      alphabet[code] = 1;
      if (!literal.caseInsensitive) continue;
      if (code >= 0x61 && code <= 0x7a) alphabet[code - 0x20] = 1;
      if (code === 0x6b) alphabet[0x212a] = 1;
      if (code === 0x69) alphabet[0x130] = 1;
    }
  }
  return alphabet;
}
