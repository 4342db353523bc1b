/**
 * Lucene regular expressions, for `regex` and `regex~`.
 *
 * Elasticsearch runs EQL's `regex` as a Lucene `regexp` query: the pattern must match the
 * whole value, and the syntax is Lucene's, not Java's or JavaScript's. Each pattern is parsed
 * once into a `RegexNode` tree over code points, which compiles to an automaton
 * (`regex-nfa.ts`): a Thompson NFA, run as a DFA built lazily from it, one table step per
 * ASCII character once warm. It reads values by code point, lone surrogates included.
 *
 * The same tree also translates to an anchored JavaScript regex (`source`), which V8's
 * linear-time engine (`linear-regexp.ts`) runs for most patterns (`engine: 'v8-linear'`; it
 * refuses counted repetition past 16 copies and alternation under counted repetition, which
 * only the automaton runs: `engine: 'nfa'`). Matching does not use it, since the lazy DFA is
 * several times faster than V8's linear engine on telemetry values; it stays as an
 * independent reading of the tree, which tests hold the automaton to.
 *
 * Counted repetition is expanded into copies in the automaton, so a pattern whose automaton
 * would pass `MAX_NFA_STATES` is refused with `unsupported` when it is compiled.
 *
 * Supported: `.` (any character), `*` `+` `?` `{n}` `{n,}` `{n,m}` (greedy, and stackable
 * as in Lucene: `a+?` is `(a+)?`), `|`, `( )`, `[...]` and `[^...]` with ranges, `"..."`
 * (a literal string), `\d` `\s` `\w` and `\D` `\S` `\W` (digit, white space and word
 * classes), `\` before any other character (that character literally), `@` (any string) and `#` (the
 * empty language, which matches nothing). Rejected with an `unsupported` error: `~`
 * (complement), `&` (intersection) and `<...>` (numeric intervals and named automata).
 *
 * A "character" is a code point, read as `for (const ch of text)` reads one: a surrogate pair
 * is one, and so is a lone surrogate.
 *
 * `regex~` folds case in the pattern, not the value: each character stands for itself and its
 * one-code-unit lower- and upper-case forms (`a` -> `[aA]`, `[a-c]` -> `[a-cA-C]`). Characters
 * above U+FFFF are not folded.
 */
import { EqlError } from '../errors.js';
import { tryLinearRegExp } from './linear-regexp.js';
import type { CodeRange, RegexNode } from './regex-nfa.js';
import {
  ANY_CODE_POINT,
  compileNfa,
  complementRanges,
  nfaSize,
  normalizeRanges,
} from './regex-nfa.js';
import { regexSource } from './regex-source.js';

/** The most automaton states one pattern may compile to. */
export const MAX_NFA_STATES = 100_000;

/** A compiled Lucene regular expression. */
export interface LuceneRegex {
  /** The pattern as written. */
  readonly pattern: string;
  readonly caseInsensitive: boolean;
  /** Whether V8's linear-time engine accepts the translation too; the automaton matches. */
  readonly engine: 'v8-linear' | 'nfa';
  /** The anchored JavaScript translation, whether or not V8 accepted it. */
  readonly source: string;
  /** The number of automaton states, for explain output. */
  readonly states: number;
  /** True when the whole value matches the pattern. */
  test(value: string): boolean;
}

/**
 * Parses a Lucene regular expression into the tree both engines run. Throws `EqlError`:
 * `syntax` when malformed, `unsupported` for `~`, `&`, `<...>`, and for a pattern whose
 * automaton would pass `MAX_NFA_STATES`.
 *
 * @example parseLuceneRegex('a|b', false).kind // 'union'
 */
export function parseLuceneRegex(pattern: string, caseInsensitive: boolean): RegexNode {
  const parser = new LuceneParser(pattern, caseInsensitive);
  const node = parser.parseUnion();
  if (!parser.atEnd()) parser.fail(`Unexpected '${parser.peek()}'`);

  const states = nfaSize(node);
  if (states > MAX_NFA_STATES) {
    throw new EqlError(
      'unsupported',
      `Regular expression ${JSON.stringify(pattern)} is too large: its repetitions expand to ` +
        `${states} automaton states, over the limit of ${MAX_NFA_STATES}`,
    );
  }
  return node;
}

/**
 * Translates a Lucene regular expression to anchored JavaScript regex source, exact for
 * well-formed values. Throws as `parseLuceneRegex` does.
 *
 * @example translateLuceneRegex('ab+', false) // '^(?:a(?:b)+)$'
 * @example translateLuceneRegex('"a.b"', false) // '^(?:a\\.b)$'
 */
export function translateLuceneRegex(pattern: string, caseInsensitive: boolean): string {
  return `^(?:${regexSource(parseLuceneRegex(pattern, caseInsensitive))})$`;
}

