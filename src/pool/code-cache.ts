/**
 * Running the worker's CommonJS bundle with a V8 code cache.
 *
 * Every worker thread compiles the bundle it loads, and then the compiler, the matchers'
 * runtime and the reader compile their functions as the first task calls them, all before
 * the thread scans a byte. V8 can hand back the bytecode of every function a script has run
 * (`createCachedData`), and a later `vm.Script` given those bytes skips that work. ES modules have no such hook in Node 20,
 * which is why the worker is bundled as CommonJS.
 *
 * V8 checks that a cache fits its own version and flags, but of the source it checks only
 * the length: a cache of an older bundle of the same length would run old bytecode against
 * new source. So the cache file begins with the SHA-256 of the bundle it was made from, and
 * is used only for that very bundle. Any cache that does not fit is left unused: the bundle
 * then compiles as it would without one.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/** What became of the cache: run from it, refused by V8, made for another bundle, or none. */
export type CacheUse = 'used' | 'rejected' | 'stale' | 'absent';

/** A bundle that has been run, with what it exports and how its cache served. */
export interface LoadedBundle {
  readonly file: string;
  readonly exports: Record<string, unknown>;
  readonly cache: CacheUse;
  readonly script: vm.Script;
  readonly digest: Buffer;
}

const DIGEST_BYTES = 32;

/** The cache file of a bundle: `worker.bundle.cjs` has `worker.bundle.cache`. */
export function cacheFileOf(bundle: string): string {
  return bundle.replace(/\.cjs$/, '') + '.cache';
}

/**
 * Runs the CommonJS bundle `file` as `require` would (its own `require`, `module`,
 * `__filename`), from its cache file when that was made from this very bundle.
 *
 * @example runBundle('/pkg/dist/src/pool/worker.bundle.cjs').exports.default // scanTask
 */
export function runBundle(file: string): LoadedBundle {
  const source = readFileSync(file);
  const digest = createHash('sha256').update(source).digest();
  let cachedData: Buffer | undefined;
  let cache: CacheUse = 'absent';
  const stored = readOptional(cacheFileOf(file));
  if (stored !== null) {
    const fits = stored.length > DIGEST_BYTES && stored.subarray(0, DIGEST_BYTES).equals(digest);
    if (fits) cachedData = stored.subarray(DIGEST_BYTES);
    else cache = 'stale';
  }
  const script = new vm.Script(Module.wrap(source.toString('utf8')), { filename: file, cachedData });
  if (cachedData !== undefined) cache = script.cachedDataRejected === true ? 'rejected' : 'used';
  const module = { exports: {} as Record<string, unknown> };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return { file, exports: module.exports, cache, script, digest };
}

/**
 * Writes the cache of a bundle run by `runBundle`, holding the bytecode of every function
 * it has run so far: call it after the work the cache should spare. The file is replaced
 * whole, so a reader never sees half of one.
 */
export function writeCodeCache(bundle: LoadedBundle): string {
  const target = cacheFileOf(bundle.file);
  const partial = `${target}.${process.pid}.tmp`;
  writeFileSync(partial, Buffer.concat([bundle.digest, bundle.script.createCachedData()]));
  renameSync(partial, target);
  return target;
}

function readOptional(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}
