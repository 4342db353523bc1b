/**
 * Syntax tree back to EQL text.
 *
 * The text parses back to the same tree, spans aside: parentheses go exactly where the
 * grammar's precedence needs them (and nowhere else), strings are escaped, and names that are
 * not plain identifiers, or that are keywords, are quoted with backticks. This makes the
 * printer usable for messages (a subexpression as a reader would write it), for reducing a
 * failing query to a smaller one, and for property tests that generate trees.
 *
 * Two shapes have no text of their own, because the parser folds them: unary minus over a
 * number literal (`-5` is the literal -5) and a unary plus. They print as the folded form.
 */
import { InternalError } from '../errors.js';
import type {
  EventQuery,
  Expr,
  Field,
  Literal,
  Pipe,
  Query,
  Sample,
  Sequence,
  Stage,
} from './ast.js';
import { KEYWORDS } from './cursor.js';

/**
 * How tightly each form binds, loosest first, mirroring the parser's descent: a child printed
 * where a tighter level is required is wrapped in parentheses.
 */
const enum Level {
  Or = 1,
  And,
  Not,
  Compare,
  Add,
  Mul,
  Unary,
  Primary,
}

const IDENT = /^[A-Za-z_@][A-Za-z0-9_@]*$/;

const ESCAPES: Record<string, string> = {
  '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f',
};

// Control characters and the Unicode line breaks go out as `\u{...}` so output stays one line.
const NEEDS_ESCAPE = /[\\"\x00-\x1f\x7f\u2028\u2029]/g;

/** Millisecond multiples for printing a maxspan in the largest unit that divides it. */
const TIME_UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * Prints a whole query: body, then pipes.
 *
 * @example printQuery(parseQuery('process where  NAME : ("a","b")|head 3'))
 * // 'process where NAME : ("a", "b") | head 3'
 */
export function printQuery(query: Pick<Query, 'body' | 'pipes'>): string {
  const body = query.body;
  let text: string;
  if (body.kind === 'event') text = printEventQuery(body);
  else if (body.kind === 'sequence') text = printSequence(body);
  else text = printSample(body);
  return text + query.pipes.map(printPipe).join('');
}

/**
 * Prints an expression as it would appear after `where`.
 *
 * @example printExpr(parseExpression('(a + b) * -c')) // '(a + b) * -c'
 */
export function printExpr(expr: Expr): string {
  return print(expr, Level.Or);
}

/**
 * Prints a string constant in double quotes, with the escapes the lexer decodes.
 *
 * @example printString('C:\\dir "x"') // '"C:\\\\dir \\"x\\""'
 */
export function printString(value: string): string {
  const body = value.replace(NEEDS_ESCAPE, (ch) => {
    return ESCAPES[ch] ?? `\\u{${ch.charCodeAt(0).toString(16).toUpperCase()}}`;
  });
  return `"${body}"`;
}

/**
 * Prints a field reference: `a.b[0]`, with backticks around names that need them.
 *
 * @example printField({ kind: 'field', path: ['a b', 0], optional: true, span }) // '?`a b`[0]'
 */
export function printField(field: Pick<Field, 'path' | 'optional'>): string {
  let text = field.optional ? '?' : '';
  field.path.forEach((segment, i) => {
    if (typeof segment === 'number') {
      if (i === 0 || !Number.isInteger(segment) || segment < 0) {
        throw new InternalError(`field path cannot hold index ${segment} at position ${i}`);
      }
      text += `[${segment}]`;
      return;
    }
    if (i > 0) text += '.';
    // After a dot a keyword is just a name; the first name must not read as one.
    const bare = IDENT.test(segment) && (i > 0 || !KEYWORDS.has(segment.toLowerCase()));
    text += bare ? segment : `\`${segment.replace(/`/g, '``')}\``;
  });
  return text;
}

function printEventQuery(query: EventQuery): string {
  return `${printCategory(query.category)} where ${printExpr(query.condition)}`;
}

function printCategory(category: string | null): string {
  if (category === null) return 'any';
  return IDENT.test(category) && !KEYWORDS.has(category.toLowerCase())
    ? category
    : printString(category);
}

function printSequence(seq: Sequence): string {
  let text = 'sequence';
  if (seq.by.length > 0) text += ` by ${printList(seq.by)}`;
  if (seq.maxspan !== null) text += ` with maxspan=${printDuration(seq.maxspan)}`;
  for (const stage of seq.stages) text += ` ${printStage(stage)}`;
  if (seq.until) text += ` until ${printStage(seq.until)}`;
  return text;
}

function printSample(sample: Sample): string {
  let text = 'sample';
  if (sample.by.length > 0) text += ` by ${printList(sample.by)}`;
  for (const stage of sample.stages) text += ` ${printStage(stage)}`;
  return text;
}

