import { existsSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, test, vi } from 'vitest';

import { checkRules, run, type CheckOptions } from '../../../src/cli/commands/check.js';
import { EqlError } from '../../../src/errors.js';
import { captureOutput } from './capture.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/rules');
const BROKEN = path.join(FIXTURES, 'broken');
const GOOD = path.join(FIXTURES, 'good');
const TOML_DIR = path.resolve(import.meta.dirname, '../../../../shared/rules/toml');
if (!existsSync(TOML_DIR)) console.warn(`detection rules not found at ${TOML_DIR}: skipping`);

const capture = (args: string[], options?: CheckOptions) => captureOutput(() => run(args, options));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('eqlscan check', () => {
  test('prints every failure with its position, then the counts, and exits 1', async () => {
    const { code, out, err } = await capture([BROKEN]);
    expect(code).toBe(1);
    expect(err).toBe('');
    const at = (name: string) => path.join(BROKEN, name);
    expect(out).toBe(
      [
        `${at('bad-syntax.toml')}:18:21: Expected an expression but found 'and'`,
        `${at('invalid.toml')}:2:22: Invalid TOML: control characters are not allowed in strings`,
        `${at('list.jsonl')}:2:63: Invalid JSON: Unterminated string in JSON at position 62`,
        `${at('page.md')}:15:43: Argument 3 of [cidrMatch] must be a CIDR block, found ["192.168.0/16"]`,
        `${at('tilde.eql')}:2:3: Function [length] does not accept ~ (case-insensitive matching)`,
        '7 rules: 1 compiled, 5 failed, 1 skipped (not EQL)',
        '',
      ].join('\n'),
    );
  });

  test('exits 0 when every rule compiles', async () => {
    const { code, out } = await capture([GOOD]);
    expect(code).toBe(0);
    expect(out).toBe('2 rules: 2 compiled, 0 failed, 0 skipped (not EQL)\n');
  });

  test('files and folders can be mixed', async () => {
    const { code, out } = await capture([GOOD, path.join(FIXTURES, 'kibana-export.ndjson')]);
    expect(code).toBe(1);
    expect(out.split('\n').slice(-2)).toEqual([
      '6 rules: 3 compiled, 1 failed, 2 skipped (not EQL)',
      '',
    ]);
  });

  test('a failing compile step counts the rule as failed, placed in its file', async () => {
    const compileCheck: CheckOptions['compileCheck'] = (plan) => {
      if (plan.rule.id === 'shell') {
        const span = { start: 14, end: 18, line: 1, column: 15 };
        throw new EqlError('unsupported', 'Not compiled here', span);
      }
    };
    const { code, out } = await capture([GOOD], { compileCheck });
    expect(code).toBe(1);
    expect(out).toBe(
      `${path.join(GOOD, 'shell.eql')}:1:15: Not compiled here\n` +
        '2 rules: 1 compiled, 1 failed, 0 skipped (not EQL)\n',
    );
  });

  test('a bug in the compile step is not hidden as a rule failure', async () => {
    const compileCheck = (): void => {
      throw new TypeError('boom');
    };
    await expect(checkRules([GOOD], { compileCheck })).rejects.toThrow('boom');
  });

  test('usage errors exit 2', async () => {
    const none = await capture([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^usage: eqlscan check PATH\.\.\./);

    const option = await capture(['--frobnicate', GOOD]);
    expect(option.code).toBe(2);
    expect(option.err).toMatch(/^eqlscan check: unknown option '--frobnicate'\nusage: /);

    const missing = path.join(FIXTURES, 'missing.toml');
    const gone = await capture([missing]);
    expect(gone).toEqual({
      code: 2,
      out: '',
      err: `eqlscan check: Cannot read [${missing}]: no such file or directory\n`,
    });
  });

  test('--help prints usage and exits 0; after -- a dash starts a path', async () => {
    const help = await capture(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^usage: eqlscan check PATH\.\.\./);
    const dashed = await capture(['--', '-not-there']);
    expect(dashed.code).toBe(2);
    expect(dashed.err).toContain('Cannot read [-not-there]');
  });

  test.skipIf(!existsSync(TOML_DIR))('the detection rules all pass', async () => {
    const { code, out } = await capture([TOML_DIR]);
    expect(out).toBe('884 rules: 884 compiled, 0 failed, 0 skipped (not EQL)\n');
    expect(code).toBe(0);
  });
});