const cache = new Map<string, LuceneRegex>();
const CACHE_LIMIT = 10_000;

/**
 * Parses and compiles a Lucene regular expression, once per pattern and case rule. Every
 * error is thrown here, never by `test`.
 *
 * @example compileLuceneRegex('[a-c]+\\.exe', true).test('ABC.exe') // true
 * @example compileLuceneRegex('[a-z]{1,254}', false).engine // 'nfa'
 */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): LuceneRegex {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = build(pattern, caseInsensitive);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, compiled);
  }
  return compiled;
}

function build(pattern: string, caseInsensitive: boolean): LuceneRegex {
  const node = parseLuceneRegex(pattern, caseInsensitive);
  const source = `^(?:${regexSource(node)})$`;
  const nfa = compileNfa(node);
  // Only explain output asks which engine V8 would use; building V8's regex to know costs
  // compile time in every worker, so it is built on the first question.
  let engine: LuceneRegex['engine'] | undefined;
  return {
    pattern,
    caseInsensitive,
    source,
    states: nfa.size,
    get engine() {
      return (engine ??= tryLinearRegExp(source) === null ? 'nfa' : 'v8-linear');
    },
    test: (value) => nfa.test(value),
  };
}

const EMPTY: RegexNode = { kind: 'concat', items: [] };
const NOTHING: RegexNode = { kind: 'set', ranges: [] };

class LuceneParser {
  // Code points, so that an astral character is one step, as Lucene sees it.
  private readonly chars: string[];
  private pos = 0;

  constructor(
    private readonly pattern: string,
    private readonly caseInsensitive: boolean,
  ) {
    this.chars = Array.from(pattern);
  }

  atEnd(): boolean {
    return this.pos >= this.chars.length;
  }

  peek(): string | undefined {
    return this.chars[this.pos];
  }

  fail(detail: string, code: 'syntax' | 'unsupported' = 'syntax'): never {
    throw new EqlError(
      code,
      `${detail} at position ${this.pos} of regular expression ${JSON.stringify(this.pattern)}`,
    );
  }

  private next(): string {
    const ch = this.chars[this.pos++];
    if (ch === undefined) this.fail('Unexpected end');
    return ch;
  }

