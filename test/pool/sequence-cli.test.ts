/**
 * Sequences from the command line: `--mapping` types join keys, the state bounds are
 * options checked at the boundary and reported in the stats, and `eqlscan verify` compares
 * the scan engine's sequence matches with the interpreter's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

import { parseScanArgs } from '../../src/cli/commands/scan-args.js';
import { CLI, ensureDist } from './dist.js';

function cli(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let dir: string;
let events: string;
let mapping: string;

beforeAll(() => {
  ensureDist();
  dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-seqcli-'));
  events = path.join(dir, 'events.ndjson');
  mapping = path.join(dir, 'mapping.json');
  // Out of time order on purpose; `day` is a date, written two ways.
  const lines = [
    { '@timestamp': '2026-03-02T08:00:03Z', event: { category: 'network' }, host: 'a', day: '2026-03-02T00:00:00Z' },
    { '@timestamp': '2026-03-02T08:00:01Z', event: { category: 'process' }, host: 'a', day: 1772409600000 },
    { '@timestamp': '2026-03-02T08:00:02Z', event: { category: 'process' }, host: 'b', day: 1772409600000 },
    { '@timestamp': '2026-03-02T08:00:09Z', event: { category: 'network' }, host: 'b', day: '2026-03-02T00:00:00Z' },
  ];
  writeFileSync(events, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  writeFileSync(mapping, JSON.stringify({ mappings: { properties: { day: { type: 'date' } } } }));
});

describe('eqlscan scan with sequence rules', () => {
  const query = 'sequence by day with maxspan=5s [process where true] [network where true]';

  test('--mapping makes a date key join across spellings and report as ISO text', () => {
    const stats = path.join(dir, 'stats.json');
    const r = cli(['scan', '--query', query, '--mapping', mapping, '--stats-json', stats, '--workers', '2', events]);
    expect(r.code).toBe(0);
    const alerts = r.out.trim().split('\n').map((l) => JSON.parse(l) as { join_keys: unknown[]; events: { source: { line: number } }[] });
    expect(alerts.map((a) => [a.join_keys, a.events.map((e) => e.source.line)])).toEqual([
      [['2026-03-02T00:00:00.000Z'], [3, 1]],
    ]);
    const doc = JSON.parse(readFileSync(stats, 'utf8')) as { sequences: Record<string, number> };
    expect(doc.sequences).toMatchObject({ rules: 1, hitEvents: 4, droppedHitEvents: 0, evicted: 0 });
  });

  test('without the mapping the two spellings are different keys', () => {
    const r = cli(['scan', '--query', query, '--workers', '1', events]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
  });

  test('an over-tight --max-pending is reported as a warning', () => {
    const r = cli(['scan', '--query', 'sequence by host [process where true] [network where true]',
      '--max-pending', '1', '--workers', '1', events]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: 1 in-flight sequences evicted over --max-pending; ' +
      'sequence and sample results may be incomplete');
  });

  test('a missing mapping file names the option', () => {
    const r = cli(['scan', '--query', query, '--mapping', path.join(dir, 'nope.json'), events]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--mapping: ');
  });

  test('bounds are parsed and checked once', () => {
    expect(parseScanArgs(['--max-hit-events', '7', '--max-samples-per-key', '2', 'x']).stageLimits)
      .toEqual({ maxHitEvents: 7, maxSamplesPerKey: 2 });
    expect(() => parseScanArgs(['--max-per-key', '0'])).toThrow("--max-per-key: expected a positive integer, got '0'");
  });
});

describe('eqlscan verify with sequence rules', () => {
  test('reports the same matches from the scan engine and the interpreter', () => {
    const r = cli(['verify', '--query', 'sequence by host [process where true] [network where true]',
      '--query', 'sample by host [process where true] [network where true]', events]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 sequence/sample rules, 0 differ (matches: interpreter 4, scan 4)');
  });
});
