/**
 * Scan workers run from compiled JavaScript in dist/, which `npm install` builds (the
 * `prepare` script) before `npm test` runs. A stale dist/ would make these tests lie, so each
 * test file that starts workers calls `ensureDist()`: when any source is newer than its
 * compiled file, it runs `tsc -p .` and the worker bundling once (under a lock, since test files
 * run in parallel).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The compiled command line. */
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');

function stale(): boolean {
  for (const top of ['src', 'scripts']) {
    const walk = (dir: string): boolean => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (walk(full)) return true;
        } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
          const js = path.join(ROOT, 'dist', path.relative(ROOT, full)).replace(/\.ts$/, '.js');
          if (!existsSync(js) || statSync(js).mtimeMs < statSync(full).mtimeMs) return true;
        }
      }
      return false;
    };
    if (walk(path.join(ROOT, top))) return true;
  }
  return false;
}

/** Rebuilds dist/ when it is older than the sources. */
export function ensureDist(): void {
  if (!stale()) return;
  const lock = path.join(ROOT, 'dist', '.test-build-lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building; a lock older than the deadline was abandoned.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 180_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for another test file to build dist/');
      spawnSync('sleep', ['0.2']);
    }
  }
  try {
    // Type errors elsewhere do not stop tsc from emitting, and these tests need the output.
    if (stale()) {
      spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', ROOT], { stdio: 'ignore' });
      // As `npm run build`: without a fresh bundle the pool would load the unbundled entry.
      spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'bundle.mjs')], { stdio: 'ignore' });
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
