import { describe, expect, test } from 'vitest';

import { EqlError } from '../../src/errors.js';
import { parseQuery } from '../../src/query/index.js';

/** Parses `text` and returns what it threw; fails the test if nothing was thrown. */
function failure(text: string): EqlError {
  try {
    parseQuery(text);
  } catch (err) {
    if (err instanceof EqlError) return err;
    throw err;
  }
  throw new Error(`expected an error for: ${text}`);
}

describe('syntax errors name what was expected and what was found', () => {
  test.each([
    ['process where', '1:14: Expected an expression but found end of query'],
    ['process where a == 1 and', '1:25: Expected an expression but found end of query'],
    ['where a == 1', "1:1: Expected an event category but found 'where'"],
    ['| head 5', "1:1: Expected an event category but found '|'"],
    ['process a == 1', "1:9: Expected 'where' but found 'a'"],
    ['sequence\n  [process where true\n  where', "3:3: Expected ']' but found 'where'"],
    ['sequence [a where true] [b where true', "1:38: Expected ']' but found end of query"],
    ['sequence\n  [a where true] by k where', "2:23: Expected '|' or end of query but found 'where'"],
    ['process where (a == 1', "1:22: Expected ')' but found end of query"],
    ['process where a == 1 ]', "1:22: Expected '|' or end of query but found ']'"],
    ['process where a not like "x"', "1:17: Expected '|' or end of query but found 'not'"],
    ['process where a < b < c', "1:21: Comparisons cannot be chained, found '<'"],
    ['process where a : 5', "1:19: Expected a string but found '5'"],
    ['process where a like (b)', "1:23: Expected a string but found 'b'"],
    ['process where a in ()', "1:21: Expected an expression but found ')'"],
    ['process where a in 1', "1:20: Expected '(' but found '1'"],
    ['process where a.', '1:17: Expected a field name but found end of query'],
    ['process where and', "1:15: Expected an expression but found 'and'"],
    ["process where a == 'x'", '1:20: Use double quotes for strings, not single quotes'],
    ['process where a == "abc', '1:20: Unterminated string'],
    ['process where a == "ab\ncd"', '1:20: Unterminated string'],
    ['process where `abc', '1:15: Unterminated quoted name'],
    ['process where a == /* x', '1:20: Unterminated comment'],
    ['process where a # 1', "1:17: Unexpected character '#'"],
    ['process where a == "C:\\Windows"', '1:23: Illegal escape sequence [\\W]'],
    ['process where a == "\\u{110000}"', '1:21: Invalid unicode escape [\\u{110000}]'],
    ['process where a == "\\u{}"', '1:21: Invalid unicode escape [\\u{}]'],
    ['process where true | head', '1:26: Expected a non-negative integer but found end of query'],
    ['process where true | head -1', "1:27: Expected a non-negative integer but found '-'"],
    ['process where true | head 1.5', "1:27: Expected a non-negative integer but found '1.5'"],
    ['process where true | ', '1:22: Expected a pipe name but found end of query'],
    ['sequence [a where true] [b where true] until', "1:45: Expected '[' but found end of query"],
    ['sequence by a', "1:14: Expected '[' but found end of query"],
    ['sequence [a where true] with runz=2', "1:30: Expected 'runs' but found 'runz'"],
    ['sequence [a where true] with runs=x', "1:35: Expected an integer but found 'x'"],
    ['sequence with span=1s [a where true] [b where true]', "1:15: Expected 'maxspan' but found 'span'"],
    ['sequence with maxspan=1.5s [a where true] [b where true]', "1:23: Expected an integer but found '1.5'"],
  ])('%j', (text, message) => {
    const err = failure(text);
    expect(err.message).toBe(message);
    expect(err.code).toBe('syntax');
  });
});

describe('shape errors are reported after the whole query parses', () => {
  test.each([
    ['sequence [process where true]', '1:1: A sequence requires at least 2 stages, found 1'],
    ['sequence [a where true] with runs=1', '1:1: A sequence requires at least 2 stages, found 1'],
    ['sequence ![a where true] ![b where true]', '1:1: A sequence requires at least one stage that is not missing'],
    ['sequence [a where true] [b where true] with runs=0', '1:50: Runs must be between 1 and 100, found [0]'],
    ['sequence [a where true] with runs=101', '1:35: Runs must be between 1 and 100, found [101]'],
    ['sample by x [a where true]', '1:1: A sample requires at least 2 stages, found 1'],
    ['sample [a where true] ![b where true]', '1:23: Missing events are only allowed in sequences'],
    [
      'sequence [a where true] by x [b where true] by x, y',
      '1:48: Inconsistent number of join keys: expected [1] but found [2]',
    ],
    [
      'sequence [a where true] by x [b where true] by x until [c where true]',
      '1:56: Inconsistent number of join keys: expected [1] but found [0]',
    ],
    [
      'sequence with maxspan=1 [a where true] [b where true]',
      '1:23: Expected a time unit after [1], as in [1s]',
    ],
    [
      'sequence with maxspan=1y [a where true] [b where true]',
      '1:24: Unknown time unit [y], expected one of [ms, s, m, h, d]',
    ],
    ['sequence with maxspan=0s [a where true] [b where true]', '1:23: Maxspan must be positive, found [0]'],
  ])('%j', (text, message) => {
    const err = failure(text);
    expect(err.message).toBe(message);
    expect(err.code).toBe('syntax');
  });
});

describe('unknown functions', () => {
  test.each([
    ['process where foo(a)', '1:15: Unknown function [foo]'],
    ['process where startswth(a, "b")', '1:15: Unknown function [startswth], did you mean [startsWith]?'],
    ['process where a and CIDRMATCHES(a)', '1:21: Unknown function [CIDRMATCHES], did you mean [cidrMatch]?'],
    ['process where lenght~(a) == 1', '1:15: Unknown function [lenght], did you mean [length]?'],
  ])('%j', (text, message) => {
    const err = failure(text);
    expect(err.message).toBe(message);
    expect(err.code).toBe('unknown-function');
  });
});

describe('unsupported features', () => {
  test.each([
    ['process where true | count', '1:22: Pipe [count] is not supported'],
    ['process where true | head 1 | UNIQUE a', '1:31: Pipe [unique] is not supported'],
    ['join [a where true] [b where true]', '1:1: Join queries are not supported'],
    ['process where descendant of [a where true]', '1:15: Process relationships (of) are not supported'],
  ])('%j', (text, message) => {
    const err = failure(text);
    expect(err.message).toBe(message);
    expect(err.code).toBe('unsupported');
  });
});

test('every error carries a span whose line and column match its message', () => {
  const err = failure('sequence\n  [a where true]\n  [b where');
  expect(err.span).toEqual({ start: 36, end: 36, line: 3, column: 11 });
  expect(err.detail).toBe('Expected an expression but found end of query');
});
