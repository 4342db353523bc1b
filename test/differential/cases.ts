/**
 * Differential cases: a query, a few events, a schema, and how to read a verdict.
 *
 * A matcher only says yes or no, but EQL conditions are three-valued. Running a query and
 * its negation (`not (condition)`, same category) tells the three apart: true selects the
 * first, false the second, unknown (null, or a category that does not match) neither. Two
 * engines that agree on both agree on the three-valued result.
 */
import fc from 'fast-check';

import type { Schema } from '../../src/event/index.js';
import { fieldsOf, queryRule, type Rule, type RulePlan } from '../../src/plan/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import type { EventQuery } from '../../src/query/ast.js';
import { parseQuery, printQuery } from '../../src/query/index.js';
import { eventQueryArb, NO_SPAN } from './gen-query.js';
import { eventArb, SCHEMAS, schemaNameArb } from './gen-values.js';

/** Where events keep their category in these tests. */
export const CATEGORY_FIELD = 'event.category';

/** One generated case, kept as text so that a failure reads as a query and JSON events. */
export interface Case {
  query: string;
  events: Record<string, unknown>[];
  schema: string;
}

/** Cases: one event query over one to four events, under one of the test schemas. */
export const caseArb: fc.Arbitrary<Case> = fc.record({
  query: eventQueryArb.map((body) => printQuery({ body, pipes: [] })),
  events: fc.array(eventArb, { minLength: 1, maxLength: 4 }),
  schema: schemaNameArb,
});

/** What a matcher needs to know, as both engines take it. */
export interface MatchOptions {
  categoryField: string;
  schema?: Schema | undefined;
}

/** Builds a yes/no matcher for one event query. */
export type MatcherFactory = (
  query: EventQuery,
  options: MatchOptions,
) => (event: object) => boolean;

/** The reference interpreter as a matcher factory. */
export const interpreted: MatcherFactory = (query, options) => (event) =>
  matchesEventQuery(query, event, options);

/** A three-valued verdict; null is "selected neither way". */
export type Verdict = boolean | null;

/** A query parsed from a case, with its negation alongside. */
export interface ParsedCase {
  query: EventQuery;
  negated: EventQuery;
  options: MatchOptions;
}

/** Parses a case's query and builds its negation and options. */
export function parseCase(c: Case): ParsedCase {
  const body = parseQuery(c.query).body;
  if (body.kind !== 'event') throw new Error(`not an event query: ${c.query}`);
  const negated: EventQuery = {
    ...body,
    condition: { kind: 'not', operand: body.condition, span: NO_SPAN },
  };
  const options = { categoryField: CATEGORY_FIELD, schema: SCHEMAS[c.schema] };
  return { query: body, negated, options };
}

/** A pair of matchers, for the query and for its negation. */
export interface VerdictMatcher {
  (event: object): Verdict;
}

/** Builds the three-valued matcher of a parsed case on one engine. */
export function verdictMatcher(factory: MatcherFactory, parsed: ParsedCase): VerdictMatcher {
  const yes = factory(parsed.query, parsed.options);
  const no = factory(parsed.negated, parsed.options);
  return (event) => {
    const selected = yes(event);
    const rejected = no(event);
    if (selected && rejected) throw new Error('a query and its negation both selected the event');
    return selected ? true : rejected ? false : null;
  };
}

/** A disagreement, written so it can be pasted into a report or a regression test. */
export function describeDisagreement(
  c: Case,
  event: object,
  verdicts: Readonly<Record<string, Verdict | string>>,
): string {
  const lines = [
    `query:  ${c.query}`,
    `event:  ${JSON.stringify(event)}`,
    `schema: ${c.schema}`,
    ...Object.entries(verdicts).map(([engine, v]) => `${`${engine}:`.padEnd(12)} ${String(v)}`),
  ];
  return lines.join('\n');
}

/** A rule around a generated query, as a loader would make it. */
export function ruleFor(query: string, index: number): Rule {
  return queryRule(query, { id: `r${index}`, name: `generated rule ${index}`, severity: 'low', file: 'generated.eql' });
}

/**
 * Plans a generated query without the verifier: random queries may mix types the verifier
 * rejects, and both engines must still agree on them.
 */
export function planFor(query: string, index: number): RulePlan {
  const parsed = parseQuery(query);
  const rule = ruleFor(query, index);
  return { rule, query: parsed, fields: fieldsOf(parsed, CATEGORY_FIELD), kind: parsed.body.kind };
}
