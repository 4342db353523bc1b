import { describe, expect, test } from 'vitest';

import { parseExpression, parseQuery } from '../../src/query/index.js';
import { field, lit, shape } from './shape.js';

const expr = (text: string) => shape(parseExpression(text));

describe('logic', () => {
  test('not binds tighter than and, and tighter than or', () => {
    expect(expr('not a or b and c')).toEqual({
      kind: 'or',
      operands: [
        { kind: 'not', operand: field('a') },
        { kind: 'and', operands: [field('b'), field('c')] },
      ],
    });
  });

  test('chains of and flatten into one node', () => {
    expect(expr('a and b and c')).toEqual({ kind: 'and', operands: [field('a'), field('b'), field('c')] });
  });

  test('parentheses override precedence', () => {
    expect(expr('(a or b) and c')).toEqual({
      kind: 'and',
      operands: [{ kind: 'or', operands: [field('a'), field('b')] }, field('c')],
    });
  });

  test('keywords are case-insensitive', () => {
    expect(expr('NOT a AND b Or c')).toEqual(expr('not a and b or c'));
  });

  test('not before a comparison negates the whole comparison', () => {
    expect(expr('not a == 1')).toEqual({
      kind: 'not',
      operand: { kind: 'compare', op: '==', left: field('a'), right: lit(1) },
    });
  });
});

describe('comparisons and arithmetic', () => {
  test.each(['==', '!=', '<', '<=', '>', '>='])('%s compares two values', (op) => {
    expect(expr(`a ${op} 1`)).toEqual({ kind: 'compare', op, left: field('a'), right: lit(1) });
  });

  test('* / % bind tighter than + -, left to right', () => {
    expect(expr('a + b * c - d % 2')).toEqual({
      kind: 'arith',
      op: '-',
      left: {
        kind: 'arith',
        op: '+',
        left: field('a'),
        right: { kind: 'arith', op: '*', left: field('b'), right: field('c') },
      },
      right: { kind: 'arith', op: '%', left: field('d'), right: lit(2) },
    });
  });

  test('arithmetic binds tighter than comparison', () => {
    expect(expr('a / 2 == b')).toEqual({
      kind: 'compare',
      op: '==',
      left: { kind: 'arith', op: '/', left: field('a'), right: lit(2) },
      right: field('b'),
    });
  });

  test('a minus before a number folds into the literal', () => {
    expect(parseExpression('-5')).toMatchObject({ kind: 'literal', value: -5, span: { start: 0, end: 2 } });
    expect(expr('a == -1.5')).toEqual({
      kind: 'compare',
      op: '==',
      left: field('a'),
      right: { kind: 'literal', value: -1.5, decimal: true },
    });
  });

  test('a minus before anything else is a negation', () => {
    expect(expr('-a')).toEqual({ kind: 'neg', operand: field('a') });
  });

  test('decimal marks numbers written with a fraction or exponent only', () => {
    expect(parseExpression('2.0')).toMatchObject({ value: 2, decimal: true });
    expect(parseExpression('1e3')).toMatchObject({ value: 1000, decimal: true });
    expect(parseExpression('2')).not.toHaveProperty('decimal');
  });

  test('true, false and null are constants in any case', () => {
    expect([expr('true'), expr('FALSE'), expr('Null')]).toEqual([lit(true), lit(false), lit(null)]);
  });
});

