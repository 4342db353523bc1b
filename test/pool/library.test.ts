/**
 * The library API, including the README example run as written (workers come from dist/,
 * built by `npm install`; `ensureDist` rebuilds it when sources are newer).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

import { isSequenceAlert, scanSources } from '../../src/index.js';
import { makeCorpus, type TestCorpus } from './corpus.js';
import { ROOT, ensureDist } from './dist.js';

let corpus: TestCorpus;
beforeAll(async () => {
  ensureDist();
  corpus = await makeCorpus(2000);
});

describe('scanSources', () => {
  test('yields alerts in order, then the stats', async () => {
    const scan = scanSources({ inputs: [corpus.file], rules: { paths: [path.join(ROOT, 'corpus/rules')] }, workers: 2 });
    const lines: number[] = [];
    let sequences = 0;
    for await (const alert of scan) {
      if (isSequenceAlert(alert)) sequences++;
      else lines.push(alert.line);
    }
    const stats = await scan.stats;
    const planted = (kind: string) => Object.values(corpus.manifest.rules)
      .filter((r) => r.kind === kind)
      .reduce((n, r) => n + r.truePositives, 0);
    expect(lines).toHaveLength(planted('event'));
    expect(sequences).toBe(planted('sequence'));
    expect(sequences).toBeGreaterThan(0);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    expect(stats.events).toBe(corpus.manifest.events);
    expect((await scan.rules).unsupported).toEqual([]);
  });

  test('awaiting stats alone runs the scan; a set with no usable rule rejects', async () => {
    const stats = await scanSources({ inputs: [corpus.file], rules: { queries: ['process where true'] }, workers: 1 }).stats;
    expect(stats.alerts['query-1']).toBeGreaterThan(0);
    await expect(scanSources({ inputs: [corpus.file], rules: { queries: ['process where ('] } }).stats)
      .rejects.toThrow(/no rule to run \(1 failed/);
  });
});

test('the README library example runs as written', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const code = /## Library\n\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  // A module inside the package resolves 'eqlscan' to the package itself.
  const script = path.join(ROOT, 'dist', `.readme-example-${process.pid}.mjs`);
  writeFileSync(script, code!);
  const r = spawnSync(process.execPath, [script, corpus.file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  rmSync(script);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(new RegExp(`${corpus.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+ Access to Keychain`));
  expect(r.stdout.trim().split('\n').at(-1)).toMatch(/^2000 events, \d+ bytes in [\d.]+ s$/);
});
