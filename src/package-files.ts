/**
 * Files of the installed package: its root folder, and the one-file bundles that
 * `scripts/bundle.mjs` writes beside some compiled entries.
 *
 * A bundle loads in about a third of the time of the modules it holds (Node loads ES modules
 * one by one), which every scan pays once on the main thread and once per worker. It is used
 * only when it is at least as new as its entry, so a plain `tsc` build never runs stale code.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The first folder at or above `from` that holds a package.json: the package root from
 * `src/`, `dist/src/` and bundles alike; null when there is none.
 */
export function packageRoot(from: string): string | null {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
  return dir;
}

/** `entry` (a compiled `.js` file), or its `.bundle.js` beside it when that is fresh. */
export function preferBundle(entry: string): string {
  const bundle = entry.replace(/\.js$/, '.bundle.js');
  return isFresh(bundle, entry) ? bundle : entry;
}

/** True when `bundle` exists and is at least as new as `entry`, which exists too. */
export function isFresh(bundle: string, entry: string): boolean {
  const a = statSync(bundle, { throwIfNoEntry: false });
  const b = statSync(entry, { throwIfNoEntry: false });
  return a !== undefined && b !== undefined && a.mtimeMs >= b.mtimeMs;
}
