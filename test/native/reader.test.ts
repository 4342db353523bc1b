/**
 * The addon's shard reader against `readShard` plus the native per-line loop: for the same
 * shard, exactly the same worker result (lines, span, events, blank, rejected, bytes,
 * rejects with line and offset, alerts with line, offset and text, stage hits), over the
 * generated corpus, the malformed-input corpus and files made to test the framing rules.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, test } from 'vitest';

import { generateCorpus } from '../../scripts/generate-corpus.js';

import { readsNatively } from '../../src/execute/native-lines.js';
import { loadRuleSet, type RuleSet } from '../../src/execute/rules.js';
import type { ExecOptions } from '../../src/pool/messages.js';
import { planShards, resolveInputs } from '../../src/source/index.js';
import { MAX_LINE_BYTES, writeMalformedCorpus } from '../fixtures/input/malformed.js';
import { tempDir } from '../source/helpers.js';
import { native } from './helpers.js';
import { countsOf, expectSame, nativeExecutor, plainFile, ROOT, SEED, shardsAt } from './reader-helpers.js';

// Generated here, so that the comparison runs wherever the tests do (the cached corpus
// under corpus/generated/ exists only where `npm start` or the benchmarks ran).
const DEMO_FILE = path.join(tempDir(), 'demo-1-10MB.ndjson');
const DEMO_RULES = path.join(ROOT, 'corpus/rules');
const haveSeed = existsSync(SEED);
if (!haveSeed) console.warn(`skipping the seed rule: ${SEED} is missing`);

const QUERIES = [
  'process where process.name == "sshd"',
  'sequence by host.id [process where process.name == "sshd"] [any where true]',
];

const combos: [string, Partial<ExecOptions>][] = [
  ['prefilter', {}],
  ['prefilter, validate', { validate: true }],
  ['no prefilter', { prefilter: false }],
];

describe.skipIf(!native)('the native shard reader', () => {
  describe('over the generated corpus', () => {
    beforeAll(async () => {
      await generateCorpus({ out: DEMO_FILE, seed: 1, size: '10MB', manifest: false });
    });
    const sets: [string, () => Promise<RuleSet>][] = [
      ['corpus/rules', () => loadRuleSet({ paths: [DEMO_RULES] })],
      ...(haveSeed ? [['the seed rule', () => loadRuleSet({ paths: [SEED] })] as [string, () => Promise<RuleSet>]] : []),
    ];
    test.each(sets.flatMap(([name, load]) => combos.map(([how, o]) => [name, how, load, o] as const)))(
      '%s, %s: the same result per shard',
      async (_name, _how, load, o) => {
        const exec = nativeExecutor(await load(), o);
        const { files } = await resolveInputs([DEMO_FILE]);
        let lines = 0;
        let alerts = 0;
        for (const shardBytes of [1 << 20, 3_333_333]) {
          const results = await expectSame(exec, planShards(files, { shardBytes }));
          const counts = results.map(countsOf);
          lines = counts.reduce((n, c) => n + c.span, 0);
          alerts += counts.reduce((n, c) => n + c.alerts.length, 0);
          expect(counts.reduce((n, c) => n + c.bytes, 0)).toBe(files[0]!.size);
        }
        expect(lines).toBeGreaterThan(5000);
        expect(alerts).toBeGreaterThan(0);
      },
      120_000,
    );
  });

  test('over the malformed-input corpus, however it is cut', async () => {
    const dir = path.join(tempDir('eqlscan-reader-'), 'corpus');
    writeMalformedCorpus(dir);
    const { files } = await resolveInputs([dir]);
    const sets = [await loadRuleSet({ queries: ['any where true'] }), await loadRuleSet({ queries: ['any where n == 12'] })];
    if (haveSeed) sets.push(await loadRuleSet({ paths: [SEED] }));
    let read = 0;
    for (const set of sets) {
      for (const o of [{}, { validate: true }]) {
        const exec = nativeExecutor(set, o);
        const plain = files.filter((file) => readsNatively(exec, { id: 0, file, index: 0, of: 1, start: 0, end: file.size }));
        expect(plain.map((f) => path.basename(f.path)).sort()).toEqual(['crlf.jsonl', 'lines.json', 'mixed.ndjson']);
        for (const shardBytes of [1 << 30, 1000, 61]) {
          const results = await expectSame(exec, planShards(plain, { shardBytes }), MAX_LINE_BYTES);
          read += results.length;
        }
      }
    }
    expect(read).toBeGreaterThan(1000);
  }, 60_000);

  describe('framing', () => {
    const dir = tempDir('eqlscan-reader-');
    const sshd = '{"process":{"name":"sshd"},"event":{"category":"process"},"host":{"id":"h"}}';
    const long = `{"pad":"${'x'.repeat(40)}"}`;
    const files: [string, string | Buffer][] = [
      ['crlf', `${sshd}\r\n{"a":1}\r\n\r\n{"process":{"name":"sshd"}\r\n{"b":2}\r\n`],
      ['bom', `\uFEFF${sshd}\n{"a":1}\n\uFEFF{"a":2}\n`],
      ['bom alone', '\uFEFF'],
      ['bom and newline', '\uFEFF\n'],
      ['no final newline', `{"a":1}\n${sshd}`],
      ['blank lines', `\n\n  \n\t\r\n ${sshd}\t\n\n\r\n\r`],
      ['long lines', `${long}\n{"a":1}\n${long}\r\n${sshd}\n${long}\r`],
      ['long last line', `{"a":1}\n${long}`],
      ['lines of 31 and 32 bytes', `{"a":"${'y'.repeat(23)}"}\r\n{"a":"${'y'.repeat(24)}"}\r\n{"a":"${'y'.repeat(22)}"}\r\r\n`],
      ['garbage', `garbage\n[1]\n{"process":{"name":"sshd"\n"sshd"\n{}\n}{\n{"a":"\\u0073shd"}\n`],
      ['carriage returns', '\r\r\n\r\n\r{"a":1}\r\r\n'],
      ['empty', ''],
      ['two bytes', '{}'],
      ['newlines', '\n\n\n'],
      ['nul and bad utf-8', Buffer.concat([Buffer.from('{"a":"\0"}\n{"s":"sshd'), Buffer.of(0xff), Buffer.from('"}\n')])],
    ];

    test.each(files)('%s: the same result at every cut, and in every one-byte shard', async (name, data) => {
      const file = path.join(dir, `${name.replace(/ /g, '-')}.ndjson`);
      writeFileSync(file, data);
      const input = plainFile(file);
      for (const [set, o] of [[QUERIES, {}], [QUERIES, { validate: true }]] as const) {
        const exec = nativeExecutor(await loadRuleSet({ queries: [...set] }), o);
        for (const [maxLineBytes, chunking] of [[32, { lines: 1, textBytes: 70 }], [undefined, {}]] as const) {
          const whole = await expectSame(exec, shardsAt(input, []), maxLineBytes, chunking);
          const lines = countsOf(whole[0]!).span;
          for (let cut = 0; cut <= input.size; cut++) {
            const halves = await expectSame(exec, shardsAt(input, [cut]), maxLineBytes, chunking);
            // Every line is owned by exactly one of the two.
            expect(halves.map(countsOf).reduce((n, c) => n + c.span, 0)).toBe(lines);
            const one = { id: 0, file: input, index: 1, of: 2, start: cut, end: cut + 1 };
            await expectSame(exec, [one], maxLineBytes, chunking);
          }
        }
      }
    });

    test('lines longer than the reader\'s window, kept or skipped', async () => {
      const big = (n: number, what: string) => `{"process":{"name":"${what}"},"pad":"${'z'.repeat(n)}"}`;
      const lines = [big(600_000, 'sshd'), '{"a":1}', big(700_000, 'bash'), big(2_500_000, 'sshd'), '', big(300_000, 'x')];
      const file = path.join(dir, 'big.ndjson');
      writeFileSync(file, lines.join('\r\n'));
      const input = plainFile(file);
      const exec = nativeExecutor(await loadRuleSet({ queries: QUERIES }));
      const first = lines[0]!.length;
      // Inside the first line, on its CR, on its LF, on the next line's first byte, and later.
      const cuts = [[], [1], [first - 1, first], [first + 1, first + 2], [1_400_000, 3_000_000, 4_000_000]];
      for (const maxLineBytes of [1 << 20, 400_000, first - 1, first, undefined]) {
        for (const at of cuts) await expectSame(exec, shardsAt(input, at), maxLineBytes);
      }
      const [result] = await expectSame(exec, shardsAt(input, []), 400_000);
      const skipped = [lines[0]!, lines[2]!, lines[3]!].map((l) => `line too long (${l.length} bytes)`);
      expect(countsOf(result!).rejects.map((r) => r.reason)).toEqual(skipped);
    }, 60_000);
  });
});
