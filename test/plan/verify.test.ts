import { existsSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { EqlError } from '../../src/errors.js';
import { findProblems, SIGNATURES, typeOf, verifyQuery } from '../../src/plan/index.js';
import { FUNCTION_NAMES, parseExpression, parseQuery } from '../../src/query/index.js';
import { readSuiteQueries } from '../query/suite-toml.js';

/** The message verification gives for a query, or null when it passes. */
function problem(query: string): string | null {
  try {
    verifyQuery(parseQuery(query));
    return null;
  } catch (err) {
    if (!(err instanceof EqlError)) throw err;
    return err.message;
  }
}

describe('function arity', () => {
  test.each([
    ['any where between(a)', '1:11: Function [between] takes 3 to 4 arguments, found 1'],
    ['any where between(a, "x", "y", true, 1) == ""', '1:11: Function [between] takes 3 to 4 arguments, found 5'],
    ['any where length() > 0', '1:11: Function [length] takes 1 argument, found 0'],
    ['any where add(1, 2, 3) == 6', '1:11: Function [add] takes 2 arguments, found 3'],
    ['any where cidrMatch(source.ip)', '1:11: Function [cidrMatch] takes at least 2 arguments, found 1'],
    ['any where substring(a) == ""', '1:11: Function [substring] takes 2 to 3 arguments, found 1'],
    ['any where number("1", 10, 2) == 1', '1:11: Function [number] takes 1 to 2 arguments, found 3'],
    ['any where string() == ""', '1:11: Function [string] takes 1 argument, found 0'],
  ])('%s', (query, message) => {
    expect(problem(query)).toBe(message);
  });

  test('each function accepts exactly its documented argument counts', () => {
    const counts: Record<string, [number, number]> = {
      add: [2, 2],
      between: [3, 4],
      cidrMatch: [2, Infinity],
      concat: [0, Infinity],
      divide: [2, 2],
      endsWith: [2, 2],
      indexOf: [2, 3],
      length: [1, 1],
      modulo: [2, 2],
      multiply: [2, 2],
      number: [1, 2],
      startsWith: [2, 2],
      string: [1, 1],
      stringContains: [2, 2],
      substring: [2, 3],
      subtract: [2, 2],
    };
    expect(Object.keys(counts).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const name of FUNCTION_NAMES) {
      const [min, max] = counts[name]!;
      for (let n = 0; n <= 6; n++) {
        // Field arguments have no known type, so only the count can fail.
        const args = Array.from({ length: n }, (_, i) => `f${i}`).join(', ');
        const problems = findProblems(parseQuery(`any where ${name}(${args}) == 1`));
        const arity = problems.some((p) => p.detail.startsWith(`Function [${name}] takes`));
        expect(arity, `${name} with ${n} arguments`).toBe(n < min || n > max);
      }
    }
  });
});

describe('case-insensitive calls', () => {
  test.each(['between', 'endsWith', 'indexOf', 'startsWith', 'stringContains'])(
    '%s~ is accepted',
    (name) => {
      const args = name === 'between' ? 'a, "x", "y"' : 'a, "x"';
      expect(problem(`any where ${name}~(${args}) != null`)).toBeNull();
    },
  );

  test.each(FUNCTION_NAMES.filter((n) => !SIGNATURES[n].caseAware))('%s~ is rejected', (name) => {
    const sig = SIGNATURES[name];
    const args = Array.from({ length: sig.min }, (_, i) => `f${i}`).join(', ');
    const query = `any where ${name}~(${args}) != null`;
    expect(problem(query)).toBe(
      `1:11: Function [${name}] does not accept ~ (case-insensitive matching)`,
    );
  });

  test('the name may be written in any case', () => {
    expect(problem('any where STARTSWITH~(a, "x")')).toBeNull();
    expect(problem('any where LENGTH~(a) > 1')).toBe(
      '1:11: Function [length] does not accept ~ (case-insensitive matching)',
    );
  });
});

describe('argument types', () => {
  test.each([
    ['any where length(5) > 1', '1:18: Argument 1 of [length] must be a string, found integer [5]'],
    ['any where startsWith(a, 1)', '1:25: Argument 2 of [startsWith] must be a string, found integer [1]'],
    ['any where number(s, 2.5) == 1', '1:21: Argument 2 of [number] must be an integer, found decimal [2.5]'],
    ['any where number(s, "16") == 1', '1:21: Argument 2 of [number] must be an integer, found string ["16"]'],
    ['any where number(s, 1) == 1', '1:21: Argument 2 of [number] must be a base from 2 to 36, found [1]'],
    ['any where number(s, 37) == 1', '1:21: Argument 2 of [number] must be a base from 2 to 36, found [37]'],
    ['any where substring(a, "1") == ""', '1:24: Argument 2 of [substring] must be an integer, found string ["1"]'],
    ['any where indexOf(a, "x", true) == 1', '1:27: Argument 3 of [indexOf] must be an integer, found boolean [true]'],
    ['any where add("a", 1) == 1', '1:15: Argument 1 of [add] must be a number, found string ["a"]'],
    ['any where length(length(a)) > 1', '1:18: Argument 1 of [length] must be a string, found integer [length(a)]'],
    ['any where between(a, "x", "y", 1) == ""', '1:32: Argument 4 of [between] must be a boolean, found integer [1]'],
    ['any where between(a, "x", "y", b) == ""', '1:32: Argument 4 of [between] must be a constant boolean, found field [b]'],
    ['any where cidrMatch(ip, 10) ', '1:25: Argument 2 of [cidrMatch] must be a string, found integer [10]'],
    ['any where cidrMatch(ip, other.ip)', '1:25: Argument 2 of [cidrMatch] must be a constant string, found field [other.ip]'],
    [
      'any where cidrMatch(ip, "10.0.0.0/8", concat("10.", "0.0.0/8"))',
      '1:39: Argument 3 of [cidrMatch] must be a constant string, ' +
        'found expression [concat("10.", "0.0.0/8")]',
    ],
    ['any where cidrMatch(ip, "10.0.0.0/33")', '1:25: Argument 2 of [cidrMatch] must be a CIDR block, found ["10.0.0.0/33"]'],
    ['any where cidrMatch(ip, "fe80::/129")', '1:25: Argument 2 of [cidrMatch] must be a CIDR block, found ["fe80::/129"]'],
  ])('%s', (query, message) => {
    expect(problem(query)).toBe(message);
  });

  test('null is accepted wherever a value is', () => {
    expect(problem('any where length(null) == null and number(null, null) == null')).toBeNull();
    expect(problem('any where between(a, null, "y", null) == null')).toBeNull();
  });

  test('fields and computed values of a fitting type pass', () => {
    expect(problem('any where substring(a, length(b) - 1, 2 * 2) == "x"')).toBeNull();
    expect(problem('any where concat(1, true, null, "a", b) == "x"')).toBeNull();
    expect(problem('any where string(5) == "5" and number("0x1f") == 31')).toBeNull();
    expect(problem('any where cidrMatch(ip, "10.0.0.0/8", "::1", "192.168.0.1")')).toBeNull();
  });

  test('a long argument is quoted on one line and cut short', () => {
    const query = 'any where length(\n  concat("aaaaaaaaaa",\n    "bbbbbbbbbb", "cccccccccc") == "x") > 1';
    expect(problem(query)).toBe(
      '2:3: Argument 1 of [length] must be a string, found ' +
        'boolean [concat("aaaaaaaaaa", "bbbbbbbbbb", "c...]',
    );
  });
});

describe('conditions, operators and patterns', () => {
  test.each([
    ['any where 1', '1:11: Condition must be a boolean, found integer [1]'],
    ['any where length(a)', '1:11: Condition must be a boolean, found integer [length(a)]'],
    ['process where "x" and true', '1:15: Operand of [and] must be a boolean, found string ["x"]'],
    ['any where a or 2.5', '1:16: Operand of [or] must be a boolean, found decimal [2.5]'],
    ['any where not "x"', '1:15: Operand of [not] must be a boolean, found string ["x"]'],
    ['any where "a" + 1 == 2', '1:11: Operand of [+] must be a number, found string ["a"]'],
    ['any where -true == 1', '1:12: Operand of [-] must be a number, found boolean [true]'],
    ['any where 5 : "5"', '1:11: Left side of [:] must be a string, found integer [5]'],
    ['any where length(a) like~ "1*"', '1:11: Left side of [like~] must be a string, found integer [length(a)]'],
    [
      'any where a regex "[a-"',
      '1:19: Unterminated character class at position 3 of regular expression "[a-"',
    ],
  ])('%s', (query, message) => {
    expect(problem(query)).toBe(message);
  });

  test('an unsupported regular expression keeps its code', () => {
    const [first] = findProblems(parseQuery('any where a regex~ ("ok.*", "a&b")'));
    expect(first?.code).toBe('unsupported');
    expect(first?.span?.column).toBe(29);
  });

  test('checks reach sequence and sample stages, join keys and until', () => {
    expect(problem('sequence by length(1) [a where true] [b where true]')).toBe(
      '1:20: Argument 1 of [length] must be a string, found integer [1]',
    );
    expect(problem('sequence [a where true] [b where length()]')).toBe(
      '1:34: Function [length] takes 1 argument, found 0',
    );
    expect(problem('sequence [a where true] by x [b where true] by add(x) until [c where 1] by y')).toBe(
      '1:48: Function [add] takes 2 arguments, found 1',
    );
    expect(problem('sequence [a where true] [b where true] until [c where 1]')).toBe(
      '1:55: Condition must be a boolean, found integer [1]',
    );
    expect(problem('sample by h [a where true] by length(1) [b where true] by x')).toBe(
      '1:38: Argument 1 of [length] must be a string, found integer [1]',
    );
  });

  test('every problem is found, in query order', () => {
    const problems = findProblems(parseQuery('any where length() > 0 and startsWith~(a, 1) and 5'));
    expect(problems.map((p) => p.message)).toEqual([
      '1:11: Function [length] takes 1 argument, found 0',
      '1:43: Argument 2 of [startsWith] must be a string, found integer [1]',
      '1:50: Operand of [and] must be a boolean, found integer [5]',
    ]);
    expect(problems.every((p) => p.code === 'type')).toBe(true);
  });
});

describe('typeOf', () => {
  test.each([
    ['"a"', 'string'],
    ['1', 'integer'],
    ['1.0', 'decimal'],
    ['null', 'null'],
    ['a.b', null],
    ['1 + 2', 'integer'],
    ['1 + 2.0', 'number'],
    ['-a', 'number'],
    ['a in (1)', 'boolean'],
    ['indexOf(a, "b")', 'integer'],
    ['number("1")', 'number'],
  ])('%s is %s', (text, type) => {
    expect(typeOf(parseExpression(text))).toBe(type);
  });
});

const SUITE = path.resolve(import.meta.dirname, '../../../shared/conformance/es-eql');
if (!existsSync(SUITE)) console.warn(`conformance suite not found at ${SUITE}: skipping`);

describe.skipIf(!existsSync(SUITE))('the Elasticsearch conformance suite', () => {
  test('every query that parses also verifies', () => {
    const files = ['test_queries.toml', 'test_queries_date.toml', 'test_extra.toml'];
    files.push('test_missing_events.toml', 'test_sample.toml');
    let verified = 0;
    for (const file of files) {
      for (const { name, query } of readSuiteQueries(path.join(SUITE, file))) {
        let parsed;
        try {
          parsed = parseQuery(query);
        } catch {
          continue; // the parser's own tests cover what it rejects
        }
        expect(findProblems(parsed).map((p) => p.message), `${file} ${name}`).toEqual([]);
        verified++;
      }
    }
    expect(verified).toBeGreaterThan(200);
  });
});
