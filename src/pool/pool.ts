/**
 * The worker pool: piscina running the compiled worker entry, with one retry per task.
 *
 * Workers always run from compiled JavaScript. Under the TypeScript sources (tests) the
 * worker is taken from `dist/`, which `npm install` builds through the `prepare` script.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { Piscina } from 'piscina';

import { EqlError } from '../errors.js';
import { isFresh, packageRoot } from '../package-files.js';
import type { ScanResult, ScanTask } from './messages.js';

/**
 * The file piscina loads in each worker thread: `boot.js`, which runs the worker's fresh
 * CommonJS bundle from its code cache (`code-cache.ts`), or else the compiled worker entry.
 * A worker loads it before it scans anything. `dir` defaults to the package's
 * `dist/src/pool`, found the same way from the sources (tests), the compiled files and a
 * bundle of the scan command.
 */
export function workerFile(dir: string = workerDir()): string {
  const entry = path.join(dir, 'worker.js');
  const boot = path.join(dir, 'boot.js');
  return existsSync(boot) && isFresh(path.join(dir, 'worker.bundle.cjs'), entry) ? boot : entry;
}

function workerDir(): string {
  // `import.meta.dirname` needs Node 20.11; the URL works on every Node 20.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = packageRoot(here);
  if (root === null) throw new EqlError('io', `no package.json above ${here}`);
  return path.join(root, 'dist', 'src', 'pool');
}

/** The default worker count: every core the process may use. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** A task that failed in a worker twice. */
export interface TaskFailure {
  /** Why the first attempt failed. */
  first: string;
  /** Why the retry failed. */
  second: string;
}

/** What running a task gave: its result, the failures along the way, or both. */
export interface TaskOutcome {
  /** Null when both attempts failed. */
  result: ScanResult | null;
  /** The first attempt's failure when it was retried. */
  retried: string | null;
  /** Set when the retry failed too. */
  failure: TaskFailure | null;
}

/** A fixed-size pool of scan workers. */
export class ScanPool {
  readonly workers: number;
  private readonly piscina: Piscina;

  /** @throws EqlError 'option' when `workers` is not a positive integer. */
  constructor(workers: number = defaultWorkers()) {
    if (!Number.isInteger(workers) || workers < 1) {
      throw new EqlError('option', `--workers: expected a positive integer, got ${workers}`);
    }
    this.workers = workers;
    this.piscina = new Piscina({
      filename: pathToFileURL(workerFile()).href,
      minThreads: workers,
      maxThreads: workers,
      // The main thread bounds the tasks in flight itself; piscina's queue never fills up.
      maxQueue: 'auto',
      idleTimeout: 60_000,
    });
  }

  /**
   * Runs a task, and once more if the worker fails (exits, throws, runs out of memory).
   * A batch task's buffer is transferred, so it cannot be retried: its failure is final.
   */
  async run(task: ScanTask, transfer?: ArrayBuffer[]): Promise<TaskOutcome> {
    try {
      return { result: await this.piscina.run(task, { transferList: transfer }), retried: null, failure: null };
    } catch (err) {
      const first = reason(err);
      if (transfer && transfer.length > 0) {
        return { result: null, retried: null, failure: { first, second: 'not retried: its lines were handed over' } };
      }
      try {
        return { result: await this.piscina.run(task), retried: first, failure: null };
      } catch (again) {
        return { result: null, retried: first, failure: { first, second: reason(again) } };
      }
    }
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    await this.piscina.close({ force: true });
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
