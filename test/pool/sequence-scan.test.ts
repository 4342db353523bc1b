/**
 * Sequence rules through whole scans: the demo sequence rule over a generated corpus finds
 * exactly the planted sequences, whatever the worker count and shard size, from a plain
 * file (texts read back), a gzip file and standard input (texts kept with the hits), and
 * reports them as NDJSON and table rows with their stats.
 */
import { createReadStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, test } from 'vitest';

import { loadRuleSet, type RuleSet } from '../../src/execute/rules.js';
import type { ExecOptions } from '../../src/pool/messages.js';
import type { SequenceAlert } from '../../src/pool/stats.js';
import { alertJson } from '../../src/report/alert-json.js';
import { tableSink } from '../../src/report/sinks.js';
import { statsDocument } from '../../src/report/stats-json.js';
import { formatSummary } from '../../src/report/summary.js';
import { collect, makeCorpus, type TestCorpus } from './corpus.js';
import { ensureDist, ROOT } from './dist.js';

const SEQUENCE_ID = 'cd76b6c0-bab8-4997-877a-dfabeef1ac2b';
const RULES = path.join(ROOT, 'corpus', 'rules');

const options: ExecOptions = {
  categoryField: 'event.category', timestampField: '@timestamp', tiebreakerField: null,
  engine: 'compiled', parser: 'json', prefilter: true, validate: false,
};

/** The planted true positives of the sequence rule, each as its lines in stage order. */
function planted(corpus: TestCorpus): number[][] {
  return corpus.manifest.planted
    .filter((p) => p.ruleId === SEQUENCE_ID && p.expect === 'match')
    .map((p) => [...p.lines])
    .sort((a, b) => a[0]! - b[0]!);
}

const linesOf = (alerts: SequenceAlert[]): number[][] =>
  alerts.map((a) => a.events.map((e) => e!.line)).sort((a, b) => a[0]! - b[0]!);

