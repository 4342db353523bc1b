#!/usr/bin/env node
/**
 * Builds the native addon (binding.gyp: the parse backend and the SIMD line filter) with
 * node-gyp, as `npm install` runs it.
 *
 * The addon is optional: eqlscan runs on its JavaScript parsers without it. So a failed
 * build (no C++ compiler, no Python, no Node headers) never fails the install: this
 * prints why and how to retry, and exits 0. `--strict` (used by `npm run build:native`)
 * exits non-zero instead. `EQLSCAN_NATIVE=0` skips the build.
 *
 * Node's headers are taken from the running Node's own install when it ships them
 * (`<prefix>/include/node`, as the official tarballs and distribution packages do), so a
 * build needs no download from nodejs.org; otherwise node-gyp fetches them as usual.
 *
 * `--simdjson-dir` prints where the `@nozbe/simdjson` sources are, relative to the
 * package root with forward slashes, for binding.gyp (gyp wants relative source paths).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');

if (process.argv.includes('--simdjson-dir')) {
  const resolve = createRequire(path.join(root, 'package.json')).resolve;
  const dir = path.dirname(resolve('@nozbe/simdjson/src/simdjson.h'));
  process.stdout.write(`${path.relative(root, dir).split(path.sep).join('/')}\n`);
  process.exit(0);
}

function say(line) {
  process.stderr.write(`eqlscan native: ${line}\n`);
}

/** node-gyp: the one npm runs scripts with, else npm's bundled copy, else from PATH. */
function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return [process.execPath, fromNpm];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  for (const lib of ['lib/node_modules', 'node_modules']) {
    const bundled = path.join(prefix, lib, 'npm/node_modules/node-gyp/bin/node-gyp.js');
    if (existsSync(bundled)) return [process.execPath, bundled];
  }
  return ['node-gyp'];
}

/** `--nodedir` for headers the running Node ships, unless the user chose one. */
function localHeaders() {
  if (process.env.npm_config_nodedir) return [];
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  const include = path.join(prefix, 'include', 'node');
  const needed = ['node_api.h', 'common.gypi', 'config.gypi'];
  const complete = needed.every((f) => existsSync(path.join(include, f)));
  return complete ? [`--nodedir=${prefix}`] : [];
}

function fail(why) {
  say(`not built: ${why}`);
  say('eqlscan still works, with the JavaScript parsers; `npm run build:native` retries.');
  process.exit(strict ? 1 : 0);
}

if (process.env.EQLSCAN_NATIVE === '0') {
  say('skipped (EQLSCAN_NATIVE=0)');
  process.exit(0);
}
if (!existsSync(path.join(root, 'node_modules', 'node-addon-api'))) {
  fail('node-addon-api is not installed');
}

const [command, ...prefixArgs] = findNodeGyp();
const args = [...prefixArgs, 'rebuild', '-j', 'max', ...localHeaders()];
const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
if (result.error) fail(`could not run node-gyp (${result.error.message})`);
if (result.status !== 0) {
  fail(`node-gyp exited with ${result.status ?? result.signal} (see its output above)`);
}
say('built build/Release/eqlscan_native.node');
