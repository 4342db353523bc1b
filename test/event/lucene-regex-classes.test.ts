import { describe, expect, test } from 'vitest';

import { regexLiterals } from '../../src/compile/prefilter-regex.js';
import { compileLuceneRegex } from '../../src/event/index.js';

describe('Lucene shorthand classes', () => {
  test.each([
    ['\\w+\\.exe', 'svc_1.exe', true],
    ['\\w+\\.exe', 'my svc.exe', false],
    ['\\d{3}', '123', true],
    ['\\d{3}', '12a', false],
    ['a\\sb', 'a\tb', true],
    ['a\\Sb', 'a b', false],
    ['\\W', '-', true],
    ['\\W', 'x', false],
    ['[\\d_]+', '1_2', true],
    ['[\\d_]+', '1-2', false],
    ['\\D+', 'abc', true],
    ['\\.', '.', true],
    ['\\.', 'x', false],
  ])('%s on %j is %s', (pattern, value, expected) => {
    expect(compileLuceneRegex(pattern, false).test(value)).toBe(expected);
  });

  test('a shorthand class is never taken for a letter the line must contain', () => {
    expect(regexLiterals('.*\\\\\\w+\\.exe', false)).toEqual([
      { text: '.exe', caseInsensitive: false, atStart: false, atEnd: false },
    ]);
    expect(regexLiterals('\\w\\d\\s', false)).toBeNull();
  });
});
