/**
 * Rule to plan: parse the query, verify it, and note what it reads.
 *
 * Errors come out positioned in the rule's file (`FILE:LINE:COL: message`), whichever stage
 * found them, so a rule author can jump straight to the spot.
 */
import { EqlError } from '../errors.js';
import type { EventQuery, Expr, Field, Query } from '../query/ast.js';
import { parseQuery } from '../query/index.js';
import { inRuleFile, type Rule, type RuleFailure, type RulePlan } from './rule.js';
import { verifyQuery } from './verify.js';

/** How to plan rules. */
export interface PlanOptions {
  /**
   * The field that holds an event's category (`process` in `process where ...`), counted
   * among the fields a plan reads when the query names a category. Default `event.category`.
   */
  categoryField?: string;
}

/** Plans that succeeded, and rules that did not plan. */
export interface PlanResult {
  plans: RulePlan[];
  failed: RuleFailure[];
}

/**
 * Parses and verifies one rule.
 *
 * @example planRule(rule).kind // 'sequence'
 * @throws RuleError (an EqlError whose message reads `FILE:LINE:COL: detail`).
 */
export function planRule(rule: Rule, options: PlanOptions = {}): RulePlan {
  let query: Query;
  try {
    query = parseQuery(rule.query);
    verifyQuery(query);
  } catch (err) {
    if (err instanceof EqlError && err.code !== 'internal') throw inRuleFile(err, rule);
    throw err;
  }
  const fields = fieldsOf(query, options.categoryField ?? 'event.category');
  return { rule, query, fields, kind: query.body.kind };
}

/** Plans every rule; a rule that fails is recorded and the others go on. */
export function planRules(rules: readonly Rule[], options: PlanOptions = {}): PlanResult {
  const result: PlanResult = { plans: [], failed: [] };
  for (const rule of rules) {
    try {
      result.plans.push(planRule(rule, options));
    } catch (err) {
      if (!(err instanceof EqlError) || err.code === 'internal') throw err;
      result.failed.push(inRuleFile(err, rule).toFailure(rule));
    }
  }
  return result;
}

/**
 * The dotted paths of every field a query reads, sorted, with `categoryField` added when some
 * event query names a category (only `any` reads no category).
 *
 * @example fieldsOf(parseQuery('process where a.b[0] == 1'), 'event.category')
 * // ['a.b[0]', 'event.category']
 */
export function fieldsOf(query: Query, categoryField: string): string[] {
  const found = new Set<string>();
  const visit = (e: Expr): void => {
    if (e.kind === 'field') {
      found.add(fieldName(e));
      return;
    }
    for (const child of children(e)) visit(child);
  };
  const event = (q: EventQuery): void => {
    if (q.category !== null) found.add(categoryField);
    visit(q.condition);
  };

  const body = query.body;
  if (body.kind === 'event') {
    event(body);
  } else {
    body.by.forEach(visit);
    const until = body.kind === 'sequence' && body.until ? [body.until] : [];
    for (const stage of [...body.stages, ...until]) {
      event(stage.query);
      stage.by.forEach(visit);
    }
  }
  return [...found].sort();
}

/** `a.b[0].c` for the path `['a', 'b', 0, 'c']`. */
export function fieldName(field: Field): string {
  let name = '';
  for (const segment of field.path) {
    if (typeof segment === 'number') name += `[${segment}]`;
    else name += name === '' ? segment : `.${segment}`;
  }
  return name;
}

function children(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'literal':
    case 'field':
      return [];
    case 'not':
    case 'neg':
      return [e.operand];
    case 'and':
    case 'or':
      return e.operands;
    case 'compare':
    case 'arith':
      return [e.left, e.right];
    case 'match':
      return [e.left];
    case 'in':
      return [e.left, ...e.values];
    case 'call':
      return e.args;
  }
}
