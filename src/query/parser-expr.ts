/**
 * The expression half of the grammar: conditions, values, fields and function calls.
 *
 * Precedence, loosest first: `or`, `and`, `not`, one comparison, `+ -`, `* / %`, unary minus,
 * then a primary with at most one predicate (`in`, `:`, `like`, `regex`) attached. Attaching
 * predicates to the primary, not to the whole arithmetic expression, follows Elasticsearch's
 * grammar: `a + b in (1)` reads as `a + (b in (1))`.
 */
import { EqlError } from '../errors.js';
import {
  FUNCTION_NAMES,
  type ArithOp,
  type Call,
  type CompareOp,
  type Expr,
  type Field,
  type FunctionName,
  type Literal,
  type Span,
} from './ast.js';
import { Cursor, KEYWORDS } from './cursor.js';
import type { Token } from './lexer.js';

const COMPARE_OPS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);

const CANONICAL = new Map<string, FunctionName>(FUNCTION_NAMES.map((n) => [n.toLowerCase(), n]));

/** Expression parsing over a token cursor; the query parser builds on it. */
export class ExprParser extends Cursor {
  /** Parses a whole condition (`or` level). */
  parseExpr(): Expr {
    const first = this.parseAnd();
    if (!this.isKeyword('or')) return first;
    const operands = [first];
    while (this.eatKeyword('or')) operands.push(this.parseAnd());
    return { kind: 'or', operands, span: this.spanFrom(first.span) };
  }

  private parseAnd(): Expr {
    const first = this.parseNot();
    if (!this.isKeyword('and')) return first;
    const operands = [first];
    while (this.eatKeyword('and')) operands.push(this.parseNot());
    return { kind: 'and', operands, span: this.spanFrom(first.span) };
  }

