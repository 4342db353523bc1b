#!/usr/bin/env node
/**
 * Writes the worker bundle's code cache (`dist/src/pool/worker.bundle.cache`, see
 * `src/pool/code-cache.ts`): runs `worker.bundle.cjs`, has it scan a small generated corpus
 * with the demo rules on every parser a scan uses by default (the addon's when it is built,
 * and JSON.parse), then saves the bytecode of everything that ran.
 *
 * `scripts/bundle.mjs` runs it as a process of its own with no Node options, and the flag
 * the bundle sets is set before it compiles, as `boot.js` does: V8 refuses a cache made under
 * other flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (file) => import(pathToFileURL(path.join(root, 'dist', file)).href);

await dist('src/event/linear-engine.js');
await warm();

async function warm() {
  const { runBundle, writeCodeCache } = await dist('src/pool/code-cache.js');
  const { loadRuleSet, rulePayload } = await dist('src/execute/rules.js');
  const { listInputs, shardsOf } = await dist('src/pool/inputs.js');
  const { loadNative } = await dist('src/native/index.js');
  const { eventStream } = await dist('scripts/generate-corpus.js');

  const bundle = runBundle(path.join(root, 'dist', 'src', 'pool', 'worker.bundle.cjs'));
  const scanTask = bundle.exports.default;
  const dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-warm-'));
  try {
    const corpus = path.join(dir, 'warm.ndjson');
    writeFileSync(corpus, [...eventStream({ seed: 7, size: 3000 })].join('\n') + '\n');
    const rules = await loadRuleSet({ paths: [path.join(root, 'corpus', 'rules')] });
    const { files } = await listInputs([corpus]);
    const shards = shardsOf(files, 1 << 20);
    for (const parser of [...(loadNative() !== null ? ['native'] : []), 'json']) {
      const options = {
        categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
        engine: 'compiled', parser, prefilter: true, validate: false,
      };
      const payload = rulePayload(rules.rules, options);
      for (const ref of shards) {
        const result = await scanTask({ kind: 'shard', payload, ref });
        if (!result.ok) throw new Error(`warm-up scan failed: ${result.reason}`);
      }
    }
    const file = writeCodeCache(bundle);
    process.stderr.write(`eqlscan bundle: wrote ${path.relative(root, file)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
