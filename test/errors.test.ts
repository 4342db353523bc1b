/**
 * EqlError is known across copies of its module: the command line catches errors from the
 * `scan` command's bundle, which has an EqlError class of its own.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';

import { EqlError, InternalError, isEqlError } from '../src/errors.js';
import { RuleError } from '../src/plan/rule.js';
import { ensureDist, ROOT } from './pool/dist.js';

describe('isEqlError', () => {
  test('holds for EqlError and its subclasses, and not for other errors', () => {
    expect(isEqlError(new EqlError('option', 'x'))).toBe(true);
    expect(isEqlError(new InternalError('x'))).toBe(true);
    expect(isEqlError(Object.assign(new Error('x'), { name: 'EqlError', code: 'option' }))).toBe(false);
    expect(isEqlError(new Error('x'))).toBe(false);
    expect(isEqlError(null)).toBe(false);
    expect(isEqlError('EqlError')).toBe(false);
    expect(RuleError.prototype instanceof EqlError).toBe(true);
  });

  test('holds for an EqlError thrown by the bundled scan command, where instanceof does not', async () => {
    ensureDist();
    const bundle = path.join(ROOT, 'dist', 'src', 'cli', 'commands', 'scan.bundle.js');
    const scan = (await import(pathToFileURL(bundle).href)) as { run(args: string[]): Promise<number> };
    const err: unknown = await scan.run(['--workers', 'many', '--query', 'any where true', '-']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err instanceof EqlError).toBe(false);
    expect(isEqlError(err)).toBe(true);
    expect((err as EqlError).code).toBe('option');
  });
});
