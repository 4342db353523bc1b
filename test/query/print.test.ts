import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import type { Expr, Field } from '../../src/query/ast.js';
import {
  parseExpression,
  parseQuery,
  printExpr,
  printField,
  printQuery,
  printString,
} from '../../src/query/index.js';
import { exprArb, lit, NO_SPAN } from '../differential/gen-query.js';
import { queryArb } from '../differential/gen-stages.js';

/** A deep copy without `span` and `source`, which printing cannot preserve. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key !== 'span' && key !== 'source') out[key] = shape(inner);
  }
  return out;
}

const reprint = (text: string): string => printQuery(parseQuery(text));

describe('printQuery', () => {
  test('normalises spacing and keeps the meaning', () => {
    expect(reprint('process where  NAME : ("a","b")|head 3')).toBe(
      'process where NAME : ("a", "b") | head 3',
    );
  });

  test('adds parentheses only where precedence needs them', () => {
    expect(reprint('any where (a or b) and c')).toBe('any where (a or b) and c');
    expect(reprint('any where a or (b and c)')).toBe('any where a or b and c');
    expect(reprint('any where (a + b) * c == 1')).toBe('any where (a + b) * c == 1');
    expect(reprint('any where a - (b - c) == 1')).toBe('any where a - (b - c) == 1');
    expect(reprint('any where (a - b) - c == 1')).toBe('any where a - b - c == 1');
    expect(reprint('any where not (a == 1)')).toBe('any where not a == 1');
    expect(reprint('any where (a == 1) == true')).toBe('any where (a == 1) == true');
  });

  test('keeps nested chains of the same operator as separate nodes', () => {
    const q = parseQuery('any where (a or b) or c');
    expect(printQuery(q)).toBe('any where (a or b) or c');
    expect(shape(parseQuery(printQuery(q)).body)).toEqual(shape(q.body));
  });

  test('wraps a predicate or a negative number used as the left of another predicate', () => {
    expect(reprint('any where (a in (1)) in (true)')).toBe('any where (a in (1)) in (true)');
    expect(reprint('any where (-5) in (x)')).toBe('any where (-5) in (x)');
    expect(reprint('any where (a + b) : "x*"')).toBe('any where (a + b) : "x*"');
    expect(reprint('any where - a in (1)')).toBe('any where -a in (1)');
  });

  test('prints operator spellings with their case rule', () => {
    expect(reprint('any where a like~ "x" and b regex "y" and c not in~ ("z")')).toBe(
      'any where a like~ "x" and b regex "y" and c not in~ ("z")',
    );
    expect(reprint('any where startsWith~(a, "b")')).toBe('any where startsWith~(a, "b")');
    expect(reprint('any where STARTSWITH(a, "b")')).toBe('any where startsWith(a, "b")');
  });

  test('quotes categories that are keywords or not names', () => {
    expect(reprint('"where" where true')).toBe('"where" where true');
    expect(reprint('"any" where true')).toBe('"any" where true');
    expect(reprint('any where true')).toBe('any where true');
    expect(reprint('"file create" where true')).toBe('"file create" where true');
  });

  test('prints sequences and samples with keys, maxspan, runs, missing stages and until', () => {
    const text =
      'sequence by host.id with maxspan=5m [process where true] by a with runs=2 ' +
      '![file where true] by b until [process where false] by c | tail 2';
    expect(reprint(text)).toBe(text);
    expect(reprint('sequence with maxspan=1500ms [a where true] [b where true]')).toBe(
      'sequence with maxspan=1500ms [a where true] [b where true]',
    );
    expect(reprint('sample by x [a where true] [b where true]')).toBe(
      'sample by x [a where true] [b where true]',
    );
  });
});

describe('printString', () => {
  test('escapes quotes, backslashes and control characters', () => {
    expect(printString('C:\\dir "x"')).toBe('"C:\\\\dir \\"x\\""');
    expect(printString('a\nb\tc\r\b\f')).toBe('"a\\nb\\tc\\r\\b\\f"');
    expect(printString('\u0001\u007f\u2028')).toBe('"\\u{1}\\u{7F}\\u{2028}"');
  });

  test('leaves non-ASCII text as it is', () => {
    expect(printString('é İ ß \u212A 😀')).toBe('"é İ ß \u212A 😀"');
  });
});

describe('printField', () => {
  const field = (path: (string | number)[], optional = false): Field => ({
    kind: 'field',
    path,
    optional,
    span: NO_SPAN,
  });

  test('quotes names that are not identifiers, and a leading keyword', () => {
    expect(printField(field(['process', 'name']))).toBe('process.name');
    expect(printField(field(['a b', 0, 'c']))).toBe('`a b`[0].c');
    expect(printField(field(['where', 'where']))).toBe('`where`.where');
    expect(printField(field(['1x', 'a`b'], true))).toBe('?`1x`.`a``b`');
    expect(printField(field(['']))).toBe('``');
    expect(printField(field(['@timestamp']))).toBe('@timestamp');
  });

  test('refuses a path that no text can spell', () => {
    expect(() => printField(field([0]))).toThrow(/BUG: field path cannot hold index 0/);
    expect(() => printField(field(['a', -1]))).toThrow(/BUG/);
  });
});

describe('printExpr on numbers', () => {
  const roundTrip = (e: Expr): unknown => shape(parseExpression(printExpr(e)));

  test('integers stay integers and decimals stay decimals', () => {
    expect(printExpr(lit(1e21))).toBe('1000000000000000000000');
    expect(printExpr(lit(2, true))).toBe('2.0');
    expect(printExpr(lit(1e21, true))).toBe('1e21');
    expect(printExpr(lit(-0))).toBe('-0');
    expect(printExpr(lit(-1.5, true))).toBe('-1.5');
    for (const e of [lit(1e21), lit(2, true), lit(1e21, true), lit(-0), lit(5e-324, true)]) {
      expect(roundTrip(e)).toEqual(shape(e));
    }
  });

  test('a unary minus over a number prints as the negative constant the parser makes', () => {
    const neg: Expr = { kind: 'neg', operand: lit(5), span: NO_SPAN };
    expect(printExpr(neg)).toBe('-5');
    expect(printExpr({ kind: 'neg', operand: neg, span: NO_SPAN })).toBe('- -5');
  });
});

/** Field names and strings from the whole of Unicode, for the escaping rules. */
const wildFieldArb: fc.Arbitrary<Expr> = fc
  .record({
    first: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.constantFrom('where', 'NULL', 'of'),
    ),
    rest: fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 3 }), fc.nat(20)), {
      maxLength: 3,
    }),
    optional: fc.boolean(),
  })
  .map(({ first, rest, optional }) => ({
    kind: 'field',
    path: [first, ...rest],
    optional,
    span: NO_SPAN,
  }));

