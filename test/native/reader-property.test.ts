/**
 * Random files cut into random shards: the addon's reader gives `readShard`'s result for
 * each shard, and the shards together own every line of the file exactly once. Cuts fall
 * anywhere, and on purpose inside some line and on some line's first byte.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';

import type { Executor } from '../../src/execute/executor.js';
import { loadRuleSet } from '../../src/execute/rules.js';
import { tempDir } from '../source/helpers.js';
import { native } from './helpers.js';
import { countsOf, expectSame, nativeExecutor, plainFile, shardsAt } from './reader-helpers.js';

const SSHD = '{"process":{"name":"sshd"},"event":{"category":"process"},"host":{"id":"h1"}}';

// Lines of every kind the reader tells apart: candidates that match, candidates that do
// not or do not parse, objects the filter rules out, garbage, blanks, long lines.
const piece = fc.oneof(
  fc.constantFrom(
    SSHD, `  ${SSHD}\t`, '{"process":{"name":"bash"}}', '{"process":{"name":"sshd"', '{"a":1}', '{}',
    '', ' ', '\t', '\r', 'garbage', '[1]', '"sshd"', '{"a":"\\u0073"}', '\uFEFF{"a":2}',
    `{"pad":"${'p'.repeat(50)}"}`, `{"process":{"name":"sshd"},"pad":"${'q'.repeat(40)}"}`,
  ),
  fc.string({ unit: fc.constantFrom('{', '}', '"', 'a', ':', ' ', '\r', 's', 'h', 'd', '\u00e9'), maxLength: 12 }),
);

const file = fc.record({
  bom: fc.boolean(),
  lines: fc.array(fc.tuple(piece, fc.constantFrom('\n', '\r\n')), { maxLength: 24 }),
  finalNewline: fc.boolean(),
  cuts: fc.array(fc.nat(), { maxLength: 4 }),
  // Which line to cut at its first byte, and which inside (when it has an inside).
  atLine: fc.nat(),
  inLine: fc.nat(),
  maxLineBytes: fc.constantFrom(8, 30, 64, undefined),
  chunking: fc.constantFrom({}, { lines: 1, textBytes: 80 }, { lines: 3, textBytes: 200 }),
  validate: fc.boolean(),
});

describe.skipIf(!native)('the native shard reader on random files', () => {
  const dir = tempDir('eqlscan-reader-prop-');
  const execs: Record<string, Executor> = {};
  beforeAll(async () => {
    const set = await loadRuleSet({
      queries: ['process where process.name == "sshd"', 'sequence [process where process.name == "sshd"] [any where true]'],
    });
    execs.plain = nativeExecutor(set);
    execs.validate = nativeExecutor(set, { validate: true });
  });

  test('gives readShard\'s result for any cut into shards', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(file, async (f) => {
        const parts: Buffer[] = f.bom ? [Buffer.of(0xef, 0xbb, 0xbf)] : [];
        const starts: number[] = [];
        let size = parts.length > 0 ? 3 : 0;
        f.lines.forEach(([text, end], i) => {
          const last = i === f.lines.length - 1;
          const bytes = Buffer.from(last && !f.finalNewline ? text : text + end);
          starts.push(size);
          size += bytes.length;
          parts.push(bytes);
        });
        const name = path.join(dir, `f${run++ % 4}.ndjson`);
        writeFileSync(name, Buffer.concat(parts));
        const input = plainFile(name);

        const cuts = new Set(f.cuts.map((c) => c % (size + 1)));
        if (starts.length > 0) {
          const at = starts[f.atLine % starts.length]!;
          cuts.add(at);
          const inside = starts.findIndex((s, i) => (starts[i + 1] ?? size) - s > 1);
          if (inside >= 0) cuts.add(starts[inside]! + 1 + (f.inLine % ((starts[inside + 1] ?? size) - starts[inside]! - 1)));
        }
        const sorted = [...cuts].filter((c) => c > 0 && c < size).sort((a, b) => a - b);
        const exec = f.validate ? execs.validate! : execs.plain!;
        const results = await expectSame(exec, shardsAt(input, sorted), f.maxLineBytes, f.chunking);

        // Every physical line (a last one without a newline included) is owned once.
        const text = Buffer.concat(parts);
        const newlines = text.filter((b) => b === 0x0a).length;
        const lines = newlines + (size > 0 && text[size - 1] !== 0x0a && size > (f.bom ? 3 : 0) ? 1 : 0);
        expect(results.map(countsOf).reduce((n, c) => n + c.span, 0)).toBe(lines);
      }),
      { numRuns: 500 },
    );
  }, 120_000);
});