  /** union ::= concat ('|' concat)* */
  parseUnion(): RegexNode {
    const alternatives = [this.parseConcat()];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.parseConcat());
    }
    return alternatives.length === 1 ? alternatives[0]! : { kind: 'union', items: alternatives };
  }

  /** concat ::= repeat*, up to `|`, `)` or the end. */
  private parseConcat(): RegexNode {
    const items: RegexNode[] = [];
    for (let ch = this.peek(); ch !== undefined && ch !== '|' && ch !== ')'; ch = this.peek()) {
      if (ch === '&') this.fail("Intersection '&' is not supported", 'unsupported');
      const item = this.parseRepeat();
      // Quoted strings and groups are flattened into the surrounding sequence.
      if (item.kind === 'concat') items.push(...item.items);
      else items.push(item);
    }
    return items.length === 1 ? items[0]! : { kind: 'concat', items };
  }

  /** repeat ::= atom ('*' | '+' | '?' | '{n}' | '{n,}' | '{n,m}')* */
  private parseRepeat(): RegexNode {
    let item = this.parseAtom();
    for (;;) {
      const ch = this.peek();
      if (ch === '*' || ch === '+' || ch === '?') {
        this.pos++;
        const [min, max] = ch === '*' ? [0, null] : ch === '+' ? [1, null] : [0, 1];
        item = { kind: 'repeat', item, min, max };
      } else if (ch === '{') {
        item = { kind: 'repeat', item, ...this.parseBounds() };
      } else {
        return item;
      }
    }
  }

  private parseBounds(): { min: number; max: number | null } {
    const start = this.pos;
    this.pos++;
    const min = this.parseDigits();
    let max: number | null = min;
    if (this.peek() === ',') {
      this.pos++;
      max = this.peek() === '}' ? null : this.parseDigits();
    }
    if (this.peek() !== '}') {
      this.pos = start;
      this.fail("Malformed repetition, expected '{n}', '{n,}' or '{n,m}'");
    }
    this.pos++;
    if (max !== null && max < min) {
      this.pos = start;
      this.fail(`Repetition {${min},${max}} has its bounds reversed`);
    }
    return { min, max };
  }

  private parseDigits(): number {
    let digits = '';
    while (/^[0-9]$/.test(this.peek() ?? '')) digits += this.next();
    if (digits === '') this.fail('Expected a number in repetition');
    return Number(digits);
  }

  private parseAtom(): RegexNode {
    const ch = this.next();
    switch (ch) {
      case '.':
        return ANY_CODE_POINT;
      case '@':
        return { kind: 'repeat', item: ANY_CODE_POINT, min: 0, max: null };
      case '#':
        return NOTHING;
      case '~':
        this.pos--;
        return this.fail("Complement '~' is not supported", 'unsupported');
      case '<':
        this.pos--;
        return this.fail("Intervals and named automata '<...>' are not supported", 'unsupported');
      case '"':
        return this.parseQuoted();
      case '(':
        return this.parseGroup();
      case '[':
        return this.parseClass();
      case '\\': {
        const escaped = this.next();
        const shorthand = SHORTHAND_CLASSES[escaped];
        if (shorthand !== undefined) return { kind: 'set', ranges: normalizeRanges(shorthand) };
        return this.literal(escaped);
      }
      default:
        // Lucene reads any other character, even a stray `*` or `}`, as itself.
        return this.literal(ch);
    }
  }

  private parseQuoted(): RegexNode {
    const items: RegexNode[] = [];
    for (;;) {
      if (this.atEnd()) this.fail('Unterminated quoted string');
      const ch = this.next();
      if (ch === '"') return { kind: 'concat', items };
      items.push(this.literal(ch));
    }
  }

  private parseGroup(): RegexNode {
    if (this.peek() === ')') {
      this.pos++;
      return EMPTY;
    }
    const inner = this.parseUnion();
    if (this.peek() !== ')') this.fail("Expected ')'");
    this.pos++;
    return inner;
  }

  /** class ::= '[' '^'? (char ('-' char)?)+ ']' */
  private parseClass(): RegexNode {
    const negated = this.peek() === '^';
    if (negated) this.pos++;

    const ranges: CodeRange[] = [];
    while (this.peek() !== ']') {
      if (this.atEnd()) this.fail('Unterminated character class');
      const shorthand = this.peek() === '\\' ? SHORTHAND_CLASSES[this.chars[this.pos + 1] ?? ''] : undefined;
      if (shorthand !== undefined) {
        this.pos += 2;
        ranges.push(...shorthand);
        continue;
      }
      const lo = this.classChar();
      let hi = lo;
      // A `-` just before `]` is a literal dash, not a range.
      if (this.peek() === '-' && this.chars[this.pos + 1] !== ']') {
        this.pos++;
        if (this.atEnd()) this.fail('Unterminated character class');
        hi = this.classChar();
        if (hi < lo) this.fail('Character range is out of order');
      }
      ranges.push([lo, hi]);
    }
    this.pos++;
    if (ranges.length === 0) this.fail('Empty character class');

    const set = normalizeRanges(this.caseInsensitive ? withCaseVariants(ranges) : ranges);
    return { kind: 'set', ranges: negated ? complementRanges(set) : set };
  }

  private classChar(): number {
    let ch = this.next();
    if (ch === '\\') ch = this.next();
    return ch.codePointAt(0)!;
  }

  /** One literal character, with its case variants under `regex~`. */
  private literal(ch: string): RegexNode {
    const code = ch.codePointAt(0)!;
    const codes = this.caseInsensitive ? caseVariants(code) : [code];
    return { kind: 'set', ranges: normalizeRanges(codes.map((c): CodeRange => [c, c])) };
  }
}

/**
 * Lucene (since 9.0, as in every Elasticsearch 8 cluster) reads `\d`, `\s` and `\w` and their
 * negations as character classes, not as the letters; real rules rely on it (`\w+\.exe`).
 */
const SHORTHAND_CLASSES: Record<string, CodeRange[]> = (() => {
  const digit: CodeRange[] = [[0x30, 0x39]];
  const space: CodeRange[] = [[0x09, 0x0d], [0x20, 0x20]];
  const word: CodeRange[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];
  const not = (ranges: CodeRange[]): CodeRange[] => [...complementRanges(normalizeRanges(ranges))];
  return { d: digit, D: not(digit), s: space, S: not(space), w: word, W: not(word) };
})();

/** A code point and, below U+10000, its one-unit lower- and upper-case forms. */
function caseVariants(code: number): number[] {
  if (code > 0xffff) return [code];
  const ch = String.fromCharCode(code);
  const out = new Set([code]);
  for (const variant of [ch.toLowerCase(), ch.toUpperCase()]) {
    if (variant.length === 1) out.add(variant.charCodeAt(0));
  }
  return [...out];
}

/** The ranges plus the case variants of every code unit in them. */
function withCaseVariants(ranges: readonly CodeRange[]): CodeRange[] {
  const extra: CodeRange[] = [];
  for (const [lo, hi] of ranges) {
    for (let code = lo; code <= Math.min(hi, 0xffff); code++) {
      for (const variant of caseVariants(code)) {
        if (variant < lo || variant > hi) extra.push([variant, variant]);
      }
    }
  }
  return [...ranges, ...extra];
}
