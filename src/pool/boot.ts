/**
 * The file piscina loads in each worker thread when the worker's bundle is fresh: it runs
 * `worker.bundle.cjs` beside it from its code cache (`code-cache.ts`) and exports what the
 * worker entry exports. The pool picks this file or the unbundled `worker.js` (`workerFile`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// First, so that the bundle compiles under the flags its cache was made under.
import '../event/linear-engine.js';
import { runBundle, type CacheUse } from './code-cache.js';
import type { ScanResult, ScanTask } from './messages.js';

const bundle = runBundle(path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.bundle.cjs'));

/** How this thread's bundle was compiled: from its cache or not, and why not. */
export const codeCache: CacheUse = bundle.cache;

export default bundle.exports.default as (task: ScanTask) => Promise<ScanResult>;