function printStage(stage: Stage): string {
  let text = `${stage.missing ? '![' : '['}${printEventQuery(stage.query)}]`;
  if (stage.by.length > 0) text += ` by ${printList(stage.by)}`;
  if (stage.runs !== 1) text += ` with runs=${stage.runs}`;
  return text;
}

function printDuration(ms: number): string {
  for (const [unit, scale] of TIME_UNITS) {
    if (ms !== 0 && ms % scale === 0) return `${ms / scale}${unit}`;
  }
  return `${ms}ms`;
}

function printPipe(pipe: Pipe): string {
  return ` | ${pipe.kind} ${pipe.count}`;
}

function printList(exprs: readonly Expr[]): string {
  return exprs.map(printExpr).join(', ');
}

/** Prints `expr` where the grammar expects at least `level`, adding parentheses if needed. */
function print(expr: Expr, level: Level): string {
  const own = levelOf(expr);
  const text = printBare(expr);
  return own < level ? `(${text})` : text;
}

function levelOf(expr: Expr): Level {
  switch (expr.kind) {
    case 'or':
      return Level.Or;
    case 'and':
      return Level.And;
    case 'not':
      return Level.Not;
    case 'compare':
      return Level.Compare;
    case 'arith':
      return expr.op === '+' || expr.op === '-' ? Level.Add : Level.Mul;
    case 'neg':
      return Level.Unary;
    case 'literal':
      // `-5` is read through the unary rule, so it cannot stand where a primary must.
      return isNegativeNumber(expr) ? Level.Unary : Level.Primary;
    case 'field':
    case 'call':
      return Level.Primary;
    case 'in':
    case 'match':
      // A predicate attaches to a primary, and the result is not a primary itself: `(a in
      // (1)) in (true)` needs its parentheses, `a in (1) == true` does not.
      return Level.Unary;
  }
}

function printBare(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      return printLiteral(expr);
    case 'field':
      return printField(expr);
    case 'not':
      return `not ${print(expr.operand, Level.Not)}`;
    case 'and':
    case 'or': {
      // A nested chain of the same kind keeps its parentheses so it stays a separate node.
      const inner = expr.kind === 'or' ? Level.And : Level.Not;
      return expr.operands.map((e) => print(e, inner)).join(` ${expr.kind} `);
    }
    case 'compare':
      return `${print(expr.left, Level.Add)} ${expr.op} ${print(expr.right, Level.Add)}`;
    case 'arith': {
      const additive = expr.op === '+' || expr.op === '-';
      const left = print(expr.left, additive ? Level.Add : Level.Mul);
      const right = print(expr.right, additive ? Level.Mul : Level.Unary);
      return `${left} ${expr.op} ${right}`;
    }
    case 'neg': {
      const operand = print(expr.operand, Level.Unary);
      // `- -x`, not `--x`: the space keeps the two signs apart for a human reader.
      return operand.startsWith('-') ? `- ${operand}` : `-${operand}`;
    }
    case 'in': {
      const op = `${expr.negated ? 'not in' : 'in'}${expr.caseInsensitive ? '~' : ''}`;
      return `${print(expr.left, Level.Primary)} ${op} (${printList(expr.values)})`;
    }
    case 'match': {
      const op = expr.op === ':' ? ':' : `${expr.op}${expr.caseInsensitive ? '~' : ''}`;
      const patterns = expr.patterns.map(printLiteral);
      const list = patterns.length === 1 ? patterns[0]! : `(${patterns.join(', ')})`;
      return `${print(expr.left, Level.Primary)} ${op} ${list}`;
    }
    case 'call': {
      const tilde = expr.caseInsensitive ? '~' : '';
      return `${expr.name}${tilde}(${printList(expr.args)})`;
    }
  }
}

function isNegativeNumber(literal: Literal): boolean {
  return typeof literal.value === 'number' && (literal.value < 0 || Object.is(literal.value, -0));
}

function printLiteral(literal: Literal): string {
  const value = literal.value;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return printString(value);
  return printNumber(value, literal.decimal === true);
}

/**
 * A number in a form the lexer reads back to the same value and the same `decimal` flag:
 * integers as plain digits, decimals always with a fraction or an exponent.
 */
function printNumber(value: number, decimal: boolean): string {
  if (Number.isNaN(value)) throw new InternalError('NaN has no EQL spelling');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const magnitude = Math.abs(value);
  if (magnitude === Infinity) return `${sign}1e999`;

  if (!decimal && Number.isInteger(magnitude)) {
    // Plain digits: `1e21` would read back as a decimal.
    return sign + BigInt(magnitude).toString();
  }
  const text = String(magnitude);
  const marked = /[.e]/.test(text) ? text : `${text}.0`;
  return sign + marked.replace('e+', 'e');
}
