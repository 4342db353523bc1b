import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

import { describe, expect, test } from 'vitest';

import { ADDON_FILE } from '../../src/native/index.js';
import { frame, native, project } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Plain JavaScript, so the worker needs no TypeScript loader: it loads the addon itself.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const addon = require(workerData.file);
const projector = new addon.Projector([['a', 'b']], { maxDepth: 512, validate: true });
const buf = Buffer.from(workerData.line);
const batch = projector.project(buf, Int32Array.of(0), Int32Array.of(buf.length), 1);
parentPort.postMessage({ status: batch.status[0], text: batch.text });
`;

function inWorker(line: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const workerData = { file: path.join(ROOT, ADDON_FILE), line };
    const worker = new Worker(WORKER, { eval: true, workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

describe.skipIf(!native)('the native addon in worker threads', () => {
  test('loads and projects in several threads at once, beside the main thread', async () => {
    const lines = ['{"a":{"b":"one"}}', '{"a":{"b":"two"}}', '{"a":{"b":"three"}}'];
    const results = await Promise.all(lines.map(inWorker));
    expect(results).toEqual([
      { status: 0, text: 'one' },
      { status: 0, text: 'two' },
      { status: 0, text: 'three' },
    ]);
    const batch = project(native!.createProjector(['a.b']), frame(['{"a":{"b":"main"}}']));
    expect(batch.value(0, 0)).toBe('main');
  });
});
