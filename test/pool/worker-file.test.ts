/**
 * Which file the workers (and the scan command) load: the boot file that runs the worker's
 * one-file bundle when that is fresh, else the compiled entry; and the bundle scans exactly
 * as the entry does. The command-line tests run the scan command's bundle.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { loadRuleSet, rulePayload } from '../../src/execute/rules.js';
import { listInputs, shardsOf } from '../../src/pool/inputs.js';
import type { ExecOptions, ParserName, ScanResult, ShardTask } from '../../src/pool/messages.js';
import { preferBundle } from '../../src/package-files.js';
import { workerFile } from '../../src/pool/pool.js';
import { loadNative } from '../../src/native/index.js';
import { makeCorpus, type TestCorpus } from './corpus.js';
import { ensureDist, ROOT } from './dist.js';

describe('workerFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-worker-file-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const entry = (): string => path.join(dir, 'worker.js');
  const bundle = (): string => path.join(dir, 'worker.bundle.cjs');
  const boot = (): string => path.join(dir, 'boot.js');
  const at = (file: string, seconds: number): void => utimesSync(file, seconds, seconds);

  test('the entry when there is no bundle', () => {
    writeFileSync(entry(), '');
    writeFileSync(boot(), '');
    expect(workerFile(dir)).toBe(entry());
  });

  test('the boot file when the bundle is at least as new as the entry', () => {
    writeFileSync(bundle(), '');
    at(entry(), 1_000_000);
    at(bundle(), 1_000_000);
    expect(workerFile(dir)).toBe(boot());
    at(bundle(), 1_000_001);
    expect(workerFile(dir)).toBe(boot());
  });

  test('the entry when the bundle is older, as after a plain tsc build', () => {
    at(entry(), 1_000_002);
    expect(workerFile(dir)).toBe(entry());
  });

  test('the entry when there is no boot file to run the bundle', () => {
    at(bundle(), 1_000_003);
    rmSync(boot());
    expect(workerFile(dir)).toBe(entry());
  });

  test('the build writes fresh bundles of the worker and of the scan and demo commands', () => {
    ensureDist();
    expect(path.basename(workerFile())).toBe('boot.js');
    for (const name of ['scan', 'demo']) {
      const entry = path.join(ROOT, 'dist', 'src', 'cli', 'commands', `${name}.js`);
      expect(preferBundle(entry)).toBe(entry.replace(/\.js$/, '.bundle.js'));
    }
  });
});

type ScanTask = (task: ShardTask) => Promise<ScanResult>;

describe('the bundled worker', () => {
  let corpus: TestCorpus;
  let fromEntry: ScanTask;
  let fromBundle: ScanTask;
  beforeAll(async () => {
    ensureDist();
    corpus = await makeCorpus(2500, 13);
    const load = async (name: string): Promise<ScanTask> => {
      const url = pathToFileURL(path.join(ROOT, 'dist', 'src', 'pool', name)).href;
      return ((await import(url)) as { default: ScanTask }).default;
    };
    fromEntry = await load('worker.js');
    fromBundle = await load('boot.js');
  });

  const parsers: ParserName[] = ['json', ...(loadNative() !== null ? ['native' as const] : [])];

  test.each(parsers)('gives the entry\'s results shard for shard (%s parser)', async (parser) => {
    // The demo rules hold a sequence, so stage hits are compared too.
    const rules = await loadRuleSet({ paths: [path.join(ROOT, 'corpus', 'rules')] });
    const options: ExecOptions = {
      categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
      engine: 'compiled', parser, prefilter: true, validate: false,
    };
    const payload = rulePayload(rules.rules, options);
    const { files } = await listInputs([corpus.file]);
    const shards = shardsOf(files, 1 << 20);
    expect(shards.length).toBeGreaterThan(2);
    let alerts = 0;
    for (const ref of shards) {
      const task: ShardTask = { kind: 'shard', payload, ref };
      const a = await fromEntry(task);
      const b = await fromBundle(task);
      expect(b).toEqual(a);
      if (a.ok) alerts += a.alerts.length;
    }
    expect(alerts).toBeGreaterThan(0);
  });
});
