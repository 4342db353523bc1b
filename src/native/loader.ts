/**
 * Finding and loading the compiled addon, `build/Release/eqlscan_native.node` at the
 * package root, which `npm install` builds when a C++ compiler is present.
 *
 * Loading never throws: a missing or broken addon is a reason, and callers run the
 * JavaScript backends instead. `EQLSCAN_NATIVE=0` turns the addon off on purpose.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { packageRoot } from '../package-files.js';
import type { FilterKernel, RawFilterSpec, RawLineFilter } from './filter.js';
import type { RawShardReader } from './reader.js';

/** What simdjson runs on this CPU, as the addon reports it. */
export interface NativeImplementation {
  /** simdjson's runtime-dispatched kernel, which finds structure and validates UTF-8. */
  readonly active: string;
  readonly description: string;
  /**
   * The kernel the rest of On-Demand (stepping through values, parsing numbers) was
   * compiled for: the portable one on plain x86-64. String unescaping, like stage 1,
   * goes through `active`.
   */
  readonly builtin: string;
  /** simdjson's version. */
  readonly simdjson: string;
}

/** The arrays of one projected batch, as the addon hands them over (see batch.ts). */
export interface RawBatch {
  readonly status: Uint8Array;
  readonly tags: Uint8Array;
  readonly refs: Uint32Array;
  readonly numbers: Float64Array;
  readonly strOffsets: Uint32Array;
  readonly arrStarts: Uint32Array;
  readonly poolTags: Uint8Array;
  readonly poolRefs: Uint32Array;
  readonly text: string;
  readonly wide: string;
  readonly wideOffsets: Uint32Array;
  /** Values interned in this batch (Latin-1), `freshIds[k]` for the k-th. */
  readonly fresh: string;
  readonly freshOffsets: Uint32Array;
  readonly freshIds: Uint32Array;
  /** True when the addon cleared its intern table before this batch. */
  readonly reset: boolean;
}

/** The addon's projector: one per field table. */
export interface RawProjector {
  readonly fieldCount: number;
  project(buf: Uint8Array, starts: Int32Array, ends: Int32Array, count: number): RawBatch;
}

/** Options the addon's projector takes. */
export interface RawProjectorOptions {
  maxDepth: number;
  validate: boolean;
  intern: boolean;
  internMaxValues?: number | undefined;
}

/** The addon's exports. */
export interface Addon {
  Projector: new (
    paths: ReadonlyArray<ReadonlyArray<string | number>>,
    options: RawProjectorOptions,
  ) => RawProjector;
  LineFilter: new (spec: RawFilterSpec, kernel: FilterKernel) => RawLineFilter;
  /** Absent where the platform lacks what the reader needs (POSIX pread). */
  ShardReader?: new (filter: RawLineFilter) => RawShardReader;
  implementation(): NativeImplementation;
}

/** The addon, or why there is none. */
export type AddonLoad = { readonly addon: Addon } | { readonly reason: string };

/** The file the build writes, relative to the package root. */
export const ADDON_FILE = path.join('build', 'Release', 'eqlscan_native.node');

let cached: AddonLoad | undefined;

/** Loads the addon once per thread. */
export function loadAddon(): AddonLoad {
  cached ??= tryLoad();
  return cached;
}

function tryLoad(): AddonLoad {
  if (process.env.EQLSCAN_NATIVE === '0') return { reason: 'turned off by EQLSCAN_NATIVE=0' };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = packageRoot(here);
  if (root === null) return { reason: `no package.json above ${here}` };
  const file = path.join(root, ADDON_FILE);
  if (!existsSync(file)) {
    const how = 'run `npm run build:native`; it needs a C++17 compiler';
    return { reason: `${ADDON_FILE} is not built (${how})` };
  }
  try {
    const addon = createRequire(import.meta.url)(file) as Addon;
    addon.implementation();
    if (typeof addon.LineFilter !== 'function') {
      return { reason: `${ADDON_FILE} is out of date (run \`npm run build:native\`)` };
    }
    return { addon };
  } catch (err) {
    return { reason: `${ADDON_FILE} did not load: ${(err as Error).message}` };
  }
}
