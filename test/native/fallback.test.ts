/**
 * `--parser native` without the addon: the scan says once why, and runs on the json parser.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

import type { ExecOptions } from '../../src/pool/messages.js';
import { CLI, ensureDist } from '../pool/dist.js';

const options: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'native', prefilter: true, validate: false,
};

describe('the native parser when the addon is turned off', () => {
  const saved = process.env.EQLSCAN_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.EQLSCAN_NATIVE;
    else process.env.EQLSCAN_NATIVE = saved;
    vi.resetModules();
  });

  test('runnableOptions falls back to json and says why, once per call', async () => {
    process.env.EQLSCAN_NATIVE = '0';
    vi.resetModules();
    const { runnableOptions } = await import('../../src/native/fallback.js');
    const said: string[] = [];
    const runnable = runnableOptions(options, (line) => said.push(line));
    expect(runnable).toEqual({ ...options, parser: 'json' });
    expect(said).toEqual([
      'eqlscan: the native parser is not available: turned off by EQLSCAN_NATIVE=0; using the json parser\n',
    ]);
    expect(runnableOptions({ ...options, parser: 'json' }, (line) => said.push(line)).parser).toBe('json');
    expect(said.length).toBe(1);
  });

  describe('through the command line', () => {
    beforeAll(() => ensureDist(), 180_000);

    test('scans with the json parser over two workers, saying so once', () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'eqlscan-fallback-'));
      const file = path.join(dir, 'events.ndjson');
      const lines = Array.from({ length: 400 }, (_, i) =>
        JSON.stringify({ event: { category: 'process' }, process: { name: i % 7 === 0 ? 'sshd' : 'bash' } }));
      writeFileSync(file, lines.join('\n') + '\n');
      const scan = (parser: string, env: NodeJS.ProcessEnv) => spawnSync(process.execPath, [
        CLI, 'scan', '--query', 'process where process.name == "sshd"', '--parser', parser,
        '--workers', '2', '--no-progress', file,
      ], { encoding: 'utf8', env: { ...process.env, ...env } });
      const off = scan('native', { EQLSCAN_NATIVE: '0' });
      const json = scan('json', {});
      expect(off.status).toBe(0);
      expect(off.stdout).toBe(json.stdout);
      const notes = off.stderr.split('\n').filter((l) => l.includes('native parser is not available'));
      expect(notes).toEqual([
        'eqlscan: the native parser is not available: turned off by EQLSCAN_NATIVE=0; using the json parser',
      ]);
      expect(off.stderr).toMatch(/2 workers, json parser/);
    }, 60_000);
  });
});
