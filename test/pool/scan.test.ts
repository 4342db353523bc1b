/**
 * Whole scans through the worker pool (npm test runs after `npm install`, whose `prepare`
 * script builds the workers in dist/; `ensureDist` rebuilds them when sources are newer).
 */
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';

import { loadRuleSet, type RuleSet } from '../../src/execute/rules.js';
import { ScanPool } from '../../src/pool/pool.js';
import { loadNative, nativeUnavailableReason } from '../../src/native/index.js';
import type { EngineName, ExecOptions, ParserName } from '../../src/pool/messages.js';
import { KEYCHAIN_ID, SEED_PAGE, collect, makeCorpus, plantedLines, type TestCorpus } from './corpus.js';
import { ensureDist } from './dist.js';

const options = (engine: EngineName, parser: ParserName): ExecOptions => ({
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine, parser, prefilter: true, validate: false,
});

const haveSeed = existsSync(SEED_PAGE);
if (!haveSeed) console.warn(`skipping seed-page scans: ${SEED_PAGE} is missing`);
const haveNative = loadNative() !== null;
if (!haveNative) console.warn(`skipping native-parser scans: ${nativeUnavailableReason()}`);
const PARSERS: ParserName[] = ['json', 'simdjson', ...(haveNative ? ['native' as const] : [])];

describe.skipIf(!haveSeed)('the keychain rule page as --rules over a generated corpus', () => {
  let corpus: TestCorpus;
  let other: TestCorpus;
  let rules: RuleSet;
  beforeAll(async () => {
    ensureDist();
    corpus = await makeCorpus(6000);
    other = await makeCorpus(1500, 9);
    rules = await loadRuleSet({ paths: [SEED_PAGE] });
  });

  test('the page loads as one runnable event rule', () => {
    expect(rules.rules.map((r) => r.name)).toEqual(['Access to Keychain Credentials Directories']);
    expect(rules.failed).toEqual([]);
  });

  const matrix: [number, ParserName, EngineName][] = [];
  for (const workers of [1, 2, 4]) {
    for (const parser of PARSERS) {
      for (const engine of ['compiled', 'interpreter'] as const) matrix.push([workers, parser, engine]);
    }
  }

  test.each(matrix)('%i workers, %s parser, %s engine: exactly the planted lines', async (workers, parser, engine) => {
    const want = plantedLines(corpus.manifest, KEYCHAIN_ID);
    expect(want.length).toBeGreaterThan(3);
    // Small shards, so that every worker count really splits the file.
    const { alerts, stats } = await collect({
      inputs: [corpus.file], rules, options: options(engine, parser), workers, shardBytes: 1 << 20,
    });
    expect(alerts.map((a) => a.line)).toEqual(want);
    expect(stats.parser).toBe(parser);
    expect(stats.events).toBe(corpus.manifest.events);
    expect(stats.lines).toBe(stats.events + stats.blank + stats.rejected);
    expect(stats.bytes).toBe(corpus.manifest.bytes);
    expect(Object.values(stats.alerts)).toEqual([want.length]);
  });

  test('alerts come out in the same order, offsets and text for 1, 2 and 4 workers', async () => {
    const runs = [];
    for (const workers of [1, 2, 4]) {
      const { alerts } = await collect({
        inputs: [corpus.file, other.file],
        rules: await loadRuleSet({ queries: ['process where process.name like~ "s*"'] }),
        options: options('compiled', 'json'), workers, shardBytes: 300_000,
      });
      runs.push(alerts.map((a) => `${a.file}:${a.line}:${a.offset}:${a.raw.length}`));
    }
    expect(runs[0]!.length).toBeGreaterThan(50);
    expect(new Set(runs[0]!.map((r) => r.split(':')[0])).size).toBe(2);
    expect(runs[1]).toEqual(runs[0]);
    expect(runs[2]).toEqual(runs[0]);
  });

  test('a pool started before the scan runs it and sets the worker count', async () => {
    const job = {
      inputs: [corpus.file],
      rules: await loadRuleSet({ queries: ['process where process.name like~ "s*"'] }),
      options: options('compiled', 'json'), shardBytes: 300_000,
    };
    const own = await collect({ ...job, workers: 2 });
    const pool = new ScanPool(1);
    const lent = await collect({ ...job, workers: 4, pool });
    expect(lent.stats.workers).toBe(1);
    expect(lent.alerts).toEqual(own.alerts);
    expect(lent.stats.events).toBe(own.stats.events);
  });

  test.skipIf(!haveNative)('the native parser gives the json parser\'s alerts and totals, validating or not', async () => {
    for (const validate of [false, true]) {
      const job = (parser: ParserName) => ({
        inputs: [corpus.file, other.file],
        rules: rules,
        options: { ...options('compiled', parser), validate },
        workers: 2,
        shardBytes: 300_000,
      });
      const json = await collect(job('json'));
      const native = await collect(job('native'));
      expect(native.alerts).toEqual(json.alerts);
      expect({ ...native.stats, seconds: 0, parser: 'json' }).toEqual({ ...json.stats, seconds: 0 });
    }
  });
});
