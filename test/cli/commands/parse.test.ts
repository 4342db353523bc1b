import { afterEach, describe, expect, test, vi } from 'vitest';

import { run } from '../../../src/cli/commands/parse.js';
import { parseQuery } from '../../../src/query/index.js';

/** Runs the command and collects what it wrote to stdout and stderr. */
async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('eqlscan parse', () => {
  test('prints the query as indented JSON and exits 0', async () => {
    const text = 'process where a == 1 | head 2';
    const { code, out, err } = await capture([text]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toBe(`${JSON.stringify(parseQuery(text), null, 2)}\n`);
    expect(out).toContain('\n  "body": {');
  });

  test('shows the message, the source line and a caret under the column, and exits 2', async () => {
    const { code, out, err } = await capture(['sequence\n  [a where true]\n  [b where x ==]']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      "eqlscan: 3:16: Expected an expression but found ']'\n" +
        '    [b where x ==]\n' +
        '                 ^\n',
    );
  });

  test('an unsupported pipe is reported the same way', async () => {
    const { code, err } = await capture(['any where true | count']);
    expect(code).toBe(2);
    expect(err).toBe(
      'eqlscan: 1:18: Pipe [count] is not supported\n' +
        '  any where true | count\n' +
        '                   ^\n',
    );
  });

  test('without a query it prints usage and exits 2', async () => {
    const { code, err } = await capture([]);
    expect(code).toBe(2);
    expect(err).toMatch(/^usage: eqlscan parse QUERY/);
  });
});
