/**
 * A worker that dies while holding a range: the range is retried once, and named as not
 * scanned when the retry dies too. Real workers exit through the `EQLSCAN_TEST_CRASH_AT` hook.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';

import { loadRuleSet, type RuleSet } from '../../src/execute/rules.js';
import type { ExecOptions } from '../../src/pool/messages.js';
import { CRASH_ENV } from '../../src/pool/worker.js';
import { collect, makeCorpus, type TestCorpus } from './corpus.js';
import { ensureDist } from './dist.js';

const options: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'json', prefilter: true, validate: false,
};
const SHARD = 1 << 20;

describe('worker death', () => {
  let corpus: TestCorpus;
  let rules: RuleSet;
  beforeAll(async () => {
    ensureDist();
    corpus = await makeCorpus(4000);
    rules = await loadRuleSet({ queries: ['process where process.name like~ "s*"'] });
  });
  afterEach(() => {
    delete process.env[CRASH_ENV];
  });

  test('a range whose worker exits once is retried, and the scan is complete', async () => {
    const clean = await collect({ inputs: [corpus.file], rules, options, workers: 2, shardBytes: SHARD });
    const marker = path.join(mkdtempSync(path.join(tmpdir(), 'eqlscan-crash-')), 'crashed');
    process.env[CRASH_ENV] = `${Math.floor(2.5 * SHARD)}@${marker}`;
    const { alerts, stats } = await collect({ inputs: [corpus.file], rules, options, workers: 2, shardBytes: SHARD });
    expect(existsSync(marker)).toBe(true);
    expect(stats.retried).toHaveLength(1);
    expect(stats.retried[0]!.start).toBeLessThanOrEqual(2.5 * SHARD);
    expect(stats.retried[0]!.end).toBeGreaterThan(2.5 * SHARD);
    expect(stats.retried[0]!.reason).toMatch(/exited/);
    expect(stats.notScanned).toEqual([]);
    expect(alerts).toEqual(clean.alerts);
    expect(stats.lines).toBe(clean.stats.lines);
  });

  test('a range whose worker exits twice is named as not scanned; later lines keep their numbers', async () => {
    const clean = await collect({ inputs: [corpus.file], rules, options, workers: 2, shardBytes: SHARD });
    process.env[CRASH_ENV] = String(Math.floor(1.5 * SHARD));
    const { alerts, stats } = await collect({ inputs: [corpus.file], rules, options, workers: 2, shardBytes: SHARD });
    expect(stats.notScanned).toHaveLength(1);
    const lost = stats.notScanned[0]!;
    expect(lost.file).toBe(corpus.file);
    expect(lost.reason).toMatch(/exited.*retry.*exited/);
    const outside = clean.alerts.filter((a) => a.offset < lost.start || a.offset >= lost.end);
    expect(outside.length).toBeLessThan(clean.alerts.length);
    expect(alerts).toEqual(outside);
    expect(stats.lines).toBeLessThan(clean.stats.lines);
    expect(stats.bytes).toBeLessThan(clean.stats.bytes);
  });
});