describe('predicates', () => {
  test('in, not in, in~ and not in~', () => {
    const base = { kind: 'in', left: field('a'), values: [lit(1), lit('x')] };
    expect(expr('a in (1, "x")')).toEqual({ ...base, negated: false, caseInsensitive: false });
    expect(expr('a not in (1, "x")')).toEqual({ ...base, negated: true, caseInsensitive: false });
    expect(expr('a in~ (1, "x")')).toEqual({ ...base, negated: false, caseInsensitive: true });
    expect(expr('a NOT IN~ (1, "x")')).toEqual({ ...base, negated: true, caseInsensitive: true });
  });

  test('not before a field negates the in, while not in is a negated in', () => {
    expect(expr('not a in (1)')).toEqual({
      kind: 'not',
      operand: { kind: 'in', negated: false, caseInsensitive: false, left: field('a'), values: [lit(1)] },
    });
  });

  test('in accepts expressions as values', () => {
    expect(expr('a in (b, 1 + 2)')).toMatchObject({
      values: [field('b'), { kind: 'arith', op: '+' }],
    });
  });

  test(': is a case-insensitive match with one pattern or a list', () => {
    expect(expr('a : "x*"')).toEqual({
      kind: 'match', op: ':', caseInsensitive: true, left: field('a'), patterns: [lit('x*')],
    });
    expect(expr('a : ("x", "y")')).toMatchObject({ patterns: [lit('x'), lit('y')] });
  });

  test.each([
    ['like', 'like', false],
    ['like~', 'like', true],
    ['regex', 'regex', false],
    ['regex~', 'regex', true],
    ['LIKE~', 'like', true],
  ])('%s', (written, op, caseInsensitive) => {
    expect(expr(`a ${written} ("p", "q")`)).toEqual({
      kind: 'match', op, caseInsensitive, left: field('a'), patterns: [lit('p'), lit('q')],
    });
  });

  test('a predicate attaches to a function result', () => {
    expect(expr('length(a) : "x"')).toMatchObject({
      kind: 'match',
      left: { kind: 'call', name: 'length', args: [field('a')] },
    });
  });

  test('a predicate can be compared', () => {
    expect(expr('(a : "x") == true')).toMatchObject({ kind: 'compare', left: { kind: 'match' } });
  });
});

describe('function calls', () => {
  test('names map to the canonical spelling whatever the case', () => {
    expect(expr('cidrmatch(ip, "10.0.0.0/8")')).toEqual({
      kind: 'call', name: 'cidrMatch', caseInsensitive: false, args: [field('ip'), lit('10.0.0.0/8')],
    });
    expect(expr('STRINGCONTAINS(a, "b")')).toMatchObject({ name: 'stringContains' });
  });

  test('a ~ right after the name makes the call case-insensitive', () => {
    expect(expr('STARTSWITH~(a, "b")')).toMatchObject({ name: 'startsWith', caseInsensitive: true });
    expect(expr('endsWith~ (a, "b")')).toMatchObject({ name: 'endsWith', caseInsensitive: true });
  });

  test('a call may have no arguments and may nest', () => {
    expect(expr('length()')).toMatchObject({ kind: 'call', args: [] });
    expect(expr('length(concat(a, "b"))')).toMatchObject({ args: [{ kind: 'call', name: 'concat' }] });
  });

  test('every canonical name parses', async () => {
    const { FUNCTION_NAMES } = await import('../../src/query/index.js');
    for (const name of FUNCTION_NAMES) expect(parseExpression(`${name}(a)`)).toMatchObject({ name });
  });
});

describe('fields', () => {
  test('dotted paths and [n] indexes', () => {
    expect(expr('process.args[0]')).toEqual(field('process', 'args', 0));
    expect(expr('a[1][2].b')).toEqual(field('a', 1, 2, 'b'));
  });

  test('@ names, and keywords after a dot', () => {
    expect(expr('@timestamp')).toEqual(field('@timestamp'));
    expect(expr('a.sequence.by')).toEqual(field('a', 'sequence', 'by'));
  });

  test('backtick names hold any text and may be keywords', () => {
    expect(expr('`my field`.x')).toEqual(field('my field', 'x'));
    expect(expr('`where`')).toEqual(field('where'));
    expect(expr('a.`b``c`')).toEqual(field('a', 'b`c'));
  });

  test('?field is optional', () => {
    expect(expr('?a.b')).toEqual({ kind: 'field', path: ['a', 'b'], optional: true });
  });

  test('spans cover the whole path', () => {
    expect(parseExpression(' ?a.b[0]').span).toEqual({ start: 1, end: 8, line: 1, column: 2 });
  });
});

describe('spans', () => {
  test('a node spans from its first to its last token', () => {
    const query = parseQuery('process where\n  a == "x" and b in (1, 2)');
    const condition = query.body.kind === 'event' ? query.body.condition : null;
    expect(condition).toMatchObject({ kind: 'and', span: { start: 16, end: 40, line: 2, column: 3 } });
    expect(condition).toMatchObject({
      operands: [
        { span: { start: 16, end: 24, line: 2, column: 3 } },
        { span: { start: 29, end: 40, line: 2, column: 16 } },
      ],
    });
  });
});
