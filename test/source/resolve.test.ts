/**
 * Resolving input specs: files, directories, globs and stdin, in a stable order, with every
 * unusable input reported rather than thrown.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { resolveInputs } from '../../src/source/index.js';
import { put, tempDir } from './helpers.js';

const root = tempDir();
mkdirSync(path.join(root, 'logs/b/deep'), { recursive: true });
mkdirSync(path.join(root, 'logs/a'), { recursive: true });
put(root, 'logs/b/deep/z.ndjson', '{}\n');
put(root, 'logs/b/x.jsonl', '{}\n');
put(root, 'logs/a/y.ndjson.gz', gzipSync('{}\n'));
put(root, 'logs/a/events.json', ' \n[{"a":1}]');
put(root, 'logs/a/lines.json', '{"a":1}\n');
put(root, 'logs/a/packed.json.gz', gzipSync('\uFEFF[{"a":1}]'));
put(root, 'logs/a/notes.txt', 'not an event file');
put(root, 'logs/a/UPPER.NDJSON', '{}\n');
put(root, 'plain-gzip.ndjson', gzipSync('{}\n'));
put(root, 'fake.ndjson.gz', '{"not":"gzip"}\n');
put(root, 'events.log', '{}\n');

const rel = (p: string) => path.relative(root, p);

describe('resolveInputs', () => {
  it('walks a directory recursively for event files, sorted, skipping other names', async () => {
    const { files, failed } = await resolveInputs([path.join(root, 'logs')]);
    expect(failed).toEqual([]);
    expect(files.map((f) => rel(f.path))).toEqual([
      'logs/a/UPPER.NDJSON',
      'logs/a/events.json',
      'logs/a/lines.json',
      'logs/a/packed.json.gz',
      'logs/a/y.ndjson.gz',
      'logs/b/deep/z.ndjson',
      'logs/b/x.jsonl',
    ]);
  });

  it('decides compression by magic bytes and sniffs .json files for arrays', async () => {
    const specs = [path.join(root, 'logs'), path.join(root, 'plain-gzip.ndjson')];
    const { files } = await resolveInputs(specs);
    const byName = Object.fromEntries(
      files.map((f) => [path.basename(f.path), [f.compression, f.format]]),
    );
    expect(byName).toEqual({
      'UPPER.NDJSON': ['none', 'ndjson'],
      'events.json': ['none', 'json-array'],
      'lines.json': ['none', 'ndjson'],
      'packed.json.gz': ['gzip', 'json-array'],
      'y.ndjson.gz': ['gzip', 'ndjson'],
      'z.ndjson': ['none', 'ndjson'],
      'x.jsonl': ['none', 'ndjson'],
      'plain-gzip.ndjson': ['gzip', 'ndjson'],
    });
  });

  it('takes a named file whatever its extension, with its size and absolute path', async () => {
    const file = path.join(root, 'events.log');
    const { files } = await resolveInputs([file]);
    expect(files).toEqual([{ path: file, absPath: file, size: 3, compression: 'none', format: 'ndjson' }]);
  });

  it('expands globs relative to their base, whatever the names matched', async () => {
    const { files, failed } = await resolveInputs([`${root}/logs/**/*.ndjson*`, `${root}/logs/*/*.txt`]);
    expect(failed).toEqual([]);
    expect(files.map((f) => rel(f.path))).toEqual([
      'logs/a/y.ndjson.gz',
      'logs/b/deep/z.ndjson',
      'logs/a/notes.txt',
    ]);
  });

  it('reports missing paths, empty globs and fake gzip files, and keeps going', async () => {
    const { files, failed } = await resolveInputs([
      path.join(root, 'missing.ndjson'),
      path.join(root, 'nothing/**/*.ndjson'),
      path.join(root, 'fake.ndjson.gz'),
      path.join(root, 'events.log'),
    ]);
    expect(files.map((f) => rel(f.path))).toEqual(['events.log']);
    expect(failed.map((f) => [rel(f.path), f.reason, f.code])).toEqual([
      ['missing.ndjson', 'no such file or directory', 'ENOENT'],
      ['nothing/**/*.ndjson', 'no files match this pattern', undefined],
      ['fake.ndjson.gz', 'named .gz but not in gzip format (no 1f 8b header)', undefined],
    ]);
  });

  it('reports a dangling symbolic link named directly', async () => {
    const link = path.join(root, 'dangling.ndjson');
    symlinkSync(path.join(root, 'nowhere'), link);
    const { files, failed } = await resolveInputs([link]);
    expect(files).toEqual([]);
    expect(failed).toEqual([{ path: link, reason: 'no such file or directory', code: 'ENOENT' }]);
  });

  it('keeps each file once, where it first appears, and stdin once', async () => {
    const z = path.join(root, 'logs/b/x.jsonl');
    const { files } = await resolveInputs([z, '-', path.join(root, 'logs/b'), '-']);
    expect(files.map((f) => (f.path === '-' ? '-' : rel(f.path)))).toEqual([
      'logs/b/x.jsonl',
      '-',
      'logs/b/deep/z.ndjson',
    ]);
    expect(files[1]).toEqual({ path: '-', absPath: '-', size: -1, compression: 'none', format: 'sniff' });
  });

  it('does not loop on a symbolic link to a parent directory', async () => {
    const loopRoot = path.join(root, 'loop');
    mkdirSync(loopRoot);
    put(loopRoot, 'e.ndjson', '{}\n');
    symlinkSync(loopRoot, path.join(loopRoot, 'again'));
    const { files } = await resolveInputs([loopRoot]);
    expect(files.map((f) => rel(f.path))).toEqual(['loop/e.ndjson']);
  });
});

describe('resolveInputs and pipes', () => {
  it('takes a named pipe without opening it, and leaves pipes out of directory walks', async () => {
    const { execFileSync } = await import('node:child_process');
    const pipeDir = path.join(root, 'pipes');
    mkdirSync(pipeDir);
    const fifo = path.join(pipeDir, 'live.ndjson');
    execFileSync('mkfifo', [fifo]);
    // No writer ever opens the pipe: resolving must still return.
    const named = await resolveInputs([fifo]);
    expect(named.files).toEqual([
      { path: fifo, absPath: fifo, size: -1, compression: 'none', format: 'sniff' },
    ]);
    const walked = await resolveInputs([pipeDir]);
    expect(walked).toEqual({
      files: [],
      failed: [{ path: pipeDir, reason: 'no .ndjson, .jsonl or .json files in this directory' }],
    });
  });
});

describe('resolveInputs and permissions', () => {
  // Root reads every file whatever its mode, so there is nothing to observe as root.
  const isRoot = process.getuid?.() === 0;
  if (isRoot) console.warn('resolve.test: running as root, unreadable-file test skipped');

  it.skipIf(isRoot)('reports an unreadable file with the reason, and keeps going', async () => {
    const { chmodSync } = await import('node:fs');
    const locked = put(root, 'locked.ndjson', '{}\n');
    chmodSync(locked, 0o000);
    const { files, failed } = await resolveInputs([locked, path.join(root, 'events.log')]);
    expect(files.map((f) => rel(f.path))).toEqual(['events.log']);
    expect(failed).toEqual([{ path: locked, reason: 'permission denied', code: 'EACCES' }]);
  });
});
