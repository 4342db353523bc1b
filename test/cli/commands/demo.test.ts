/**
 * `eqlscan demo` end to end on a small corpus (the compiled command line in dist/, built by
 * `npm install`; `ensureDist` rebuilds it when sources are newer).
 */
import { spawnSync } from 'node:child_process';
import { beforeAll, expect, test } from 'vitest';

import { CLI, ROOT, ensureDist } from '../../pool/dist.js';

beforeAll(() => ensureDist());

test('demo generates (or reuses) its corpus, scans it and agrees with the manifest', () => {
  const r = spawnSync(process.execPath, [CLI, 'demo', '--size', '3000', '--seed', '11', '--sample', '2000', '--workers', '2'], {
    cwd: ROOT, encoding: 'utf8', timeout: 120_000,
  });
  expect(r.status).toBe(0);
  expect(r.stderr).toContain('corpus/generated/demo-11-3000.ndjson');
  expect(r.stdout).toMatch(/scanned 1 file, 3,000 events in 3,000 lines/);
  expect(r.stdout).toContain('every rule that ran found exactly what was planted');
  expect(r.stdout).toMatch(/planted +\d+ found +ok +Office Child Binary Proxy Followed by Outbound Connection/);
  expect(r.stdout).toMatch(/compiled is [\d.]+x the interpreter/);
});
