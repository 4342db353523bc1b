/**
 * Checks on a parsed query that the grammar leaves open, as Elasticsearch's verifier makes
 * them before running anything: function arity, `~` only on functions that compare strings,
 * argument types where the query itself shows them, constants where a constant is required,
 * conditions that are plainly not boolean, and regular expressions that cannot compile.
 *
 * Without a mapping, a field's type is unknown, so a field passes every type check; the
 * checks catch what is wrong in every index, such as `length(5)` or `number(s, 2.5)`.
 */
import { parseCidr, translateLuceneRegex } from '../event/index.js';
import { EqlError } from '../errors.js';
import type { Call, EventQuery, Expr, Match, Query, Span, Stage } from '../query/ast.js';
import { accepts, describeArity, SIGNATURES, type KnownType, type Param } from './signatures.js';

/** The longest stretch of query text quoted in a message. */
const QUOTE_LIMIT = 40;

/**
 * Checks a parsed query; throws the first problem in query order.
 *
 * @example verifyQuery(parseQuery('any where length(5) > 1'))
 * // throws EqlError '1:18: Argument 1 of [length] must be a string, found integer [5]'
 * @throws EqlError with code 'type' (or 'syntax' / 'unsupported' for a regular expression).
 */
export function verifyQuery(query: Query): void {
  const [first] = findProblems(query);
  if (first) throw first;
}

/** Every problem in a query, in query order. */
export function findProblems(query: Query): EqlError[] {
  const verifier = new Verifier(query.source);
  const body = query.body;
  if (body.kind === 'event') {
    verifier.eventQuery(body);
  } else {
    verifier.exprs(body.by);
    for (const stage of body.stages) verifier.stage(stage);
    if (body.kind === 'sequence' && body.until) verifier.stage(body.until);
  }
  // Stable: at one position, a problem inside an expression comes before one about its use.
  return verifier.problems.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
}

/**
 * What a query shows of an expression's type; null when only the data can tell (a field).
 *
 * @example typeOf(parseExpression('length(x) + 1')) // 'integer'
 */
export function typeOf(expr: Expr): KnownType | null {
  switch (expr.kind) {
    case 'literal':
      if (expr.value === null) return 'null';
      if (typeof expr.value === 'number') {
        return expr.decimal || !Number.isInteger(expr.value) ? 'decimal' : 'integer';
      }
      return typeof expr.value === 'string' ? 'string' : 'boolean';
    case 'field':
      return null;
    case 'not':
    case 'and':
    case 'or':
    case 'compare':
    case 'match':
    case 'in':
      return 'boolean';
    case 'arith': {
      const both = [typeOf(expr.left), typeOf(expr.right)];
      return both.every((t) => t === 'integer') ? 'integer' : 'number';
    }
    case 'neg': {
      const inner = typeOf(expr.operand);
      return inner === 'integer' || inner === 'decimal' ? inner : 'number';
    }
    case 'call':
      return SIGNATURES[expr.name].returns;
  }
}

class Verifier {
  readonly problems: EqlError[] = [];

  constructor(private readonly source: string) {}

  stage(stage: Stage): void {
    this.eventQuery(stage.query);
    this.exprs(stage.by);
  }

  eventQuery(query: EventQuery): void {
    this.expr(query.condition);
    this.mustBe('boolean', query.condition, 'Condition');
  }

  exprs(list: readonly Expr[]): void {
    for (const e of list) this.expr(e);
  }

