import { describe, expect, test } from 'vitest';

import { tokenize } from '../../src/query/index.js';

const values = (text: string) => tokenize(text).map((t) => t.value);
const only = (text: string) => {
  const tokens = tokenize(text);
  expect(tokens).toHaveLength(2);
  return tokens[0]!;
};

describe('tokenize', () => {
  test('splits names, operators and numbers and ends with eof', () => {
    const tokens = tokenize('a.b >= 10');
    expect(tokens.map((t) => t.kind)).toEqual(['ident', 'punct', 'ident', 'punct', 'number', 'eof']);
    expect(tokens.map((t) => t.value)).toEqual(['a', '.', 'b', '>=', 10, '']);
  });

  test('prefers the longest operator', () => {
    expect(values('<=<>=!=![==')).toEqual(['<=', '<', '>=', '!=', '![', '==', '']);
  });

  test('names may hold @, _ and digits', () => {
    expect(values('@timestamp _x1 a@b')).toEqual(['@timestamp', '_x1', 'a@b', '']);
  });

  test('spans carry offsets and 1-based line and column', () => {
    const [, second] = tokenize('a\n  bc');
    expect(second!.span).toEqual({ start: 4, end: 6, line: 2, column: 3 });
  });

  test('the eof token sits at the end of the text', () => {
    const tokens = tokenize('a\nb ');
    expect(tokens[2]!.span).toMatchObject({ start: 4, line: 2, column: 3 });
  });

  test('comments are skipped, including multi-line block comments', () => {
    const tokens = tokenize('a // one\n/* two\nthree */ b');
    expect(tokens.map((t) => t.value)).toEqual(['a', 'b', '']);
    expect(tokens[1]!.span).toMatchObject({ line: 3, column: 10 });
  });

  test('integers and decimals', () => {
    expect(only('42')).toMatchObject({ kind: 'number', value: 42, decimal: false });
    expect(only('1.5')).toMatchObject({ value: 1.5, decimal: true });
    expect(only('1e3')).toMatchObject({ value: 1000, decimal: true });
    expect(only('2.5E-1')).toMatchObject({ value: 0.25, decimal: true });
    expect(only('.5')).toMatchObject({ value: 0.5, decimal: true });
  });

  test('a dot after a name is a path separator, not a decimal point', () => {
    expect(values('a.b')).toEqual(['a', '.', 'b', '']);
  });

  test('decodes the escapes Elasticsearch allows', () => {
    expect(only(String.raw`"a\\b\"c\'d\ne\tf\rg\bh\fi"`).value).toBe('a\\b"c\'d\ne\tf\rg\bh\fi');
  });

  test('decodes \\u{...} escapes of 1 to 8 hex digits', () => {
    expect(only(String.raw`"\u{41}\u{202E}\u{0001F600}"`).value).toBe('A\u202E\u{1F600}');
  });

  test('raw strings keep backslashes and newlines as written', () => {
    expect(only('"""C:\\x\n\\d+"""').value).toBe('C:\\x\n\\d+');
  });

  test('a raw string may end with up to two extra quotes', () => {
    expect(only('""" a "" """""').value).toBe(' a "" ""');
  });

  test('a raw string spanning lines moves the line count on', () => {
    const tokens = tokenize('"""a\nb""" c');
    expect(tokens[1]!.span).toMatchObject({ line: 2, column: 6 });
  });

  test('backtick names undo doubled backticks', () => {
    expect(only('`my ``odd`` field`')).toMatchObject({ kind: 'escaped', value: 'my `odd` field' });
  });
});
