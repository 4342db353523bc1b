/**
 * `eqlscan scan` as a user runs it: the compiled command line in dist/ (built by
 * `npm install`; `ensureDist` rebuilds it when sources are newer), in a child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

import { KEYCHAIN_ID, SEED_PAGE, makeCorpus, plantedLines, type TestCorpus } from '../../pool/corpus.js';
import { CLI, ensureDist } from '../../pool/dist.js';

function scan(args: string[], input?: string): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, 'scan', ...args], { encoding: 'utf8', input, timeout: 60_000 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

let dir: string;
let corpus: TestCorpus;
let malformed: string;
const SSH = 'process where process.name like~ "s*"';

beforeAll(async () => {
  ensureDist();
  dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-cli-'));
  corpus = await makeCorpus(2000);
  const lines = readFileSync(corpus.file, 'utf8').split('\n').slice(0, 20);
  malformed = path.join(dir, 'malformed.ndjson');
  writeFileSync(malformed, [
    lines[0], // 1
    '', // 2 blank
    lines[1]!.slice(0, 200), // 3 truncated
    '   \t', // 4 blank
    'not json at all', // 5
    '[1, 2, 3]', // 6 an array, not an object
    lines[2] + '\r', // 7 CRLF is fine
    '{"event": {"category": "process"},}', // 8 object-shaped but invalid: found by --strict
    lines[3], // 9
  ].join('\n') + '\n');
});

describe('exit codes', () => {
  test('no arguments, unknown options and bad values are usage errors (2)', () => {
    expect(scan([]).code).toBe(2);
    expect(scan([corpus.file]).err).toContain('no rules: give --query or --rules');
    const unknown = scan(['--bogus', corpus.file]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('unknown option --bogus');
    const engine = scan(['--engine', 'fast', '--query', SSH, corpus.file]);
    expect(engine.code).toBe(2);
    expect(engine.err).toContain("--engine: expected compiled or interpreter, got 'fast'");
    expect(scan(['--workers', '0', '--query', SSH, corpus.file]).code).toBe(2);
  });

  test('--help documents the exit codes and exits 0', () => {
    const help = scan(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/exit codes:\n {2}0 {2}the scan completed\n {2}1 .*--strict/);
  });

  test('a rule that fails is reported with file and position, and the others still run', () => {
    const bad = path.join(dir, 'bad.eql');
    writeFileSync(bad, 'process where process.name == ');
    const r = scan(['--rules', bad, '--query', SSH, corpus.file]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(new RegExp(`rule error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+: `));
    expect(r.out.split('\n').filter(Boolean).length).toBeGreaterThan(0);
    expect(r.err).toContain('rules: 1 run, 1 failed to load');
  });

  test('no usable rule exits 2', () => {
    const bad = path.join(dir, 'bad2.eql');
    writeFileSync(bad, 'process where (');
    const failed = scan(['--rules', bad, corpus.file]);
    expect(failed.code).toBe(2);
    expect(failed.err).toContain('no rule to run (1 failed)');
  });

  test('an input that cannot be read is listed, and the scan exits 1 as incomplete', () => {
    const r = scan(['--query', SSH, corpus.file, path.join(dir, 'missing.ndjson')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unreadable files: 1\n {2}.*missing\.ndjson: /);
  });
});

describe('malformed input', () => {
  test('every line is accounted for; without --strict, truncated and garbage lines are rejected', () => {
    const stats = path.join(dir, 'm1.json');
    // The prefilter rules line 8 out or not, depending on its literals: only its shape may be checked.
    const r = scan(['--query', 'process where process.name == "zz-not-there"', '--stats-json', stats, malformed]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s).toMatchObject({ lines: 9, blank: 2 });
    expect(s.events + s.rejected).toBe(7);
    expect([3, 4]).toContain(s.rejected);
    expect(r.err).toContain(`${malformed}:3: `);
    expect(r.err).toContain(`${malformed}:5: not a JSON object`);
    expect(r.err).toContain(`${malformed}:6: not a JSON object`);
  });

  test('--no-prefilter decodes every line, so the object-shaped bad line is rejected too', () => {
    const stats = path.join(dir, 'm3.json');
    expect(scan(['--query', SSH, '--no-prefilter', '--stats-json', stats, malformed]).code).toBe(0);
    expect(JSON.parse(readFileSync(stats, 'utf8'))).toMatchObject({ lines: 9, blank: 2, rejected: 4, events: 3 });
  });

  test('--strict decodes every line and exits 1 on a rejected line', () => {
    const stats = path.join(dir, 'm2.json');
    const r = scan(['--query', SSH, '--strict', '--stats-json', stats, malformed]);
    expect(r.code).toBe(1);
    const s = JSON.parse(readFileSync(stats, 'utf8'));
    expect(s).toMatchObject({ lines: 9, blank: 2, rejected: 4, events: 3 });
    expect(r.err).toMatch(/rejected lines: 4\n/);
    expect(r.err).toContain(`${malformed}:8: `);
    expect(scan(['--query', SSH, '--strict', corpus.file]).code).toBe(0);
  });
});

describe('output', () => {
  test('--stats-json has exactly the documented keys, and lines add up', () => {
    const file = path.join(dir, 'stats.json');
    const r = scan(['--rules', SEED_PAGE, '--workers', '2', '--stats-json', file, corpus.file]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(s)).toEqual([
      'files', 'bytes', 'lines', 'events', 'blank', 'rejected', 'alerts', 'seconds', 'workers', 'parser', 'engine',
    ]);
    expect(s).toMatchObject({ files: 1, bytes: corpus.manifest.bytes, events: corpus.manifest.events, workers: 2, engine: 'compiled' });
    expect(s.lines).toBe(s.events + s.blank + s.rejected);
    expect(s.alerts).toEqual({ 'access-to-keychain-credentials-directories': plantedLines(corpus.manifest, KEYCHAIN_ID).length });
  });

  test('alerts are NDJSON with the rule, the line verbatim and its source', () => {
    const r = scan(['--rules', SEED_PAGE, corpus.file]);
    const raw = readFileSync(corpus.file, 'utf8').split('\n');
    const alerts = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(alerts.map((a) => a.source.line)).toEqual(plantedLines(corpus.manifest, KEYCHAIN_ID));
    for (const [i, a] of alerts.entries()) {
      expect(a.rule).toEqual({ id: 'access-to-keychain-credentials-directories', name: 'Access to Keychain Credentials Directories', severity: 'high', risk_score: 73 });
      expect(a.source.file).toBe(corpus.file);
      // The event is the line as read, byte for byte.
      const line = raw[a.source.line - 1]!;
      expect(r.out.trim().split('\n')[i]).toContain(`"event":${line},"source"`);
      expect(Buffer.byteLength(raw.slice(0, a.source.line - 1).join('\n')) + (a.source.line > 1 ? 1 : 0)).toBe(a.source.offset);
    }
    expect(r.err).toMatch(/scanned 1 file, [\d,]+ events in [\d,]+ lines, [\d.]+ MB in [\d.]+ s \([\d.]+ MB\/s/);
  });

  test('--out writes alerts to a file; --format table is for people', () => {
    const out = path.join(dir, 'alerts.ndjson');
    const r = scan(['--rules', SEED_PAGE, '--out', out, corpus.file]);
    expect(r.out).toBe('');
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(plantedLines(corpus.manifest, KEYCHAIN_ID).length);
    const table = scan(['--rules', SEED_PAGE, '--format', 'table', corpus.file]);
    const rows = table.out.trim().split('\n');
    expect(rows[0]).toMatch(/^TIME\s+SEVERITY\s+RULE\s+HOST\s+PROCESS\s+SOURCE$/);
    expect(rows).toHaveLength(1 + plantedLines(corpus.manifest, KEYCHAIN_ID).length);
    expect(rows[1]).toMatch(/^20\d\d-\S+Z\s+high\s+Access to Keychain/);
  });

  test('standard input is read as - and numbered from line 1', () => {
    const text = readFileSync(corpus.file, 'utf8');
    const r = scan(['--rules', SEED_PAGE, '-'], text);
    expect(r.code).toBe(0);
    const alerts = r.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(alerts.map((a) => a.source.line)).toEqual(plantedLines(corpus.manifest, KEYCHAIN_ID));
    expect(alerts[0].source.file).toBe('-');
  });

  test('no progress bar when stderr is not a terminal', () => {
    const r = scan(['--query', SSH, corpus.file]);
    expect(r.err).not.toContain('\r');
    expect(scan(['--query', SSH, '--progress', corpus.file]).err).toContain('\r[');
  });
});
