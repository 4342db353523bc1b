import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { describeFailure, ENGINES, runSuite, totals } from '../../src/conformance/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SUITE = path.resolve(ROOT, '../shared/conformance/es-eql');
const present = existsSync(SUITE);
if (!present) console.warn(`conformance suite not found at ${SUITE}: skipping the compiled runs`);

describe.skipIf(!present)('the Elasticsearch conformance suite, compiled', () => {
  test.each(['compiled', 'both'])('every query passes with --engine %s', (name) => {
    const files = runSuite(SUITE, ENGINES.get(name)!);
    const failures = files
      .flatMap((f) => f.results)
      .filter((r) => !r.passed)
      .map((r) => describeFailure(r).join('\n'));
    expect(failures).toEqual([]);
    expect(totals(files)).toEqual({ passed: 228, failed: 0 });
  });
});
