/**
 * Lucene regular expressions, for `regex` and `regex~`.
 *
 * Elasticsearch runs EQL's `regex` as a Lucene `regexp` query: the pattern must match the
 * whole value, and the syntax is Lucene's, not Java's or JavaScript's. Each pattern is
 * translated once into an anchored JavaScript regex and compiled on the linear-time engine
 * (see `linear-regexp.ts`), so no pattern can make matching slower than linear.
 *
 * Supported: `.` (any character), `*` `+` `?` `{n}` `{n,}` `{n,m}` (greedy, and stackable
 * as in Lucene: `a+?` is `(a+)?`), `|`, `( )`, `[...]` and `[^...]` with ranges, `"..."`
 * (a literal string), `\` (the next character literally), `@` (any string) and `#` (the
 * empty language, which matches nothing). Rejected with an `unsupported` error: `~`
 * (complement), `&` (intersection) and `<...>` (numeric intervals and named automata).
 *
 * The linear-time engine has no `i` flag, so `regex~` expands every letter into a class
 * (`a` -> `[aA]`, `[a-c]` -> `[a-cA-C]`) during translation.
 */
import { EqlError } from '../errors.js';
import { linearRegExp } from './linear-regexp.js';
import { ANY_CHAR, escapeRegexChar } from './wildcard.js';

/**
 * Translates a Lucene regular expression to anchored JavaScript regex source.
 * Throws `EqlError` (`syntax` when malformed, `unsupported` for `~`, `&` and `<...>`).
 *
 * @example translateLuceneRegex('ab+', false) // '^(?:a(?:b)+)$'
 * @example translateLuceneRegex('"a.b"', false) // '^(?:(?:a\\.b))$'
 */
export function translateLuceneRegex(pattern: string, caseInsensitive: boolean): string {
  const parser = new LuceneParser(pattern, caseInsensitive);
  const body = parser.parseUnion();
  if (!parser.atEnd()) parser.fail(`Unexpected '${parser.peek()}'`);
  return `^(?:${body})$`;
}

const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 10_000;

/**
 * Translates and compiles a Lucene regular expression, once per pattern and case rule.
 *
 * @example compileLuceneRegex('[a-c]+\\.exe', true).test('ABC.exe') // true
 */
export function compileLuceneRegex(pattern: string, caseInsensitive: boolean): RegExp {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  let regex = cache.get(key);
  if (!regex) {
    regex = linearRegExp(translateLuceneRegex(pattern, caseInsensitive), JSON.stringify(pattern));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, regex);
  }
  return regex;
}

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
  parseUnion(): string {
    const alternatives = [this.parseConcat()];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.parseConcat());
    }
    return alternatives.length === 1 ? alternatives[0]! : `(?:${alternatives.join('|')})`;
  }

  /** concat ::= repeat*, up to `|`, `)` or the end. */
  private parseConcat(): string {
    let out = '';
    for (let ch = this.peek(); ch !== undefined && ch !== '|' && ch !== ')'; ch = this.peek()) {
      if (ch === '&') this.fail("Intersection '&' is not supported", 'unsupported');
      out += this.parseRepeat();
    }
    return out;
  }

  /** repeat ::= atom ('*' | '+' | '?' | '{n}' | '{n,}' | '{n,m}')* */
  private parseRepeat(): string {
    let atom = this.parseAtom();
    for (;;) {
      const ch = this.peek();
      if (ch === '*' || ch === '+' || ch === '?') {
        this.pos++;
        atom = `(?:${atom})${ch}`;
      } else if (ch === '{') {
        atom = `(?:${atom})${this.parseBounds()}`;
      } else {
        return atom;
      }
    }
  }

  private parseBounds(): string {
    const start = this.pos;
    this.pos++;
    const min = this.parseDigits();
    let max: string | null = min;
    if (this.peek() === ',') {
      this.pos++;
      max = this.peek() === '}' ? null : this.parseDigits();
    }
    if (this.peek() !== '}') {
      this.pos = start;
      this.fail("Malformed repetition, expected '{n}', '{n,}' or '{n,m}'");
    }
    this.pos++;
    if (max !== null && Number(max) < Number(min)) {
      this.pos = start;
      this.fail(`Repetition {${min},${max}} has its bounds reversed`);
    }
    return max === min ? `{${min}}` : `{${min},${max ?? ''}}`;
  }

  private parseDigits(): string {
    let digits = '';
    while (/^[0-9]$/.test(this.peek() ?? '')) digits += this.next();
    if (digits === '') this.fail('Expected a number in repetition');
    return String(Number(digits));
  }

  private parseAtom(): string {
    const ch = this.next();
    switch (ch) {
      case '.':
        return ANY_CHAR;
      case '@':
        return '[\\s\\S]*';
      case '#':
        return '[]';
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
      case '\\':
        return this.literal(this.next());
      default:
        // Lucene reads any other character, even a stray `*` or `}`, as itself.
        return this.literal(ch);
    }
  }

  private parseQuoted(): string {
    let out = '';
    for (;;) {
      if (this.atEnd()) this.fail('Unterminated quoted string');
      const ch = this.next();
      if (ch === '"') return `(?:${out})`;
      out += this.literal(ch);
    }
  }

  private parseGroup(): string {
    if (this.peek() === ')') {
      this.pos++;
      return '(?:)';
    }
    const inner = this.parseUnion();
    if (this.peek() !== ')') this.fail("Expected ')'");
    this.pos++;
    return `(?:${inner})`;
  }

  /** class ::= '[' '^'? (char ('-' char)?)+ ']' */
  private parseClass(): string {
    const negated = this.peek() === '^';
    if (negated) this.pos++;

    const ranges: Array<[number, number]> = [];
    while (this.peek() !== ']') {
      if (this.atEnd()) this.fail('Unterminated character class');
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

    const all = this.caseInsensitive ? withCaseVariants(ranges) : ranges;
    const body = all.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`));
    return `[${negated ? '^' : ''}${body.join('')}]`;
  }

  private classChar(): number {
    let ch = this.next();
    if (ch === '\\') ch = this.next();
    const code = ch.codePointAt(0) ?? 0;
    if (code > 0xffff) {
      this.fail('Characters outside the Basic Multilingual Plane in a class', 'unsupported');
    }
    return code;
  }

  /** One literal character, as a class of its case variants under `regex~`. */
  private literal(ch: string): string {
    if (!this.caseInsensitive || ch.length > 1) return escapeRegexChar(ch);
    const variants = caseVariants(ch.charCodeAt(0));
    if (variants.length === 1) return escapeRegexChar(ch);
    return `[${variants.map(hex).join('')}]`;
  }
}

/** A code unit and its one-unit lower- and upper-case forms. */
function caseVariants(code: number): number[] {
  const ch = String.fromCharCode(code);
  const out = new Set([code]);
  for (const variant of [ch.toLowerCase(), ch.toUpperCase()]) {
    if (variant.length === 1) out.add(variant.charCodeAt(0));
  }
  return [...out];
}

/** The ranges plus the case variants of every code unit in them. */
function withCaseVariants(ranges: Array<[number, number]>): Array<[number, number]> {
  const extra = new Set<number>();
  for (const [lo, hi] of ranges) {
    for (let code = lo; code <= hi; code++) {
      for (const variant of caseVariants(code)) {
        if (variant < lo || variant > hi) extra.add(variant);
      }
    }
  }
  return [...ranges, ...[...extra].sort((a, b) => a - b).map((c): [number, number] => [c, c])];
}

function hex(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}
