/**
 * Splits EQL text into tokens, each with the span it came from.
 *
 * The lexer knows nothing of keywords: `where`, `and`, `sequence` arrive as identifiers and the
 * parser compares them case-insensitively, so that a field segment after a dot may still be
 * spelled like a keyword. String escapes are decoded here, so the parser sees string values.
 */
import { EqlError } from '../errors.js';
import type { Span } from './ast.js';

/** What a token is; keywords are `ident` tokens, told apart by the parser. */
export type TokenKind =
  /** A bare name: letters, digits, `_`, `@`; never starts with a digit. */
  | 'ident'
  /** A backtick-quoted name; `value` holds the name with doubled backticks undone. */
  | 'escaped'
  | 'string'
  | 'number'
  /** Operators and punctuation; `value` is the operator text. */
  | 'punct'
  | 'eof';

/** One token. `value` is the decoded string for strings and names, the number for numbers. */
export interface Token {
  kind: TokenKind;
  value: string | number;
  /** Numbers only: written with a fraction or an exponent. */
  decimal?: boolean;
  span: Span;
}

// Longest first, so that `<=` wins over `<` and `![` over `!`.
const PUNCTUATION = ['==', '!=', '<=', '>=', '![', '(', ')', '[', ']', ',', '.', '|', '<', '>', '=',
  ':', '+', '-', '*', '/', '%', '?', '~'];

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', b: '\b', f: '\f',
};

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentStart = (c: string): boolean =>
  (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '@';
const isIdentPart = (c: string): boolean => isIdentStart(c) || isDigit(c);
const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/** Where a token starts, as people count: 1-based line and column. */
type Position = { line: number; column: number };

/**
 * Turns query text into tokens, ending with one `eof` token.
 *
 * @example tokenize('a == 1').map((t) => t.value) // ['a', '==', 1, '']
 * @throws EqlError (code 'syntax') for unterminated strings or comments, bad escapes,
 *   single-quoted strings and characters EQL does not use.
 */
export function tokenize(text: string): Token[] {
  return new Lexer(text).run();
}

class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly tokens: Token[] = [];

  constructor(private readonly text: string) {}

  run(): Token[] {
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.text.length) break;
      this.tokens.push(this.next());
    }
    this.tokens.push({ kind: 'eof', value: '', span: this.spanFrom(this.pos, this.here()) });
    return this.tokens;
  }

  /** The line and column of the current position, captured before a token is read. */
  private here(): Position {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private spanFrom(start: number, at: Position): Span {
    return { start, end: this.pos, line: at.line, column: at.column };
  }

  private fail(detail: string, start: number, at: Position, end = start + 1): never {
    throw new EqlError('syntax', detail, { start, end, line: at.line, column: at.column });
  }

  /** Moves one character on, keeping line bookkeeping for every newline crossed. */
  private advance(): void {
    if (this.text[this.pos] === '\n') {
      this.line++;
      this.lineStart = this.pos + 1;
    }
    this.pos++;
  }

  private skipTrivia(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text[this.pos]!;
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f') {
        this.advance();
      } else if (c === '/' && text[this.pos + 1] === '/') {
        while (this.pos < text.length && text[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && text[this.pos + 1] === '*') {
        const start = this.pos;
        const at = this.here();
        const close = text.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail('Unterminated comment', start, at, start + 2);
        while (this.pos < close + 2) this.advance();
      } else {
        return;
      }
    }
  }

  private next(): Token {
    const text = this.text;
    const start = this.pos;
    const at = this.here();
    const c = text[start]!;

    if (c === '"') return this.string(start, at);
    if (c === '`') return this.escaped(start, at);
    if (c === "'") this.fail('Use double quotes for strings, not single quotes', start, at);
    if (isDigit(c) || (c === '.' && isDigit(text[start + 1] ?? '') && !this.followsName())) {
      return this.number(start, at);
    }
    if (isIdentStart(c)) {
      while (this.pos < text.length && isIdentPart(text[this.pos]!)) this.pos++;
      return { kind: 'ident', value: text.slice(start, this.pos), span: this.spanFrom(start, at) };
    }
    for (const p of PUNCTUATION) {
      if (text.startsWith(p, start)) {
        this.pos += p.length;
        return { kind: 'punct', value: p, span: this.spanFrom(start, at) };
      }
    }
    return this.fail(`Unexpected character '${c}'`, start, at);
  }

  /** `.5` is a number, but in `a.b[0].5` the dot belongs to a field path. */
  private followsName(): boolean {
    const prev = this.tokens[this.tokens.length - 1];
    if (!prev || prev.span.end !== this.pos) return false;
    return prev.kind === 'ident' || prev.kind === 'escaped' || prev.value === ']';
  }

  private number(start: number, at: Position): Token {
    const text = this.text;
    let decimal = false;
    while (isDigit(text[this.pos] ?? '')) this.pos++;
    if (text[this.pos] === '.' && !isIdentStart(text[this.pos + 1] ?? '')) {
      decimal = true;
      this.pos++;
      while (isDigit(text[this.pos] ?? '')) this.pos++;
    }
    // An exponent needs digits after it, so `1e` stays a number and a name.
    const e = text[this.pos];
    if (e === 'e' || e === 'E') {
      let p = this.pos + 1;
      if (text[p] === '+' || text[p] === '-') p++;
      if (isDigit(text[p] ?? '')) {
        decimal = true;
        this.pos = p;
        while (isDigit(text[this.pos] ?? '')) this.pos++;
      }
    }
    const value = Number(text.slice(start, this.pos));
    return { kind: 'number', value, decimal, span: this.spanFrom(start, at) };
  }

  private escaped(start: number, at: Position): Token {
    const text = this.text;
    let value = '';
    this.pos++;
    for (;;) {
      const close = text.indexOf('`', this.pos);
      if (close < 0) this.fail('Unterminated quoted name', start, at);
      value += text.slice(this.pos, close);
      this.pos = close + 1;
      if (text[this.pos] !== '`') break;
      value += '`';
      this.pos++;
    }
    const lines = text.slice(start, this.pos).split('\n');
    if (lines.length > 1) {
      this.line += lines.length - 1;
      this.lineStart = this.pos - lines[lines.length - 1]!.length;
    }
    return { kind: 'escaped', value, span: this.spanFrom(start, at) };
  }

  private string(start: number, at: Position): Token {
    const text = this.text;
    if (text.startsWith('"""', start)) return this.rawString(start, at);

    let value = '';
    this.pos++;
    for (;;) {
      const c = text[this.pos];
      if (c === undefined || c === '\n' || c === '\r') this.fail('Unterminated string', start, at);
      if (c === '"') break;
      if (c !== '\\') {
        value += c;
        this.pos++;
        continue;
      }
      value += this.escape(start, at);
    }
    this.pos++;
    return { kind: 'string', value, span: this.spanFrom(start, at) };
  }

  /** Decodes one backslash escape at `pos`; Elasticsearch rejects any escape it does not list. */
  private escape(start: number, at: Position): string {
    const text = this.text;
    const escStart = this.pos;
    const escAt = { line: at.line, column: at.column + (escStart - start) };
    const c = text[this.pos + 1] ?? '';
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) {
      this.pos += 2;
      return simple;
    }
    if (c === 'u' && text[this.pos + 2] === '{') {
      let p = this.pos + 3;
      while (isHex(text[p] ?? '')) p++;
      const digits = text.slice(this.pos + 3, p);
      const code = parseInt(digits, 16);
      if (text[p] === '}' && digits.length >= 1 && digits.length <= 8 && code <= 0x10ffff) {
        this.pos = p + 1;
        return String.fromCodePoint(code);
      }
      const end = text[p] === '}' ? p + 1 : p;
      this.fail(`Invalid unicode escape [${text.slice(escStart, end)}]`, escStart, escAt, end);
    }
    if (c === '' || c === '\n') this.fail('Unterminated string', start, at);
    return this.fail(`Illegal escape sequence [\\${c}]`, escStart, escAt, escStart + 2);
  }

  /** `"""..."""` takes text as is; up to two extra quotes at the end belong to the value. */
  private rawString(start: number, at: Position): Token {
    const text = this.text;
    const close = text.indexOf('"""', start + 3);
    if (close < 0) this.fail('Unterminated string', start, at, start + 3);
    let end = close;
    while (end < close + 2 && text[end + 3] === '"') end++;
    const value = text.slice(start + 3, end);
    while (this.pos < end + 3) this.advance();
    return { kind: 'string', value, span: this.spanFrom(start, at) };
  }
}
