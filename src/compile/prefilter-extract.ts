/**
 * From a query to the literals every matching line must hold.
 *
 * The walk follows the reference semantics of `src/interpret/evaluate.ts` and gives up
 * (null: every line is a candidate) wherever a value could match without its text appearing
 * in the line: numbers (their raw spelling varies: `5`, `5.0`, `5e0`), strings that read as
 * decimals (`x == "5"` holds for the number 5), typed fields that compare by meaning (dates,
 * addresses, versions), mapping `null_value`s, nulls, and anything computed by a function.
 * `not` is pushed inward (Kleene logic keeps `not (a and b)` = `not a or not b`), so only
 * positive tests reach the leaves; a negated leaf gives nothing.
 */
import type { Call, Compare, EventQuery, Expr, Field, In, Match, Query } from '../query/ast.js';
import {
  compileWildcard,
  DEFAULT_SCHEMA,
  fieldTypeOf,
  parseDecimal,
  resolveAlias,
  schemaKey,
  type Schema,
} from '../event/index.js';
import type { RulePlan } from '../plan/index.js';
import {
  best,
  rulesOutNumbers,
  runsOf,
  setCost,
  simplify,
  union,
  type Alternatives,
  type LiteralSet,
  type PrefilterLiteral,
  type RunOptions,
} from './prefilter-literals.js';
import { regexLiterals } from './prefilter-regex.js';

/** How literals are extracted. */
export interface ExtractOptions {
  /** The schema the scan runs with: typed fields and `null_value`s change what is necessary.
   * Default: `DEFAULT_SCHEMA` (only `@timestamp` typed, as a date). */
  schema?: Schema | undefined;
}

/** Field types whose equality is by meaning, not by text (`::1` equals `0:0:0:0:0:0:0:1`). */
const SEMANTIC_TYPES = new Set(['date', 'date_nanos', 'ip', 'version']);

/**
 * The literals every line matching `query` holds in its raw bytes, or null when none are
 * necessary. For a sequence or sample, a line is needed when it can match any stage (the
 * `until` stage and missing-event stages included), so the stages' sets are united.
 *
 * @example extractLiterals(parseQuery('process where process.name == "cmd.exe"'))
 *   // { literals: [{ text: 'cmd.exe', caseInsensitive: false, atStart: true, atEnd: true }] }
 */
export function extractLiterals(
  query: Query | EventQuery,
  options: ExtractOptions = {},
): LiteralSet | null {
  const walk = new Walk(options.schema ?? DEFAULT_SCHEMA);
  let alternatives: Alternatives;
  if ('body' in query) {
    const body = query.body;
    if (body.kind === 'event') {
      alternatives = walk.event(body);
    } else {
      const stages = [...body.stages];
      if (body.kind === 'sequence' && body.until !== null) stages.push(body.until);
      alternatives = union(stages.map((stage) => walk.event(stage.query)));
    }
  } else {
    alternatives = walk.event(query);
  }
  return alternatives === null ? null : { literals: simplify(alternatives) };
}

/**
 * The literals for a pack of rules: a line is needed when any rule may need it, so the rules'
 * sets are united, and one rule without a set leaves the pack without one. So does a united
 * set that the estimate (`setCost`) says nearly every line holds: a pack with one rule that
 * only names a category (`process where process.pid > 4`) needs every line spelling
 * `"process"`, which is every line with a `process` object, and searching each line's bytes
 * for hundreds of literals to pass them all costs more than it can save.
 */
export function packLiterals(
  plans: readonly Pick<RulePlan, 'query'>[],
  options: ExtractOptions = {},
): LiteralSet | null {
  const sets: Alternatives[] = [];
  for (const plan of plans) {
    const set = extractLiterals(plan.query, options);
    if (set === null) return null;
    sets.push([...set.literals]);
  }
  const all = union(sets);
  if (all === null) return null;
  const literals = simplify(all);
  return setCost(literals) >= USELESS_COST ? null : { literals };
}

/** An estimated share of lines (`setCost`) from which a pack's set is not worth searching for. */
const USELESS_COST = 1;

/**
 * What `Walk.expr` found per node of a query, per schema, for both polarities. A pack asks
 * for the same nodes several times: its gate for each conjunct and each operand of an `or`,
 * and the prefilter for whole rules. The sets are never changed once made.
 */
const found = new WeakMap<Schema, WeakMap<Expr, [Alternatives | undefined, Alternatives | undefined]>>();

class Walk {
  private readonly memo: WeakMap<Expr, [Alternatives | undefined, Alternatives | undefined]>;

  constructor(private readonly schema: Schema) {
    let memo = found.get(schema);
    if (memo === undefined) found.set(schema, (memo = new WeakMap()));
    this.memo = memo;
  }

  /** The condition's set, or the category's (exact and case-sensitive) when that is better. */
  event(query: EventQuery): Alternatives {
    const condition = this.expr(query.condition, false);
    if (query.category === null) return condition;
    return best([condition, bestRun(runsOf(query.category, exact(false)))]);
  }

  /** The set for `expr` being true (or, when `negated`, for `not expr` being true). */
  private expr(expr: Expr, negated: boolean): Alternatives {
    let known = this.memo.get(expr);
    if (known === undefined) this.memo.set(expr, (known = [undefined, undefined]));
    const at = negated ? 1 : 0;
    const seen = known[at];
    return seen !== undefined ? seen : (known[at] = this.walkExpr(expr, negated));
  }

