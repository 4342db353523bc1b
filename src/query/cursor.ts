/**
 * A position in the token list, with the look-ahead and error reporting the parsers share.
 *
 * Keywords are recognised here, by comparing identifier text case-insensitively; a backtick
 * name is never a keyword, which is how a field called `where` is written.
 */
import { EqlError } from '../errors.js';
import type { Span } from './ast.js';
import { tokenize, type Token } from './lexer.js';

/** Words that cannot be bare field names (Elasticsearch reserves the same ones). */
export const KEYWORDS = new Set([
  'and', 'any', 'by', 'false', 'in', 'join', 'like', 'maxspan', 'not', 'null', 'of', 'or',
  'regex', 'sample', 'sequence', 'true', 'until', 'where', 'with',
]);

/** Token list plus read position; subclasses add the grammar. */
export class Cursor {
  protected readonly tokens: Token[];
  protected pos = 0;

  constructor(protected readonly source: string) {
    this.tokens = tokenize(source);
  }

  protected peek(offset = 0): Token {
    const i = Math.min(this.pos + offset, this.tokens.length - 1);
    return this.tokens[i]!;
  }

  /** The last token consumed: its end is where the node being built ends. */
  protected previous(): Token {
    return this.tokens[Math.max(this.pos - 1, 0)]!;
  }

  protected take(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  protected isPunct(value: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.value === value;
  }

  protected isKeyword(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'ident' && (t.value as string).toLowerCase() === word;
  }

  /** A `~` written right after the previous token, as in `in~` or `startsWith~(`. */
  protected isAdjacentTilde(): boolean {
    return this.isPunct('~') && this.peek().span.start === this.previous().span.end;
  }

  protected eatPunct(value: string): Token | null {
    return this.isPunct(value) ? this.take() : null;
  }

  protected eatKeyword(word: string): Token | null {
    return this.isKeyword(word) ? this.take() : null;
  }

  protected expectPunct(value: string): Token {
    return this.eatPunct(value) ?? this.unexpected(`'${value}'`);
  }

  protected expectKeyword(word: string): Token {
    return this.eatKeyword(word) ?? this.unexpected(`'${word}'`);
  }

  /** A span from `start` to the end of the last token consumed. */
  protected spanFrom(start: Span): Span {
    const end = Math.max(this.previous().span.end, start.end);
    return { start: start.start, end, line: start.line, column: start.column };
  }

  /** Throws `Expected WHAT but found TOKEN` at the next token. */
  protected unexpected(what: string, token: Token = this.peek()): never {
    throw new EqlError('syntax', `Expected ${what} but found ${this.describe(token)}`, token.span);
  }

  protected error(detail: string, span: Span, code: 'syntax' | 'unsupported' = 'syntax'): never {
    throw new EqlError(code, detail, span);
  }

  /** How a token reads in a message: its source text, quoted and shortened. */
  protected describe(token: Token): string {
    if (token.kind === 'eof') return 'end of query';
    let text = this.source.slice(token.span.start, token.span.end);
    if (text.length > 40) text = `${text.slice(0, 37)}...`;
    return `'${text.replace(/\n/g, '\\n')}'`;
  }
}