const wildStringArb: fc.Arbitrary<Expr> = fc
  .string({ unit: 'binary', maxLength: 8 })
  .map((s) => lit(s));

describe('printing round trips', () => {
  test('a printed query parses back to the same tree, and prints the same again', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const text = printQuery(query);
        const parsed = parseQuery(text);
        expect(shape({ body: parsed.body, pipes: parsed.pipes })).toEqual(shape(query));
        expect(printQuery(parsed)).toBe(text);
      }),
      { numRuns: 1500 },
    );
  });

  test('a printed expression parses back to the same tree', () => {
    fc.assert(
      fc.property(exprArb, (expr) => {
        const text = printExpr(expr);
        expect(shape(parseExpression(text))).toEqual(shape(expr));
      }),
      { numRuns: 1500 },
    );
  });

  test('any field name and any string survive printing', () => {
    fc.assert(
      fc.property(wildFieldArb, wildStringArb, (field, value) => {
        const expr: Expr = { kind: 'compare', op: '==', left: field, right: value, span: NO_SPAN };
        expect(shape(parseExpression(printExpr(expr)))).toEqual(shape(expr));
      }),
      { numRuns: 1000 },
    );
  });
});

const rulesFile = path.resolve(import.meta.dirname, '../../../shared/rules/eql-rules.jsonl');
if (!existsSync(rulesFile)) {
  console.warn(`skipping printer rule round trip: ${rulesFile} not found`);
}

describe.skipIf(!existsSync(rulesFile))('printing the detection rules', () => {
  test('every rule prints as text that parses back to the same tree', () => {
    const lines = readFileSync(rulesFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
    const rules = lines.map((l) => JSON.parse(l) as { name: string; query: string });
    const differ = rules.flatMap((rule) => {
      const query = parseQuery(rule.query);
      const text = printQuery(query);
      const again = parseQuery(text);
      const same = JSON.stringify(shape(again.body)) === JSON.stringify(shape(query.body)) &&
        JSON.stringify(shape(again.pipes)) === JSON.stringify(shape(query.pipes));
      return same && printQuery(again) === text ? [] : [`${rule.name}: ${text}`];
    });
    expect(rules.length).toBe(884);
    expect(differ).toEqual([]);
  });
});
