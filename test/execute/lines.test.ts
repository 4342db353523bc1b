import { expect, test } from 'vitest';

import { createExecutor } from '../../src/execute/executor.js';
import { emptyCounts, scanLines } from '../../src/execute/lines.js';
import { loadRuleSet } from '../../src/execute/rules.js';
import type { ExecOptions } from '../../src/pool/messages.js';

const base: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'json', prefilter: true, validate: false,
};

function batch(text: string, fileOffset = 1000) {
  const buf = Buffer.from(text);
  const starts: number[] = [];
  const ends: number[] = [];
  for (let p = 0; p < buf.length;) {
    let nl = buf.indexOf(10, p);
    if (nl < 0) nl = buf.length;
    starts.push(p);
    ends.push(nl);
    p = nl + 1;
  }
  return { buf, starts: Int32Array.from(starts), ends: Int32Array.from(ends), count: starts.length, firstLine: 5, fileOffset };
}

const text = [
  '{"event":{"category":"process"},"process":{"name":"sshd"}}\r',
  '  ',
  '{"event":{"category":"process"},"process":{"name":"bash"}}',
  '{"event":',
  '{"x":1,}',
  '"just a string"',
].join('\n');

test.each([
  ['prefilter, shape checks only', { prefilter: true, validate: false }],
  ['every line decoded', { prefilter: true, validate: true }],
  ['no prefilter', { prefilter: false, validate: false }],
])('%s: each line is blank, an event or rejected, and matches keep their position', async (_, o) => {
  const set = await loadRuleSet({ queries: ['process where process.name == "sshd"'] });
  const exec = createExecutor(set.rules, { ...base, ...o });
  const counts = emptyCounts();
  scanLines(exec, batch(text), counts);
  expect(counts.lines).toBe(6);
  expect(counts.blank).toBe(1);
  expect(counts.events + counts.rejected).toBe(5);
  expect(counts.alerts).toEqual([{ rule: 0, line: 5, offset: 1000, text: '{"event":{"category":"process"},"process":{"name":"sshd"}}' }]);
  const rejectedLines = counts.rejects.map((r) => r.line);
  expect(rejectedLines).toContain(8); // truncated
  expect(rejectedLines).toContain(10); // a string is not an object
  if (o.validate || !o.prefilter) expect(rejectedLines).toEqual([8, 9, 10]);
});
