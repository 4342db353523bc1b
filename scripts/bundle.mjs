#!/usr/bin/env node
/**
 * Bundles compiled entries that start often, each with everything it imports, into one file
 * beside it (`NAME.bundle.js`, or `NAME.bundle.cjs` for the worker), which the package then
 * prefers (`src/package-files.ts`, `src/pool/pool.ts`):
 *
 * - `dist/src/pool/worker.js`, which every worker thread loads before it scans anything, as
 *   CommonJS (`worker.bundle.cjs`), which `dist/src/pool/boot.js` runs from a V8 code cache
 *   that `scripts/warm-worker.mjs` then writes beside it;
 * - `dist/src/cli/commands/scan.js` and `demo.js`, which `eqlscan scan` and `npm start` load.
 *
 * Node loads ES modules one at a time: the worker's 78 modules took about 100 ms per thread on
 * a 2-core machine, its bundle about 35 ms; the scan command's about 175 ms, its bundle 75 ms.
 * A bundle sits beside its entry, so paths found from `import.meta.url` (the addon, the package
 * root) stay right. It is used only when it is at least as new as the entry, so a plain `tsc`
 * build never runs stale code.
 *
 * Run after `tsc` (`npm run build` does both). Without rolldown (an install without dev
 * dependencies), this says so and exits 0: the unbundled entries work the same.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = 'src/pool/worker.js';
const ENTRIES = [WORKER, 'src/cli/commands/scan.js', 'src/cli/commands/demo.js'];

let rolldown;
try {
  rolldown = await import('rolldown');
} catch {
  process.stderr.write('eqlscan bundle: rolldown is not installed; the unbundled entries are used\n');
  process.exit(0);
}

for (const name of ENTRIES) {
  const entry = path.join(root, 'dist', name);
  if (!existsSync(entry)) {
    process.stderr.write(`eqlscan bundle: ${path.relative(root, entry)} is missing; run tsc first\n`);
    process.exit(1);
  }
  await rolldown.build({
    input: entry,
    platform: 'node',
    // Loaded at run time as they would be unbundled: simdjson has a native part, and piscina
    // starts its worker threads from a file of its own, found beside its own code.
    external: [/^node:/, 'simdjson', 'piscina'],
    logLevel: 'warn',
    output: name === WORKER
      ? { file: entry.replace(/\.js$/, '.bundle.cjs'), format: 'cjs', exports: 'named', sourcemap: false }
      : { file: entry.replace(/\.js$/, '.bundle.js'), format: 'esm', sourcemap: false },
  });
}
// Earlier builds bundled the worker as an ES module, which nothing loads any more.
rmSync(path.join(root, 'dist', 'src', 'pool', 'worker.bundle.js'), { force: true });

// A cache that fails to be made costs speed, not correctness: say so and go on.
const warm = spawnSync(process.execPath, [path.join(root, 'scripts', 'warm-worker.mjs')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, NODE_OPTIONS: '' },
});
if (warm.status !== 0) process.stderr.write('eqlscan bundle: no code cache for the worker; it will compile as it starts\n');