  private walkExpr(expr: Expr, negated: boolean): Alternatives {
    switch (expr.kind) {
      case 'not':
        return this.expr(expr.operand, !negated);
      case 'and':
      case 'or': {
        const sets = expr.operands.map((operand) => this.expr(operand, negated));
        // `and`, or a negated `or` (= `and` of negations): any one operand's set will do.
        return (expr.kind === 'and') !== negated ? best(sets) : union(sets);
      }
      case 'compare':
        return this.compare(expr, negated);
      case 'in':
        return negated === expr.negated ? this.in(expr) : null;
      case 'match':
        return negated ? null : this.match(expr);
      case 'call':
        return negated ? null : this.call(expr);
      default:
        return null;
    }
  }

  /** `field == "text"` (or `not field != "text"`), either way round. */
  private compare(expr: Compare, negated: boolean): Alternatives {
    const op = negated ? (expr.op === '!=' ? '==' : null) : expr.op;
    if (op !== '==') return null;
    const [field, value] =
      expr.left.kind === 'field' ? [expr.left, expr.right] : [expr.right, expr.left];
    if (field.kind !== 'field' || !this.comparesByText(field)) return null;
    return this.exactValue(value, false);
  }

  /** `field in ("a", "b")`: every value must be a string that gives a set. */
  private in(expr: In): Alternatives {
    if (expr.left.kind !== 'field' || !this.comparesByText(expr.left)) return null;
    return union(expr.values.map((value) => this.exactValue(value, expr.caseInsensitive)));
  }

  /** The literal an equality with `value` needs: the whole value, anchored at both ends. */
  private exactValue(value: Expr, caseInsensitive: boolean): Alternatives {
    if (value.kind !== 'literal' || typeof value.value !== 'string') return null;
    // A string that reads as a decimal equals a number, whatever the number's spelling.
    if (parseDecimal(value.value) !== null) return null;
    return bestRun(runsOf(value.value, exact(caseInsensitive)));
  }

  /** `:`, `like`, `like~`, `regex`, `regex~`: every pattern must give a set. */
  private match(expr: Match): Alternatives {
    if (expr.left.kind !== 'field' || this.hasNullValue(expr.left)) return null;
    const ci = expr.caseInsensitive;
    return union(
      expr.patterns.map((pattern) => {
        const text = pattern.value;
        if (typeof text !== 'string') return null;
        return expr.op === 'regex' ? regexLiterals(text, ci) : wildcardLiterals(text, ci);
      }),
    );
  }

  /** `startsWith`, `endsWith`, `stringContains` over a field, with a constant needle. */
  private call(expr: Call): Alternatives {
    const [source, needle] = expr.args;
    if (source?.kind !== 'field' || this.hasNullValue(source)) return null;
    if (needle?.kind !== 'literal' || typeof needle.value !== 'string') return null;
    const runs: RunOptions = {
      caseInsensitive: expr.caseInsensitive,
      wildcards: false,
      anchorStart: expr.name === 'startsWith',
      anchorEnd: expr.name === 'endsWith',
    };
    // These functions read strings only, so a number never matches: no number check.
    switch (expr.name) {
      case 'startsWith':
      case 'endsWith':
      case 'stringContains':
        return needle.value === '' ? null : bestRun(runsOf(needle.value, runs));
      default:
        return null;
    }
  }

  /** True when equality on the field compares raw text (not dates, addresses, versions). */
  private comparesByText(field: Field): boolean {
    const type = fieldTypeOf(this.schema, field.path);
    return !(type !== undefined && SEMANTIC_TYPES.has(type)) && !this.hasNullValue(field);
  }

  /** A mapping `null_value` turns a raw `null` into text the line does not hold. */
  private hasNullValue(field: Field): boolean {
    const path = resolveAlias(this.schema, field.path);
    return this.schema.nullValues.has(schemaKey(path));
  }
}

/** Run options for a whole-value equality. */
function exact(caseInsensitive: boolean): RunOptions {
  return { caseInsensitive, wildcards: false, anchorStart: true, anchorEnd: true };
}

/**
 * The best run of one wildcard pattern. A pattern made only of number characters may match a
 * number (`x : "12*"` holds for 123, spelled `1.23e2`), so it gives nothing; one that can
 * match `true` or `false` loses its anchors, as booleans are spelled bare.
 */
function wildcardLiterals(pattern: string, caseInsensitive: boolean): Alternatives {
  const literal = pattern.replace(/[*?]/g, '');
  if (!rulesOutNumbers(caseInsensitive ? literal.toLowerCase() : literal, caseInsensitive)) {
    return null;
  }
  // Only a pattern of at most five characters besides `*` can match `true` or `false` (folding
  // never shortens it), so most patterns need no matcher compiled here.
  const matcher = [...pattern.replace(/\*/g, '')].length <= 5 ? compileWildcard(pattern, caseInsensitive) : null;
  const bare = matcher !== null && (matcher.test('true') || matcher.test('false'));
  const runs = runsOf(pattern, {
    caseInsensitive,
    wildcards: true,
    anchorStart: !bare,
    anchorEnd: !bare,
  });
  return bestRun(runs);
}

/** The most selective of runs that are each necessary. */
function bestRun(runs: readonly PrefilterLiteral[]): Alternatives {
  return best(runs.map((run) => [run]));
}
