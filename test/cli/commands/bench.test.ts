import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, afterEach, describe, expect, test, vi } from 'vitest';

import { parseBenchArgs, run } from '../../../src/cli/commands/bench.js';
import { EqlError } from '../../../src/errors.js';
import { captureOutput } from './capture.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'eqlscan-bench-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** 300 events: every third a process start of cmd.exe, the rest network events. */
const input = path.join(dir, 'events.ndjson');
writeFileSync(input, `${Array.from({ length: 300 }, (_, i) => JSON.stringify(
  i % 3 === 0
    ? { '@timestamp': `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`, event: { category: ['process'], type: ['start'] }, process: { name: 'cmd.exe', args: ['/c', `x${i}`] } }
    : { '@timestamp': '2026-01-01T00:01:00Z', event: { category: ['network'] }, destination: { port: i } },
)).join('\n')}\nnot json\n`);

const capture = (args: string[]) => captureOutput(() => run(args));

const CMD = 'process where process.name == "cmd.exe"';
const PORT = 'network where destination.port > 250';
const SEQ = 'sequence [process where true] [network where true]';

describe('parseBenchArgs', () => {
  test('takes rules, inputs and numbers', () => {
    expect(parseBenchArgs(['--rules', 'r/', '--query', 'any where true', 'a.ndjson', '--events', '50', '--json']))
      .toMatchObject({ rulePaths: ['r/'], queries: ['any where true'], inputs: ['a.ndjson'], events: 50, json: true });
  });

  test('names the option at fault', () => {
    expect(() => parseBenchArgs(['--events', 'x', '--query', 'q', 'a'])).toThrow(/--events: expected an integer/);
    expect(() => parseBenchArgs(['--events', '0', '--query', 'q', 'a'])).toThrow(EqlError);
    expect(() => parseBenchArgs(['a.ndjson'])).toThrow(/no rules/);
    expect(() => parseBenchArgs(['--query', 'q'])).toThrow(/no input/);
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow(/unknown option --frobnicate/);
  });
});

describe('eqlscan bench', () => {
  test('--json ranks every rule with its matches over the events read', async () => {
    const { code, out } = await capture(['--query', CMD, '--query', PORT, '--query', SEQ, '--json', '--min-ms', '1', input]);
    expect(code).toBe(0);
    const doc = JSON.parse(out) as {
      events: number; rejected: number;
      rules: { name: string; kind: string; matches: number; compiledNs: number; interpretedNs: number; share: number }[];
    };
    // The last line is not JSON: read, rejected, not timed.
    expect(doc.events).toBe(300);
    expect(doc.rejected).toBe(1);
    const byName = Object.fromEntries(doc.rules.map((r) => [r.name, r]));
    expect(byName['query 1']).toMatchObject({ kind: 'event', matches: 100 });
    expect(byName['query 2']).toMatchObject({ kind: 'event', matches: 33 });
    // A sequence is timed on its stage predicates: 100 process hits and 200 network hits.
    expect(byName['query 3']).toMatchObject({ kind: 'sequence', matches: 300 });
    for (const r of doc.rules) {
      expect(r.compiledNs).toBeGreaterThan(0);
      expect(r.interpretedNs).toBeGreaterThan(0);
    }
    const costs = doc.rules.map((r) => r.compiledNs);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(doc.rules.reduce((s, r) => s + r.share, 0)).toBeCloseTo(1, 2);
  });

  test('--events bounds the events read; the table shows the top rules', async () => {
    const { code, out } = await capture(['-q', CMD, '-q', PORT, '--events', '30', '--top', '1', '--min-ms', '1', input]);
    expect(code).toBe(0);
    expect(out).toMatch(/^30 events \(/);
    expect(out).toMatch(/compiled ns\/ev/);
    expect(out).toContain('1 cheaper rule not shown');
    const rows = out.split('\n').filter((l) => /^\s*1\s+query/.test(l));
    expect(rows).toHaveLength(1);
  });

  test('no event or no rule is a usage failure', async () => {
    const empty = path.join(dir, 'empty.ndjson');
    writeFileSync(empty, '\n');
    expect((await capture(['-q', CMD, empty])).code).toBe(2);
    const missing = await capture(['-q', CMD, path.join(dir, 'nope.ndjson')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.ndjson: no such file/);
  });
});