  private parseNot(): Expr {
    const not = this.eatKeyword('not');
    if (!not) return this.parseComparison();
    const operand = this.parseNot();
    return { kind: 'not', operand, span: this.spanFrom(not.span) };
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const opToken = this.peek();
    if (opToken.kind !== 'punct' || !COMPARE_OPS.has(opToken.value as string)) return left;
    this.take();
    const right = this.parseAdditive();
    const next = this.peek();
    if (next.kind === 'punct' && COMPARE_OPS.has(next.value as string)) {
      this.error(`Comparisons cannot be chained, found ${this.describe(next)}`, next.span);
    }
    const op = opToken.value as CompareOp;
    return { kind: 'compare', op, left, right, span: this.spanFrom(left.span) };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isPunct('+') || this.isPunct('-')) {
      const op = this.take().value as ArithOp;
      const right = this.parseMultiplicative();
      left = { kind: 'arith', op, left, right, span: this.spanFrom(left.span) };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isPunct('*') || this.isPunct('/') || this.isPunct('%')) {
      const op = this.take().value as ArithOp;
      const right = this.parseUnary();
      left = { kind: 'arith', op, left, right, span: this.spanFrom(left.span) };
    }
    return left;
  }

  private parseUnary(): Expr {
    const sign = this.eatPunct('-') ?? this.eatPunct('+');
    if (!sign) return this.parsePostfix();
    const operand = this.parseUnary();
    const span = this.spanFrom(sign.span);
    if (sign.value === '+') return operand.kind === 'literal' ? { ...operand, span } : operand;
    // `-5` is a constant, not an operation on one, so later stages see a plain number.
    if (operand.kind === 'literal' && typeof operand.value === 'number') {
      return { ...operand, value: -operand.value, span };
    }
    return { kind: 'neg', operand, span };
  }

  /** A primary followed by at most one predicate. */
  private parsePostfix(): Expr {
    const left = this.parsePrimary();

    const notToken = this.isKeyword('not') && this.isKeyword('in', 1) ? this.take() : null;
    if (notToken || this.isKeyword('in')) {
      this.expectKeyword('in');
      const caseInsensitive = this.isAdjacentTilde() && this.take() !== null;
      this.expectPunct('(');
      const values = [this.parseExpr()];
      while (this.eatPunct(',')) values.push(this.parseExpr());
      this.expectPunct(')');
      const span = this.spanFrom(left.span);
      return { kind: 'in', negated: notToken !== null, caseInsensitive, left, values, span };
    }

    if (this.isPunct(':') || this.isKeyword('like') || this.isKeyword('regex')) {
      const opToken = this.take();
      const word = opToken.value as string;
      const op = word === ':' ? ':' : (word.toLowerCase() as 'like' | 'regex');
      const tilde = op !== ':' && this.isAdjacentTilde() && this.take() !== null;
      const patterns: Literal[] = [];
      if (this.eatPunct('(')) {
        patterns.push(this.parsePattern());
        while (this.eatPunct(',')) patterns.push(this.parsePattern());
        this.expectPunct(')');
      } else {
        patterns.push(this.parsePattern());
      }
      const caseInsensitive = op === ':' || tilde;
      return { kind: 'match', op, caseInsensitive, left, patterns, span: this.spanFrom(left.span) };
    }

    return left;
  }

  private parsePattern(): Literal {
    const token = this.peek();
    if (token.kind !== 'string') this.unexpected('a string');
    this.take();
    return { kind: 'literal', value: token.value as string, span: token.span };
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    switch (token.kind) {
      case 'string':
        this.take();
        return { kind: 'literal', value: token.value, span: token.span };
      case 'number':
        this.take();
        return token.decimal
          ? { kind: 'literal', value: token.value, decimal: true, span: token.span }
          : { kind: 'literal', value: token.value, span: token.span };
      case 'escaped':
        return this.parseField();
      case 'ident':
        return this.parseNamed(token);
      case 'punct':
        if (token.value === '?') return this.parseField();
        if (token.value === '(') {
          this.take();
          const inner = this.parseExpr();
          this.expectPunct(')');
          return inner;
        }
        break;
      default:
        break;
    }
    return this.unexpected('an expression');
  }

  /** An identifier starts a constant, a function call or a field. */
  private parseNamed(token: Token): Expr {
    const word = (token.value as string).toLowerCase();
    if (word === 'true' || word === 'false' || word === 'null') {
      this.take();
      const value = word === 'null' ? null : word === 'true';
      return { kind: 'literal', value, span: token.span };
    }
    if (KEYWORDS.has(word)) this.unexpected('an expression');

    const next = this.peek(1);
    const tilde = next.kind === 'punct' && next.value === '~' && next.span.start === token.span.end;
    if (this.isPunct('(', 1) || (tilde && this.isPunct('(', 2))) return this.parseCall(tilde);
    if (this.isKeyword('of', 1)) {
      this.error('Process relationships (of) are not supported', token.span, 'unsupported');
    }
    return this.parseField();
  }

  private parseCall(tilde: boolean): Call {
    const nameToken = this.take();
    if (tilde) this.take();
    const name = resolveFunction(nameToken.value as string, nameToken.span);
    this.expectPunct('(');
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      args.push(this.parseExpr());
      while (this.eatPunct(',')) args.push(this.parseExpr());
    }
    this.expectPunct(')');
    const span = this.spanFrom(nameToken.span);
    return { kind: 'call', name, caseInsensitive: tilde, args, span };
  }

  /** `?a.b[0].`c d``: names and indexes, with a `[` only taken as an index before `N]`. */
  parseField(): Field {
    const first = this.peek();
    const optional = this.eatPunct('?') !== null;
    const path: (string | number)[] = [this.parseName()];
    for (;;) {
      if (this.isPunct('.')) {
        this.take();
        path.push(this.parseName(true));
      } else if (this.isPunct('[') && this.peek(1).kind === 'number' && this.isPunct(']', 2)) {
        this.take();
        const index = this.take();
        if (index.decimal) this.unexpected('an integer index', index);
        path.push(index.value as number);
        this.take();
      } else {
        break;
      }
    }
    return { kind: 'field', path, optional, span: this.spanFrom(first.span) };
  }

  /** One name of a field path; after a dot, a keyword is just a name. */
  private parseName(afterDot = false): string {
    const token = this.peek();
    if (token.kind === 'escaped') {
      this.take();
      return token.value as string;
    }
    if (token.kind !== 'ident') this.unexpected('a field name');
    if (!afterDot && KEYWORDS.has((token.value as string).toLowerCase())) {
      this.unexpected('a field name');
    }
    this.take();
    return token.value as string;
  }
}

/** Maps a function name as written to its canonical name, or throws `Unknown function`. */
export function resolveFunction(written: string, span: Span): FunctionName {
  const canonical = CANONICAL.get(written.toLowerCase());
  if (canonical) return canonical;
  const near = nearestFunction(written.toLowerCase());
  const hint = near ? `, did you mean [${near}]?` : '';
  throw new EqlError('unknown-function', `Unknown function [${written}]${hint}`, span);
}

function nearestFunction(name: string): FunctionName | null {
  // Allow one typo in short names and two in longer ones; more suggests a different function.
  const limit = name.length <= 5 ? 1 : 2;
  let best: FunctionName | null = null;
  let bestDistance = limit + 1;
  for (const [lower, canonical] of CANONICAL) {
    const d = editDistance(name, lower);
    if (d < bestDistance) {
      best = canonical;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}
