import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';

import { run, type VerifyCommandOptions } from '../../../src/cli/commands/verify.js';
import { createVerifier, type EventVerifier } from '../../../src/execute/verify.js';
import { captureOutput } from './capture.js';

const DEMO_RULES = path.resolve(import.meta.dirname, '../../../corpus/rules');
const dir = mkdtempSync(path.join(os.tmpdir(), 'eqlscan-verify-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
});

/** Writes an input file into the temporary folder and returns its path. */
function input(name: string, lines: unknown[], gzip = false): string {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
  const file = path.join(dir, name);
  writeFileSync(file, gzip ? gzipSync(text) : text);
  return file;
}

const capture = (args: string[], options?: VerifyCommandOptions) => captureOutput(() => run(args, options));

const cmd = { event: { category: 'process' }, process: { name: 'CMD.EXE', args: ['/c', 'dir'] } };
const sh = { event: { category: 'process' }, process: { name: 'bash' } };
const net = { event: { category: 'network' }, destination: { port: 443 } };

/**
 * A verifier that agrees with the real one except that, on events whose `planted` field is
 * true, it reports the compiled verdict of the first rule flipped: a stand-in for a compiler
 * bug, so the reporting path can be seen at work.
 */
function withPlantedBug(
  plans: Parameters<typeof createVerifier>[0],
  options: Parameters<typeof createVerifier>[1],
): EventVerifier {
  const real = createVerifier(plans, options);
  return {
    ...real,
    check(event) {
      const found = real.check(event);
      if ((event as { planted?: boolean }).planted !== true) return found;
      const interpreted = real.plans.length > 0;
      return [{ index: 0, interpreted, compiled: !interpreted }, ...found];
    },
  };
}

describe('eqlscan verify', () => {
  test('reports the totals and exits 0 when the engines agree', async () => {
    const file = input('agree.ndjson', [cmd, sh, net, '', cmd]);
    const { code, out, err } = await capture([
      '--query', 'process where process.name : "cmd.exe"',
      '--query', 'network where destination.port in (80, 443)',
      file,
    ]);
    expect(err).toBe('');
    expect(out).toBe('4 events, 2 rules, 0 disagreements (matches: interpreter 3, compiled 3)\n');
    expect(code).toBe(0);
  });

  test('reads gzip input and rule folders, and verifies sequence rules whole', async () => {
    const file = input('demo.ndjson.gz', [cmd, sh, net], true);
    const { code, out, err } = await capture(['--rules', DEMO_RULES, file]);
    expect(err).toBe('');
    expect(out).toBe(
      '1 sequence/sample rules, 0 differ (matches: interpreter 0, scan 0)\n' +
        '3 events, 5 rules, 0 disagreements (matches: interpreter 0, compiled 0)\n',
    );
    expect(code).toBe(0);
  });

  test('prints each disagreement as FILE:LINE: RULE (NAME): verdicts, and exits 1', async () => {
    const planted = [cmd, { ...sh, planted: true }, net, { ...net, planted: true }];
    const file = input('bug.ndjson', planted);
    const rule = 'query-1 (process where process.name : "cmd.exe")';
    const { code, out } = await capture(
      ['--query', 'process where process.name : "cmd.exe"', file],
      { createVerifier: withPlantedBug },
    );
    expect(out).toBe(
      [
        `${file}:2: ${rule}: interpreter=true compiled=false`,
        `${file}:4: ${rule}: interpreter=true compiled=false`,
        '4 events, 1 rules, 2 disagreements (matches: interpreter 1, compiled 1)',
        '',
      ].join('\n'),
    );
    expect(code).toBe(1);
  });

  test('--max-reports caps the lines printed but not the count', async () => {
    const file = input('many.ndjson', [1, 2, 3].map(() => ({ ...sh, planted: true })));
    const { code, out } = await capture(
      ['--max-reports', '1', '--query', 'any where true', file],
      { createVerifier: withPlantedBug },
    );
    expect(out.split('\n').slice(1)).toEqual([
      '... 2 more disagreements not shown',
      '3 events, 1 rules, 3 disagreements (matches: interpreter 3, compiled 3)',
      '',
    ]);
    expect(code).toBe(1);
  });

  test('counts lines that are not JSON objects and shows where they are', async () => {
    const file = input('bad.ndjson', [cmd, '{"unterminated', '[1, 2]', sh]);
    const { code, out, err } = await capture(['--query', 'any where true', file]);
    expect(err).toContain(`${file}:2: skipped: invalid JSON: `);
    expect(err).toContain(`${file}:3: skipped: not a JSON object\n`);
    expect(err).toContain('eqlscan verify: 2 lines were not JSON objects\n');
    expect(out).toBe('2 events, 1 rules, 0 disagreements (matches: interpreter 2, compiled 2)\n');
    expect(code).toBe(0);
  });

  test('reports rule errors in their files and verifies the other rules', async () => {
    const rules = path.join(dir, 'rules.eql');
    writeFileSync(rules, 'process where process.name == \n');
    const file = input('one.ndjson', [cmd]);
    const { code, out, err } = await capture(['--rules', rules, '--query', 'any where true', file]);
    expect(err).toBe(`${rules}:2:1: Expected an expression but found end of query\n`);
    expect(out).toBe('1 events, 1 rules, 0 disagreements (matches: interpreter 1, compiled 1)\n');
    expect(code).toBe(1);
  });

  test('exits 2 on usage errors', async () => {
    const file = input('u.ndjson', [cmd]);
    expect((await capture([file])).code).toBe(2);
    expect((await capture(['--query', 'any where true'])).code).toBe(2);
    const bogus = await capture(['--bogus', file]);
    expect(bogus.err).toMatch(/^eqlscan verify: unknown option --bogus\n/);
    expect(bogus.code).toBe(2);
    expect((await capture(['--max-reports', 'x', '--query', 'any where true', file])).code).toBe(2);
    const missing = await capture(['--query', 'any where true', path.join(dir, 'nope.ndjson')]);
    expect(missing.err).toContain('nope.ndjson: no such file or directory');
    expect(missing.code).toBe(2);
    const noRules = await capture(['--rules', path.join(dir, 'nowhere'), file]);
    expect(noRules.err).toMatch(/Cannot read \[.*nowhere\]: no such file or directory/);
    expect(noRules.code).toBe(2);
  });

  test('--help prints the usage and exits 0', async () => {
    const { code, out } = await capture(['--help']);
    expect(out).toMatch(/^usage: eqlscan verify \[options\] INPUT\.\.\./);
    expect(code).toBe(0);
  });
});