describe('the demo sequence rule over a generated corpus', () => {
  let corpus: TestCorpus;
  let rules: RuleSet;
  beforeAll(async () => {
    ensureDist();
    corpus = await makeCorpus(4000, 21);
    rules = await loadRuleSet({ paths: [RULES] });
  }, 120_000);

  test('runs as a rule of the scan, not set aside', () => {
    expect(rules.unsupported).toEqual([]);
    expect(rules.rules.map((r) => r.id)).toContain(SEQUENCE_ID);
    expect(planted(corpus).length).toBeGreaterThan(1);
  });

  const runs = [[1, undefined], [2, 64 * 1024], [4, 16 * 1024]] as const;
  test.each(runs)('finds exactly the planted sequences (%i workers, shards of %s bytes)', async (
    workers, shardBytes,
  ) => {
    const job = { inputs: [corpus.file], rules, options, workers, shardBytes };
    const { sequences, stats } = await collect(job);
    expect(linesOf(sequences)).toEqual(planted(corpus));
    expect(stats.alerts[SEQUENCE_ID]).toBe(planted(corpus).length);
    expect(stats.sequences).toMatchObject({ rules: 1, droppedHitEvents: 0, evicted: 0 });
    expect(stats.sequences!.hitEvents).toBeGreaterThan(0);

    // Each event is the line as the file holds it, at the place reported.
    const text = readFileSync(corpus.file, 'utf8').split('\n');
    for (const alert of sequences) {
      expect(alert.kind).toBe('sequence');
      expect(alert.joinKeys).toHaveLength(2);
      for (const e of alert.events) expect(e!.raw).toBe(text[e!.line - 1]);
    }
  }, 120_000);

  test('a gzip file and standard input give the same sequences, texts kept with the hits', async () => {
    const plain = await collect({ inputs: [corpus.file], rules, options, workers: 2 });
    const gz = path.join(path.dirname(corpus.file), 'copy.ndjson.gz');
    writeFileSync(gz, gzipSync(readFileSync(corpus.file)));
    const zipped = await collect({ inputs: [gz], rules, options, workers: 2 });
    const stdin = createReadStream(corpus.file);
    const piped = await collect({ inputs: ['-'], rules, options, workers: 2, stdin });
    const strip = (alerts: SequenceAlert[]) => alerts
      .map((a) => ({ keys: a.joinKeys, events: a.events.map((e) => [e!.line, e!.offset, e!.raw]) }));
    expect(strip(zipped.sequences)).toEqual(strip(plain.sequences));
    expect(strip(piped.sequences)).toEqual(strip(plain.sequences));
    expect(strip(plain.sequences).length).toBe(planted(corpus).length);
  }, 120_000);

  test('reports as NDJSON, a table row, the summary and the stats document', async () => {
    const { sequences, stats } = await collect({ inputs: [corpus.file], rules, options, workers: 2 });
    const sequence = sequences[0]!;
    const json = JSON.parse(alertJson(sequence)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['rule', 'kind', 'join_keys', 'events']);
    expect(json['kind']).toBe('sequence');
    expect(json['join_keys']).toEqual(sequence.joinKeys);
    type Shown = { event: { event: { category: string[] } }; source: { line: number } };
    const events = json['events'] as Shown[];
    expect(events.map((e) => e.event.event.category[0])).toEqual(['process', 'network']);
    expect(events.map((e) => e.source.line)).toEqual(sequence.events.map((e) => e!.line));

    const out = new PassThrough();
    let table = '';
    out.on('data', (chunk: Buffer) => (table += chunk.toString()));
    const sink = tableSink(out);
    await sink.write(sequence);
    await sink.end();
    const places = sequence.events.map((e) => `${e!.file}:${e!.line}`).join(' ');
    expect(table.split('\n')[1]).toContain(places);

    expect(formatSummary(stats, rules))
      .toMatch(/sequences and samples: 1 rules over [\d,]+ stage-hit events/);
    expect(statsDocument(stats).sequences).toMatchObject({ rules: 1, evicted: 0, droppedHitEvents: 0 });
  }, 120_000);

  test('a hit cap that is too small drops hits, and the summary says results may be incomplete', async () => {
    const { sequences, stats } = await collect({
      inputs: [corpus.file], rules, options, workers: 2, stageLimits: { maxHitEvents: 10 },
    });
    expect(stats.sequences!.hitEvents).toBe(10);
    expect(stats.sequences!.droppedHitEvents).toBeGreaterThan(0);
    expect(sequences.length).toBeLessThan(planted(corpus).length);
    expect(formatSummary(stats, rules)).toMatch(new RegExp(
      'warning: [\\d,]+ stage-hit events dropped over --max-hit-events; ' +
        'sequence and sample results may be incomplete'));
  }, 120_000);
});

describe('missing-event stages through a scan', () => {
  test('report a placeholder in stage order', async () => {
    ensureDist();
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'eqlscan-missing-')), 'missing.ndjson');
    const lines = [
      { '@timestamp': 1, event: { category: 'process' }, host: 'a', n: 1 },
      { '@timestamp': 2, event: { category: 'network' }, host: 'a', n: 2 },
      { '@timestamp': 3, event: { category: 'process' }, host: 'b', n: 3 },
      { '@timestamp': 4, event: { category: 'file' }, host: 'b', n: 4 },
      { '@timestamp': 5, event: { category: 'network' }, host: 'b', n: 5 },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const query = 'sequence by host [process where true] ![file where true] [network where true]';
    const set = await loadRuleSet({ queries: [query] });
    const { sequences } = await collect({ inputs: [file], rules: set, options, workers: 2, shardBytes: 64 });
    expect(sequences.map((s) => s.events.map((e) => e?.line ?? null))).toEqual([[1, null, 2]]);
    const json = JSON.parse(alertJson(sequences[0]!)) as { events: unknown[] };
    expect(json.events[1]).toEqual({ event: null, source: null, missing: true });
  }, 60_000);
});
