/**
 * The native per-line loop against the JavaScript one: for the same batches, the same
 * counts, rejects (line, offset, reason), alerts and stage hits, under every combination
 * of prefilter, validation and engine, with aliases from a mapping and with JSON-array
 * entries.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { createExecutor, schemaOf } from '../../src/execute/executor.js';
import { emptyHitLines } from '../../src/execute/hits.js';
import { emptyCounts, scanLines, type Lines } from '../../src/execute/lines.js';
import { projectedFields, scanNativeLines } from '../../src/execute/native-lines.js';
import { loadRuleSet, type RuleSet } from '../../src/execute/rules.js';
import type { ExecOptions, ScanCounts } from '../../src/pool/messages.js';
import { eventStream } from '../../scripts/generate-corpus.js';
import { native } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED = path.resolve(ROOT, '../shared/seeds/000_5c3b739e41ce6fb8.txt');
const DEMO = path.resolve(ROOT, 'corpus/rules');
const PACK = path.resolve(ROOT, '../shared/rules/toml');
if (!existsSync(PACK)) console.warn(`Elastic rules not found at ${PACK}: skipping the whole-pack native test`);

const base: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'json', prefilter: true, validate: false,
};

/** Lines in batches of `per`, as the source stage hands them over. */
function batches(lines: readonly string[], per: number, arrayLines = false): Lines[] {
  const out: Lines[] = [];
  let fileOffset = 0;
  for (let from = 0; from < lines.length; from += per) {
    const part = lines.slice(from, from + per);
    const buf = Buffer.from(part.join('\n') + '\n');
    const starts = new Int32Array(part.length);
    const ends = new Int32Array(part.length);
    let at = 0;
    part.forEach((line, i) => {
      starts[i] = at;
      ends[i] = at + Buffer.byteLength(line);
      at = ends[i]! + 1;
    });
    // JSON-array entries: each on the line after the one before, two lines apart.
    const entryLines = arrayLines ? Int32Array.from(part, (_, i) => 2 * (from + i) + 1) : undefined;
    out.push({ buf, starts, ends, count: part.length, firstLine: from, lines: entryLines, fileOffset });
    fileOffset += buf.length;
  }
  return out;
}

function run(set: RuleSet, options: ExecOptions, input: Lines[], parser: 'json' | 'native'): ScanCounts {
  const exec = createExecutor(set.rules, { ...options, parser });
  const counts = emptyCounts();
  if (exec.stages !== null) counts.hits = emptyHitLines(true);
  const scan = parser === 'native' ? scanNativeLines : scanLines;
  if (parser === 'native') expect(exec.native).not.toBeNull();
  for (const batch of input) scan(exec, batch, counts);
  return counts;
}

const broken = [
  '', '   ', '\t\r', '{"event":', '{"x":1,}', '"just a string"', '[1,2]', 'null', '{"a":1}}',
  '{"a":"\\x"}', '{"a":1e400}', '{"a":"\\ud800"}', '{"a":"keychain"', '\uFEFF{"a":1}',
  '{"a":"x\u0000y"}', `{"a":"${'\u00e9'.repeat(3)}"}`, '{"a":' + '['.repeat(600) + ']'.repeat(600) + '}',
  '  {"event":{"category":"process"},"process":{"name":"sshd","args":["/Library/Keychains/x"]}}\r',
  '{"process":{"args":"\\/library\\/keychains\\/login.keychain"},"event":{"category":["process"]}}',
  '{"process":{"args":"/Users/x/Library/\\u004beychains/"},"event":{"category":"process"}}',
  // Entries a JSON array can hold: newlines inside, or nothing else.
  '\n\n', ' \n', '{"event":{"category":"process"},\n"process":{"name":"sshd"}}',
];

describe.skipIf(!native)('the native per-line loop', () => {
  const corpus = [...eventStream({ seed: 3, size: 1200, plantRate: 300 })];
  const lines = [...corpus.slice(0, 600), ...broken, ...corpus.slice(600)];

  const combos: [string, Partial<ExecOptions>][] = [
    ['prefilter', {}],
    ['prefilter, validate', { validate: true }],
    ['no prefilter', { prefilter: false }],
    ['no prefilter, validate', { prefilter: false, validate: true }],
    ['interpreter, validate', { engine: 'interpreter', validate: true }],
  ];

  test.each(combos)('gives the JavaScript loop\'s counts, rejects, alerts and hits (%s)', async (_, o) => {
    const sets = [await loadRuleSet({ paths: [DEMO] })];
    if (existsSync(SEED)) sets.push(await loadRuleSet({ paths: [SEED] }));
    sets.push(await loadRuleSet({
      queries: [
        'process where process.name : ("bash", "sshd") and process.args : "*keychain*"',
        'sequence by host.id with maxspan=1m [process where process.name == "sshd"] [any where true]',
        'any where true',
      ],
    }));
    const input = batches(lines, 70);
    let alerts = 0;
    let hits = 0;
    for (const set of sets) {
      const options = { ...base, ...o };
      const want = run(set, options, input, 'json');
      expect(run(set, options, input, 'native')).toEqual(want);
      expect(want.lines).toBe(lines.length);
      expect(want.rejected).toBeGreaterThanOrEqual(o.validate ? 11 : 4);
      alerts += want.alerts.length;
      hits += want.hits?.count ?? 0;
    }
    expect(alerts).toBeGreaterThan(10);
    expect(hits).toBeGreaterThan(10);
  }, 120_000);

  test('keeps the aliased fields a mapping points at, and JSON-array line numbers', async () => {
    const set = await loadRuleSet({
      queries: [
        'process where proc.name == "sshd"',
        'sequence [process where proc.name == "sshd"] [process where proc.name == "bash"]',
      ],
    });
    const schema = { types: { when: 'date' }, aliases: { 'proc.name': 'process.name', when: '@timestamp' }, nullValues: {} };
    const options: ExecOptions = { ...base, schema, timestampField: 'when' };
    const input = batches(lines, 33, true);
    const want = run(set, options, input, 'json');
    expect(want.alerts.length).toBeGreaterThan(0);
    expect(want.hits!.count).toBeGreaterThan(0);
    expect(run(set, options, input, 'native')).toEqual(want);

    // The rules read proc.name, the stage recorder `when`: each with its alias target.
    const exec = createExecutor(set.rules, { ...options, parser: 'native' });
    const fields = ['@timestamp', 'event.category', 'proc.name', 'process.name', 'when'];
    expect(projectedFields(exec.pack, options, schemaOf(schema), true)).toEqual(fields);
    expect([...exec.native!.projector.fields].sort()).toEqual(fields);
  });

  test.skipIf(!existsSync(PACK))('hands the whole pack its fields from the batch, with the same results', async () => {
    const set = await loadRuleSet({ paths: [PACK, DEMO] });
    const exec = createExecutor(set.rules, { ...base, parser: 'native' });
    // A pack this size walks events; the native loop gives it each line from the batch instead.
    expect(exec.native!.source).not.toBeNull();
    // Its keys and times are all read through slots, so events are built only when needed.
    expect(exec.native!.lazyEvents).toBe(true);
    const input = batches(lines, 100);
    const want = run(set, base, input, 'json');
    expect(want.hits!.count).toBeGreaterThan(100);
    expect(want.alerts.length).toBeGreaterThan(5);
    expect(run(set, base, input, 'native')).toEqual(want);
  }, 120_000);
});
