/**
 * The generators, run against the reference interpreter alone: every generated query
 * evaluates without throwing to a three-valued result, the generated queries cover the
 * grammar, and the verdicts are mixed (a generator whose queries are all unknown would make
 * the differential tests pass without testing anything).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import { test as testCondition } from '../../src/interpret/index.js';
import { FUNCTION_NAMES, type Expr } from '../../src/query/ast.js';
import { caseArb, interpreted, parseCase, verdictMatcher, type Verdict } from './cases.js';

/** Names for each form a tree can take, for the coverage check. */
function forms(expr: Expr, out: Set<string>): void {
  switch (expr.kind) {
    case 'literal':
      out.add(`literal:${expr.value === null ? 'null' : typeof expr.value}`);
      return;
    case 'field':
      out.add(expr.optional ? 'field:optional' : 'field');
      if (expr.path.some((s) => typeof s === 'number')) out.add('field:index');
      return;
    case 'not':
    case 'neg':
      out.add(expr.kind);
      return forms(expr.operand, out);
    case 'and':
    case 'or':
      out.add(expr.kind);
      return expr.operands.forEach((e) => forms(e, out));
    case 'compare':
    case 'arith':
      out.add(`${expr.kind}:${expr.op}`);
      forms(expr.left, out);
      return forms(expr.right, out);
    case 'match':
      out.add(`match:${expr.op}${expr.caseInsensitive && expr.op !== ':' ? '~' : ''}`);
      return forms(expr.left, out);
    case 'in':
      out.add(`${expr.negated ? 'not in' : 'in'}${expr.caseInsensitive ? '~' : ''}`);
      forms(expr.left, out);
      return expr.values.forEach((e) => forms(e, out));
    case 'call':
      out.add(`call:${expr.name}${expr.caseInsensitive ? '~' : ''}`);
      return expr.args.forEach((e) => forms(e, out));
  }
}

const EXPECTED_FORMS = [
  'literal:string', 'literal:number', 'literal:boolean', 'literal:null',
  'field', 'field:optional', 'field:index', 'not', 'neg', 'and', 'or',
  ...['==', '!=', '<', '<=', '>', '>='].map((op) => `compare:${op}`),
  ...['+', '-', '*', '/', '%'].map((op) => `arith:${op}`),
  'match::', 'match:like', 'match:like~', 'match:regex', 'match:regex~',
  'in', 'in~', 'not in', 'not in~',
  ...FUNCTION_NAMES.map((name) => `call:${name}`),
  'call:startsWith~', 'call:between~', 'call:indexOf~',
];

describe('generated queries on the interpreter', () => {
  test('evaluate without errors to three-valued verdicts, consistently with the matcher', () => {
    const counts = { true: 0, false: 0, null: 0 };
    fc.assert(
      fc.property(caseArb, (c) => {
        const parsed = parseCase(c);
        const verdict = verdictMatcher(interpreted, parsed);
        for (const event of c.events) {
          const v: Verdict = verdict(event);
          const raw = testCondition(parsed.query.condition, event, parsed.options);
          expect([true, false, null]).toContain(raw);
          // With `any`, the matcher's verdict is the condition's truth exactly.
          if (parsed.query.category === null) expect(v).toBe(raw);
          counts[String(v) as keyof typeof counts]++;
        }
      }),
      { numRuns: 3000 },
    );
    const total = counts.true + counts.false + counts.null;
    // Most verdicts are unknown (missing fields, mixed types); enough must be decided.
    for (const n of Object.values(counts)) expect(n / total).toBeGreaterThan(0.05);
  });

  test('cover every operator, function and kind of operand', () => {
    const seen = new Set<string>();
    for (const c of fc.sample(caseArb, { numRuns: 3000, seed: 1 })) {
      forms(parseCase(c).query.condition, seen);
    }
    expect(EXPECTED_FORMS.filter((f) => !seen.has(f))).toEqual([]);
  });
});
