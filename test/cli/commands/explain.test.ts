import path from 'node:path';

import { afterEach, describe, expect, test, vi } from 'vitest';

import { run } from '../../../src/cli/commands/explain.js';
import { captureOutput } from './capture.js';

const GOOD = path.resolve(import.meta.dirname, '../../fixtures/rules/good');

const capture = (args: string[]) => captureOutput(() => run(args));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('eqlscan explain', () => {
  test('a query: each pattern reduction, the dispatch keys and the prefilter', async () => {
    const { code, out } = await capture([
      'file where host.os.type == "macos" and file.path : "/users/*/library/keychains/*"',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('dispatch keys: event.category strict "file"; host.os.type exact "macos"');
    expect(out).toContain('"/users/*/library/keychains/*" -> prefix "/users/" then contains "/library/keychains/"');
    expect(out).toMatch(/prefilter: .*keychains/);
    expect(out).not.toContain('return function match');
  });

  test('--source adds the generated code and the field readers', async () => {
    const { code, out } = await capture(['process where process.name == "cmd.exe"', '--source']);
    expect(code).toBe(0);
    expect(out).toContain('return function match(e, ep) {');
    expect(out).toContain('field readers:');
  });

  test('a rule folder: every rule and the pack dispatch tree', async () => {
    const { code, out } = await capture([GOOD]);
    expect(code).toBe(0);
    expect(out).toMatch(/^rule #0: /m);
    expect(out).toContain('dispatch tree:');
  });

  test('a bad query is reported with its position, exit code 1', async () => {
    const { code, err } = await capture(['process where x ==']);
    expect(code).toBe(1);
    expect(err).toMatch(/^eqlscan explain: .*1:\d+: /);
  });

  test('usage errors exit with code 2', async () => {
    expect((await capture([])).code).toBe(2);
    expect((await capture(['--bogus', 'x'])).code).toBe(2);
  });
});