  expr(e: Expr): void {
    switch (e.kind) {
      case 'literal':
      case 'field':
        return;
      case 'not':
        this.expr(e.operand);
        this.mustBe('boolean', e.operand, 'Operand of [not]');
        return;
      case 'and':
      case 'or':
        this.exprs(e.operands);
        for (const operand of e.operands) this.mustBe('boolean', operand, `Operand of [${e.kind}]`);
        return;
      case 'compare':
        this.expr(e.left);
        return this.expr(e.right);
      case 'in':
        this.expr(e.left);
        return this.exprs(e.values);
      case 'arith':
        this.expr(e.left);
        this.expr(e.right);
        this.mustBe('number', e.left, `Operand of [${e.op}]`);
        this.mustBe('number', e.right, `Operand of [${e.op}]`);
        return;
      case 'neg':
        this.expr(e.operand);
        this.mustBe('number', e.operand, 'Operand of [-]');
        return;
      case 'match':
        return this.match(e);
      case 'call':
        return this.call(e);
    }
  }

  private match(m: Match): void {
    const op = m.op === ':' ? ':' : `${m.op}${m.caseInsensitive ? '~' : ''}`;
    this.expr(m.left);
    this.mustBe('string', m.left, `Left side of [${op}]`);
    if (m.op !== 'regex') return;
    for (const pattern of m.patterns) {
      try {
        translateLuceneRegex(pattern.value as string, m.caseInsensitive);
      } catch (err) {
        if (!(err instanceof EqlError)) throw err;
        this.report(err.detail, pattern.span, err.code);
      }
    }
  }

  private call(call: Call): void {
    const sig = SIGNATURES[call.name];
    const count = call.args.length;
    const max = sig.variadic ? Infinity : sig.params.length;
    if (count < sig.min || count > max) {
      this.report(`Function [${call.name}] takes ${describeArity(sig)}, found ${count}`, call.span);
    }
    if (call.caseInsensitive && !sig.caseAware) {
      const detail = `Function [${call.name}] does not accept ~ (case-insensitive matching)`;
      this.report(detail, call.span);
    }

    this.exprs(call.args);
    call.args.forEach((arg, i) => {
      const param = sig.params[Math.min(i, sig.params.length - 1)];
      if (param && i < max) this.argument(call, i, param);
    });
  }

  private argument(call: Call, index: number, param: Param): void {
    const arg = call.args[index]!;
    const what = `Argument ${index + 1} of [${call.name}]`;
    if (param.constant && arg.kind !== 'literal') {
      const kind = arg.kind === 'field' ? 'field' : 'expression';
      const found = `${kind} [${this.quote(arg.span)}]`;
      this.report(`${what} must be a constant ${param.type}, found ${found}`, arg.span);
      return;
    }
    if (param.type !== 'any' && !this.mustBe(param.type, arg, what)) return;
    if (arg.kind !== 'literal' || arg.value === null) return;

    // Constants that have the right type can still be out of the function's domain.
    if (call.name === 'cidrMatch' && index > 0 && parseCidr(arg.value as string) === null) {
      this.report(`${what} must be a CIDR block, found [${this.quote(arg.span)}]`, arg.span);
    }
    if (call.name === 'number' && index === 1) {
      const base = arg.value as number;
      if (base < 2 || base > 36) {
        const found = this.quote(arg.span);
        this.report(`${what} must be a base from 2 to 36, found [${found}]`, arg.span);
      }
    }
  }

  /** Reports `expr` unless its type, as far as the query shows it, is `expected`. */
  private mustBe(expected: Param['type'], expr: Expr, what: string): boolean {
    const found = typeOf(expr);
    if (found === null || expected === 'any' || accepts(expected, found)) return true;
    const article = expected === 'integer' ? 'an' : 'a';
    const quoted = this.quote(expr.span);
    this.report(`${what} must be ${article} ${expected}, found ${found} [${quoted}]`, expr.span);
    return false;
  }

  private report(detail: string, span: Span, code: EqlError['code'] = 'type'): void {
    this.problems.push(new EqlError(code, detail, span));
  }

  /** The query text of a span, on one line and cut short when long. */
  private quote(span: Span): string {
    const text = this.source.slice(span.start, span.end).replace(/\s+/g, ' ');
    return text.length <= QUOTE_LIMIT ? text : `${text.slice(0, QUOTE_LIMIT - 3)}...`;
  }
}
