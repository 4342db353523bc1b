import fc from 'fast-check';
import { expect, test } from 'vitest';

import { createExecutor } from '../../src/execute/executor.js';
import { emptyCounts, scanLines } from '../../src/execute/lines.js';
import { loadRuleSet } from '../../src/execute/rules.js';
import type { ExecOptions } from '../../src/pool/messages.js';

const base: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'json', prefilter: true, validate: false,
};

const QUERIES = [
  'file where file.path : "*/Library/Keychains/*"',
  'process where process.name == "sshd" or process.args : "*curl*"',
];

/** Lines of NDJSON, some holding the literals (in other cases, escaped, or split), some not. */
const value = fc.constantFrom(
  '/Users/a/Library/Keychains/login.keychain-db', '/USERS/A/LIBRARY/KEYCHAINS/X', '\\/Users\\/a\\/Library\\/Keychains\\/x',
  '/Users/a/Library/Key\\u0063hains/x', 'sshd', 'SSHD', 'ssh', 'curl -s', 'CURL', 'c\\u0075rl', 'bash', '', 'ké',
);
const line = fc.oneof(
  fc.record({
    category: fc.constantFrom('file', 'process'),
    field: fc.constantFrom('file.path', 'process.name', 'process.args'),
    v: value,
    pad: fc.constantFrom('', ' ', '\t'),
    cr: fc.boolean(),
  }).map(({ category, field, v, pad, cr }) => {
    const [a, b] = field.split('.') as [string, string];
    const body = b === 'args' ? `["x","${v}"]` : `"${v}"`;
    return `${pad}{"event":{"category":"${category}"},"${a}":{"${b}":${body}}}${pad}${cr ? '\r' : ''}`;
  }),
  fc.constantFrom('', '  ', '{"event":', 'garbage keychains', '[1,2]'),
);

function batch(lines: string[], fileOffset: number) {
  const buf = Buffer.from(lines.join('\n'));
  const starts: number[] = [];
  const ends: number[] = [];
  for (let p = 0; p <= buf.length;) {
    let nl = buf.indexOf(10, p);
    if (nl < 0) nl = buf.length;
    starts.push(p);
    ends.push(nl);
    if (nl === buf.length) break;
    p = nl + 1;
  }
  return { buf, starts: Int32Array.from(starts), ends: Int32Array.from(ends), count: starts.length, firstLine: 0, fileOffset };
}

test('the batch prefilter never drops a line whose event matches, and counts every line', async () => {
  const set = await loadRuleSet({ queries: QUERIES });
  const filtered = createExecutor(set.rules, base);
  const unfiltered = createExecutor(set.rules, { ...base, prefilter: false });
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.nat(5000), (lines, offset) => {
      const b = batch(lines, offset);
      const a = emptyCounts();
      const u = emptyCounts();
      scanLines(filtered, b, a);
      scanLines(unfiltered, b, u);
      expect(a.alerts).toEqual(u.alerts);
      expect(a.lines).toBe(u.lines);
      expect(a.blank).toBe(u.blank);
      expect(a.events + a.rejected + a.blank).toBe(a.lines);
    }),
    { numRuns: 400 },
  );
});
