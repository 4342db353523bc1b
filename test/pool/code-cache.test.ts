/**
 * The worker bundle's code cache: used only for the very bundle it was made from, refused
 * without harm otherwise, and made by the build so that a worker thread of a plain `node`
 * process starts from it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { cacheFileOf, runBundle } from '../../src/pool/code-cache.js';
import { ensureDist, ROOT } from './dist.js';

const bundleText = (answer: number): string => `
'use strict';
function answer() { return ${answer}; }
exports.default = answer;
exports.where = __filename;
exports.canRequire = typeof require('node:path').join === 'function';
`;

/**
 * Runs `body` (a module that may use `runBundle` and `writeCodeCache`) in a plain node process
 * of its own and returns what it printed as JSON. A script compiled again in the same isolate
 * comes from V8's memory, whatever cache data it is given, and V8 takes a cache only under the
 * flags it was made under: so caches are both made and tried in fresh processes.
 */
function inFreshNode(body: string): unknown {
  const codeCache = pathToFileURL(path.join(ROOT, 'dist', 'src', 'pool', 'code-cache.js')).href;
  const script = `import { runBundle, writeCodeCache } from ${JSON.stringify(codeCache)};\n${body}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

/** `runBundle(file)` in a fresh process, as [cache use, answer]. */
const runFresh = (file: string): unknown =>
  inFreshNode(`const loaded = runBundle(${JSON.stringify(file)});
    console.log(JSON.stringify([loaded.cache, loaded.exports.default()]));`);

describe('runBundle and writeCodeCache', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    ensureDist();
    dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-code-cache-'));
    file = path.join(dir, 'tiny.bundle.cjs');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const answerOf = (loaded: ReturnType<typeof runBundle>): unknown => (loaded.exports.default as () => unknown)();

  test('runs a bundle as CommonJS, and says when it has no cache', () => {
    writeFileSync(file, bundleText(42));
    const loaded = runBundle(file);
    expect(loaded.cache).toBe('absent');
    expect(answerOf(loaded)).toBe(42);
    expect(loaded.exports.where).toBe(file);
    expect(loaded.exports.canRequire).toBe(true);
  });

  test('writes a cache headed by the digest of the bundle, which the next run uses', () => {
    const written = inFreshNode(`console.log(JSON.stringify(writeCodeCache(runBundle(${JSON.stringify(file)}))));`);
    expect(written).toBe(cacheFileOf(file));
    expect(path.basename(cacheFileOf(file))).toBe('tiny.bundle.cache');
    const digest = createHash('sha256').update(readFileSync(file)).digest();
    expect(readFileSync(cacheFileOf(file)).subarray(0, 32).equals(digest)).toBe(true);
    expect(runFresh(file)).toEqual(['used', 42]);
  });

  test('leaves the cache of another bundle of the same length unused', () => {
    // V8 itself would take it: it checks the length of the source, not its text.
    writeFileSync(file, bundleText(43));
    expect(runFresh(file)).toEqual(['stale', 43]);
  });

  test('runs the bundle without its cache when V8 refuses the cache', () => {
    const digest = createHash('sha256').update(readFileSync(file)).digest();
    writeFileSync(cacheFileOf(file), Buffer.concat([digest, Buffer.from('not bytecode at all')]));
    expect(runFresh(file)).toEqual(['rejected', 43]);
  });
});

describe('the built worker bundle', () => {
  test('starts from its cache in a worker thread of a plain node process', () => {
    ensureDist();
    const boot = pathToFileURL(path.join(ROOT, 'dist', 'src', 'pool', 'boot.js')).href;
    const script = `
      const { Worker } = require('node:worker_threads');
      const code = 'import(' + JSON.stringify(${JSON.stringify(boot)}) + ').then((m) => ' +
        'require("node:worker_threads").parentPort.postMessage([m.codeCache, typeof m.default]))';
      const w = new Worker(code, { eval: true });
      w.once('message', (m) => { console.log(JSON.stringify(m)); w.terminate(); });
    `;
    const run = spawnSync(process.execPath, ['-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual(['used', 'function']);
  });
});
