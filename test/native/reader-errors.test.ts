/**
 * The addon's shard reader where reading goes wrong, and where the worker uses it: a file
 * that cannot be opened or read, or that shrank or grew after planning, comes out exactly
 * as through `readShard`; gzip, JSON arrays and standard input are never read natively.
 */
import { appendFileSync, chmodSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { createExecutor } from '../../src/execute/executor.js';
import { readsNatively } from '../../src/execute/native-lines.js';
import { loadRuleSet } from '../../src/execute/rules.js';
import { loadNative } from '../../src/native/index.js';
import type { RulePayload } from '../../src/pool/messages.js';
import scanTask from '../../src/pool/worker.js';
import { planShards, resolveInputs, type InputFile, type Shard } from '../../src/source/index.js';
import { tempDir } from '../source/helpers.js';
import { native } from './helpers.js';
import { base, countsOf, expectSame, nativeExecutor, plainFile, shardsAt, viaReadShard } from './reader-helpers.js';

const QUERY = 'process where process.name == "sshd"';
const line = (i: number) =>
  i % 7 === 3 ? `{"process":{"name":"sshd"},"event":{"category":"process"},"i":${i}}` : `{"i":${i},"v":"${'w'.repeat(i % 50)}"}`;
const content = Array.from({ length: 400 }, (_, i) => line(i)).join('\n') + '\n';

const root = process.getuid?.() === 0;
if (root) console.warn('skipping the unreadable-file case: root may read any file');

describe.skipIf(!native)('the native shard reader when reading fails', () => {
  const dir = tempDir('eqlscan-reader-err-');

  test('a directory: the read error, as readShard reports it', async () => {
    const sub = path.join(dir, 'not-a-file.ndjson');
    mkdirSync(sub);
    const exec = nativeExecutor(await loadRuleSet({ queries: [QUERY] }));
    const input: InputFile = { ...plainFile(sub), size: 1000 };
    const results = await expectSame(exec, shardsAt(input, [500]));
    expect(results.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'EISDIR: illegal operation on a directory, read at byte 0',
      'EISDIR: illegal operation on a directory, read at byte 499',
    ]);
  });

  test('a file gone before its shard is read: the open error', async () => {
    const exec = nativeExecutor(await loadRuleSet({ queries: [QUERY] }));
    const gone = path.join(dir, 'gone.ndjson');
    const input: InputFile = { path: gone, absPath: gone, size: 100, compression: 'none', format: 'ndjson' };
    const [result] = await expectSame(exec, shardsAt(input, []));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^ENOENT: .* at byte 0$/) });
  });

  test.skipIf(root)('a file that may not be read: the open error', async () => {
    const file = path.join(dir, 'secret.ndjson');
    writeFileSync(file, content);
    chmodSync(file, 0o000);
    const exec = nativeExecutor(await loadRuleSet({ queries: [QUERY] }));
    const [result] = await expectSame(exec, shardsAt(plainFile(file), []));
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^EACCES: /) });
  });

  test('a file that shrank or grew after planning: its lines as they are now', async () => {
    const exec = nativeExecutor(await loadRuleSet({ queries: [QUERY] }));
    const file = path.join(dir, 'changing.ndjson');
    for (const size of [content.length / 3 + 5, 0, content.length + 4000]) {
      writeFileSync(file, content);
      const shards = planShards([plainFile(file)], { shardBytes: 3000 });
      if (size < content.length) truncateSync(file, Math.floor(size));
      else appendFileSync(file, `${line(3)}\n`.repeat(60));
      const results = await expectSame(exec, shards);
      const alerts = results.map(countsOf).reduce((n, c) => n + c.alerts.length, 0);
      expect(alerts > 0).toBe(size > 0);
    }
    expect(statSync(file).size).toBeGreaterThan(content.length);
  });
});

describe.skipIf(!native)('the worker with the native shard reader', () => {
  const dir = tempDir('eqlscan-reader-worker-');

  test('reads plain NDJSON natively, and nothing else', async () => {
    const set = await loadRuleSet({ queries: [QUERY] });
    const exec = nativeExecutor(set);
    const file = path.join(dir, 'plain.ndjson');
    writeFileSync(file, content);
    const plain = shardsAt(plainFile(file), [])[0]!;
    expect(readsNatively(exec, plain)).toBe(true);
    const others: Shard[] = [
      { ...plain, file: { ...plain.file, compression: 'gzip' } },
      { ...plain, file: { ...plain.file, format: 'json-array' } },
      { ...plain, end: Infinity, file: { path: '-', absPath: '-', size: -1, compression: 'none', format: 'sniff' } },
    ];
    for (const shard of others) expect(readsNatively(exec, shard)).toBe(false);
    expect(readsNatively(createExecutor(set.rules, { ...base, parser: 'json' }), plain)).toBe(false);
  });

  test('EQLSCAN_NATIVE_READER=0 turns the reader off', async () => {
    const filter = loadNative()!.createLineFilter(null);
    process.env.EQLSCAN_NATIVE_READER = '0';
    try {
      expect(loadNative()!.createShardReader(filter)).toBeNull();
      const exec = createExecutor((await loadRuleSet({ queries: [QUERY] })).rules, base);
      expect(exec.native!.reader).toBeNull();
    } finally {
      delete process.env.EQLSCAN_NATIVE_READER;
    }
    expect(loadNative()!.createShardReader(filter)).not.toBeNull();
  });

  test('a shard task gives the result of readShard and the per-line loop', async () => {
    const set = await loadRuleSet({ queries: [QUERY] });
    const file = path.join(dir, 'task.ndjson');
    writeFileSync(file, `\uFEFF${content}{"process":{"name":"sshd"}}\r\n[]\r\n{"cut":`);
    const { files } = await resolveInputs([file]);
    const payload: RulePayload = { key: 'reader-task', rules: set.rules, options: base };
    const exec = nativeExecutor(set);
    let alerts = 0;
    for (const shard of planShards(files, { shardBytes: 2500 })) {
      const ref = { file, start: shard.start, end: shard.end, index: shard.index, shard };
      const got = await scanTask({ kind: 'shard', payload, ref });
      expect(got).toEqual(await viaReadShard(exec, shard));
      alerts += countsOf(got).alerts.length;
    }
    // Every seventh line from line 3 of `content`; the last sshd line has no category.
    expect(alerts).toBe(57);
  });
});
