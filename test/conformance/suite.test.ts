import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import {
  describeFailure,
  ENGINES,
  formatReport,
  parseDate,
  quoteBareNulls,
  runSuite,
  totals,
} from '../../src/conformance/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUITE = path.resolve(ROOT, '../shared/conformance/es-eql');
const present = existsSync(SUITE);
if (!present) console.warn(`conformance suite not found at ${SUITE}: skipping the suite run`);

/** Queries per spec file, as the suite stands. */
const EXPECTED_COUNTS: Record<string, number> = {
  'test_queries.toml': 133,
  'test_queries_date.toml': 4,
  'test_extra.toml': 40,
  'test_missing_events.toml': 26,
  'test_sample.toml': 25,
};

describe.skipIf(!present)('the Elasticsearch conformance suite, interpreted', () => {
  const files = present ? runSuite(SUITE, ENGINES.get('interpreter')!) : [];

  test('has the expected spec files and query counts', () => {
    const counts = Object.fromEntries(files.map((f) => [f.file, f.results.length]));
    expect(counts).toEqual(EXPECTED_COUNTS);
  });

  test.each(Object.keys(EXPECTED_COUNTS))('every query of %s passes', (file) => {
    const results = files.find((f) => f.file === file)?.results ?? [];
    const failures = results.filter((r) => !r.passed).map((r) => describeFailure(r).join('\n'));
    expect(failures).toEqual([]);
  });

  test('the report ends with the totals line, alone', () => {
    const lines = formatReport(files).trimEnd().split('\n');
    const { passed, failed } = totals(files);
    expect(passed + failed).toBe(228);
    expect(lines.at(-1)).toBe(`${passed} passed, ${failed} failed`);
  });
});

describe('suite quirks', () => {
  test('bare null inside join_keys arrays becomes "null", elsewhere it stays', () => {
    const text = 'a = null\njoin_keys = [null, "null",\n  null] # null\nb = 1';
    const quoted = 'a = null\njoin_keys = ["null", "null",\n  "null"] # null\nb = 1';
    expect(quoteBareNulls(text)).toBe(quoted);
  });

  test('custom date formats read as UTC epoch milliseconds', () => {
    expect(parseDate('17-12-2022', 'dd-MM-yyyy')).toBe(1671235200000);
    expect(parseDate('2022-12-17', 'yyyy-MM-dd')).toBe(1671235200000);
    expect(parseDate('2022-12-17', 'dd-MM-yyyy')).toBeNull();
    expect(parseDate('2022-12-17', 'strict_date_optional_time')).toBeNull();
  });
});
