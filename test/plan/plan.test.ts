import { describe, expect, test } from 'vitest';

import { EqlError } from '../../src/errors.js';
import {
  filePosition,
  planRule,
  planRules,
  RuleError,
  type Rule,
  type RuleOrigin,
} from '../../src/plan/index.js';

function rule(query: string, origin: Partial<RuleOrigin> = {}): Rule {
  return {
    id: 'r1',
    name: 'Rule One',
    severity: 'low',
    riskScore: 21,
    tags: [],
    index: [],
    query,
    language: 'eql',
    type: 'eql',
    threat: [],
    deprecated: false,
    origin: { file: 'rules/one.toml', line: 10, column: 1, ...origin },
  };
}

/** The error planning a rule throws. */
function planError(r: Rule): RuleError {
  try {
    planRule(r);
  } catch (err) {
    if (err instanceof RuleError) return err;
    throw err;
  }
  throw new Error('planRule did not throw');
}

describe('planRule', () => {
  test('an event query reads its fields and the category field', () => {
    const plan = planRule(rule('process where process.name : "cmd.exe" and ?user.id != null'));
    expect(plan.kind).toBe('event');
    expect(plan.fields).toEqual(['event.category', 'process.name', 'user.id']);
    expect(plan.query.body.kind).toBe('event');
  });

  test('`any` reads no category field, and the caller names the category field', () => {
    expect(planRule(rule('any where a == 1')).fields).toEqual(['a']);
    const plan = planRule(rule('process where a == 1'), { categoryField: 'event_type' });
    expect(plan.fields).toEqual(['a', 'event_type']);
  });

  test('a sequence reads its join keys, stage keys, until and function arguments', () => {
    const plan = planRule(
      rule(
        'sequence by host.id with maxspan=1m\n' +
          '  [process where startsWith(process.args[0], "x")] by process.entity_id\n' +
          '  [file where length(file.`name.ext`) > 1] by process.entity_id\n' +
          'until [process where event.type == "end"] by process.entity_id',
      ),
    );
    expect(plan.kind).toBe('sequence');
    expect(plan.fields).toEqual([
      'event.category',
      'event.type',
      'file.name.ext',
      'host.id',
      'process.args[0]',
      'process.entity_id',
    ]);
  });

  test('a sample is its own kind', () => {
    expect(planRule(rule('sample by h [a where true] [b where x > 1]')).kind).toBe('sample');
  });

  test('a syntax error is placed in the file, past the first line of the query', () => {
    const err = planError(rule('process where\n  a == and b', { line: 17 }));
    expect(err.message).toBe("rules/one.toml:18:8: Expected an expression but found 'and'");
    expect(err.code).toBe('syntax');
    expect([err.file, err.line, err.column]).toEqual(['rules/one.toml', 18, 8]);
    // The span stays the one within the query.
    expect([err.span?.line, err.span?.column]).toEqual([2, 8]);
    expect(err.detail).toBe("Expected an expression but found 'and'");
  });

  test('on the first line of the query, the column is shifted by where the query starts', () => {
    const err = planError(rule('any where length()', { line: 3, column: 12 }));
    expect(err.message).toBe('rules/one.toml:3:22: Function [length] takes 1 argument, found 0');
    expect(err.code).toBe('type');
  });

  test('unsupported syntax keeps its code', () => {
    const err = planError(rule('any where true | count'));
    expect(err.message).toBe('rules/one.toml:10:18: Pipe [count] is not supported');
    expect(err.code).toBe('unsupported');
    expect(err).toBeInstanceOf(EqlError);
  });
});

describe('planRules', () => {
  test('plans the good rules and records the others with their rule', () => {
    const good = rule('any where true');
    const bad = { ...rule('any where add(1) == 1', { line: 4, column: 3 }), id: 'r2', name: 'Two' };
    const { plans, failed } = planRules([good, bad, good]);
    expect(plans.map((p) => p.rule.id)).toEqual(['r1', 'r1']);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      file: 'rules/one.toml',
      line: 4,
      column: 13,
      ruleId: 'r2',
      ruleName: 'Two',
      message: 'rules/one.toml:4:13: Function [add] takes 2 arguments, found 1',
    });
  });
});

describe('filePosition', () => {
  const span = (start: number, line: number, column: number) => ({ start, end: start + 1, line, column });

  test('verbatim text: lines add up, and only the first line is shifted', () => {
    const origin = { file: 'f', line: 5, column: 9 };
    expect(filePosition(origin, span(0, 1, 1))).toEqual({ line: 5, column: 9 });
    expect(filePosition(origin, span(4, 1, 5))).toEqual({ line: 5, column: 13 });
    expect(filePosition(origin, span(30, 3, 2))).toEqual({ line: 7, column: 2 });
  });

  test('escaped JSON text: every escape is wider in the file than in the query', () => {
    // The query `a\n"é"` is spelled `a\n\"\u00e9\"` in the file.
    const origin = { file: 'f', line: 2, column: 40, raw: 'a\\n\\"\\u00e9\\"' };
    expect(filePosition(origin, span(0, 1, 1))).toEqual({ line: 2, column: 40 });
    expect(filePosition(origin, span(2, 2, 1))).toEqual({ line: 2, column: 43 });
    expect(filePosition(origin, span(3, 2, 2))).toEqual({ line: 2, column: 45 });
    expect(filePosition(origin, span(4, 2, 3))).toEqual({ line: 2, column: 51 });
  });
});
