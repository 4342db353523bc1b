import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { afterAll, describe, expect, it } from 'vitest';

import {
  DEMO_RULES, ensureCorpus, eventStream, generateCorpus, hasEscape, manifestPathFor, parseSize,
  type Manifest,
} from '../../scripts/generate-corpus.js';
import { EVENT_RULES, SEQUENCE_RULE, get, sequenceMatches, type Event } from './demo-predicates.js';

const dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-corpus-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function collect(options: Parameters<typeof eventStream>[0]): { lines: string[]; manifest: Manifest } {
  const stream = eventStream(options);
  const lines = [...stream];
  return { lines, manifest: stream.manifest() };
}

const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

// One mid-sized corpus shared by the content checks below.
const main = collect({ seed: 42, size: 20_000 });
const events = main.lines.map((l) => JSON.parse(l) as Event);

describe('parseSize', () => {
  it('reads byte units as powers of 1000 and bare numbers as event counts', () => {
    expect(parseSize('1GB')).toEqual({ bytes: 1e9 });
    expect(parseSize('200MB')).toEqual({ bytes: 2e8 });
    expect(parseSize('1.5kb')).toEqual({ bytes: 1500 });
    expect(parseSize('2MiB')).toEqual({ bytes: 2 * 1024 * 1024 });
    expect(parseSize('5000')).toEqual({ events: 5000 });
    expect(parseSize(12)).toEqual({ events: 12 });
  });

  it('names the option in its errors', () => {
    expect(() => parseSize('lots')).toThrow('--size: expected a number of events or a size like 200MB, got "lots"');
    expect(() => parseSize('3 parsecs')).toThrow('--size: unknown unit "parsecs"');
    expect(() => parseSize('0')).toThrow('--size: event count must be a positive integer');
  });
});

describe('determinism', () => {
  it('gives the same lines for the same seed and size', () => {
    const again = collect({ seed: 42, size: 20_000 });
    expect(sha(again.lines.join('\n'))).toBe(sha(main.lines.join('\n')));
    expect(again.manifest).toEqual(main.manifest);
  });

  it('gives different lines for a different seed', () => {
    const other = collect({ seed: 43, size: 2000 });
    const first = main.lines.slice(0, 2000);
    expect(other.lines).not.toEqual(first);
    expect(other.lines.filter((l, i) => l === first[i]).length).toBe(0);
  });

  it('writes byte-identical files, plain and gzipped, and the gzip holds the same NDJSON', async () => {
    const a = path.join(dir, 'a.ndjson');
    const b = path.join(dir, 'b.ndjson');
    const z = path.join(dir, 'c.ndjson.gz');
    const ma = await generateCorpus({ out: a, seed: 9, size: '1MB' });
    await generateCorpus({ out: b, seed: 9, size: '1MB' });
    const mz = await generateCorpus({ out: z, seed: 9, size: '1MB', gzip: true });
    const plain = readFileSync(a);
    expect(sha(readFileSync(b))).toBe(sha(plain));
    expect(sha(gunzipSync(readFileSync(z)))).toBe(sha(plain));
    expect(mz.fileBytes).toBeLessThan(plain.length / 4);
    expect(ma.bytes).toBe(plain.length);
    expect({ ...mz, file: ma.file, gzip: false, fileBytes: ma.fileBytes }).toEqual(ma);
  });

  it('file and in-memory stream produce the same lines', async () => {
    const out = path.join(dir, 'same.ndjson');
    await generateCorpus({ out, seed: 42, size: 20_000 });
    expect(sha(readFileSync(out))).toBe(sha(main.lines.join('\n') + '\n'));
  });
});

describe('size control', () => {
  it('writes exactly the requested number of events', () => {
    expect(main.lines.length).toBe(20_000);
    expect(main.manifest.events).toBe(20_000);
    expect(main.manifest.bytes).toBe(Buffer.byteLength(main.lines.join('\n') + '\n'));
  });

  it('stops at the first line that reaches a byte budget, plus any plants not yet written', async () => {
    const out = path.join(dir, 'sized.ndjson');
    const m = await generateCorpus({ out, seed: 5, size: '3MB' });
    expect(statSync(out).size).toBe(m.bytes);
    expect(m.bytes).toBeGreaterThanOrEqual(3e6);
    expect(m.bytes).toBeLessThan(3e6 + 60_000);
    expect(m.events).toBe(readFileSync(out, 'utf8').split('\n').length - 1);
  });

  it('averages 1-2 KB per event', () => {
    const avg = main.manifest.bytes / main.manifest.events;
    expect(avg).toBeGreaterThan(1000);
    expect(avg).toBeLessThan(2000);
  });

  it('refuses an event count too small for the planted events', () => {
    expect(() => [...eventStream({ seed: 1, size: 50 })]).toThrow(/too small for \d+ planted events/);
    expect([...eventStream({ seed: 1, size: 50, plant: false })]).toHaveLength(50);
  });

  it('reuses a cached corpus only when its manifest matches', async () => {
    const out = path.join(dir, 'cached.ndjson');
    const first = await ensureCorpus({ out, seed: 3, size: 2000 });
    const mtime = statSync(out).mtimeMs;
    expect(await ensureCorpus({ out, seed: 3, size: 2000 })).toEqual(first);
    expect(statSync(out).mtimeMs).toBe(mtime);
    const other = await ensureCorpus({ out, seed: 4, size: 2000 });
    expect(other.seed).toBe(4);
    expect(JSON.parse(readFileSync(manifestPathFor(out), 'utf8'))).toEqual(other);
  });
});

/** True when no object key anywhere in `v` contains a dot (ECS nested, not flattened). */
function nested(v: unknown): boolean {
  if (Array.isArray(v)) return v.every(nested);
  if (v === null || typeof v !== 'object') return true;
  return Object.entries(v).every(([k, x]) => !k.includes('.') && nested(x));
}

describe('event shape', () => {
  it('every line is a nested ECS object with the common fields', () => {
    const problems: string[] = [];
    const check = (ok: boolean, what: string, i: number): void => {
      if (!ok && problems.length < 10) problems.push(`line ${i + 1}: ${what}`);
    };
    events.forEach((e, i) => {
      check(nested(e), 'dotted key', i);
      check(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(String(get(e, '@timestamp'))), '@timestamp', i);
      check(Array.isArray(get(e, 'event.category')), 'event.category', i);
      check(Array.isArray(get(e, 'event.type')), 'event.type', i);
      check(get(e, 'event.kind') === 'event', 'event.kind', i);
      check(typeof get(e, 'event.action') === 'string', 'event.action', i);
      check(['windows', 'macos', 'linux'].includes(get(e, 'host.os.type') as string), 'host.os.type', i);
      for (const f of ['host.name', 'host.id', 'agent.id', 'user.name', 'user.domain', 'process.entity_id']) {
        check(typeof get(e, f) === 'string', f, i);
      }
      check(typeof get(e, 'process.pid') === 'number', 'process.pid', i);
    });
    expect(problems).toEqual([]);
  });

  it('keeps @timestamp non-decreasing', () => {
    const ms = events.map((e) => Date.parse(String(get(e, '@timestamp'))));
    expect(ms.every((t, i) => i === 0 || t >= (ms[i - 1] as number))).toBe(true);
  });

  it('fills the fields of each category', () => {
    const seen = new Set<string>();
    for (const e of events) {
      const cat = (get(e, 'event.category') as string[])[0] as string;
      const os = get(e, 'host.os.type') as string;
      seen.add(`${os}:${cat}${get(e, 'dns') ? ':dns' : ''}`);
      if (cat === 'process') {
        const args = get(e, 'process.args') as string[];
        expect(Array.isArray(args)).toBe(true);
        expect(get(e, 'process.args_count')).toBe(args.length);
        for (const f of ['process.name', 'process.executable', 'process.command_line', 'process.hash.sha256']) {
          expect(typeof get(e, f), f).toBe('string');
        }
        if (os !== 'linux') expect(typeof get(e, 'process.code_signature.trusted')).toBe('boolean');
        if (os === 'macos') expect(typeof get(e, 'process.Ext.effective_parent.executable')).toBe('string');
      } else if (cat === 'file') {
        expect(typeof get(e, 'file.path')).toBe('string');
        expect(typeof get(e, 'file.name')).toBe('string');
      } else if (cat === 'registry') {
        expect(os).toBe('windows');
        for (const f of ['registry.path', 'registry.key', 'registry.value']) expect(typeof get(e, f)).toBe('string');
        expect(Array.isArray(get(e, 'registry.data.strings'))).toBe(true);
      } else if (cat === 'library') {
        expect(typeof get(e, 'dll.path')).toBe('string');
      } else if (get(e, 'dns') !== undefined) {
        expect(typeof get(e, 'dns.question.name')).toBe('string');
      } else {
        expect(cat).toBe('network');
        expect(typeof get(e, 'network.direction')).toBe('string');
        expect(typeof get(e, 'destination.port')).toBe('number');
        expect(typeof get(e, 'source.ip')).toBe('string');
      }
    }
    for (const k of ['windows:process', 'macos:process', 'linux:process', 'windows:file', 'windows:registry',
      'windows:network', 'windows:library', 'windows:network:dns', 'macos:network:dns', 'linux:network']) {
      expect(seen, k).toContain(k);
    }
  });

  it('is about 40% process events, with Windows paths and non-ASCII text', () => {
    const process = events.filter((e) => (get(e, 'event.category') as string[])[0] === 'process').length;
    expect(process / events.length).toBeGreaterThan(0.35);
    expect(process / events.length).toBeLessThan(0.45);
    expect(main.lines.some((l) => l.includes('"C:\\\\Windows\\\\System32\\\\'))).toBe(true);
    expect(main.lines.filter((l) => /[^\x00-\x7f]/.test(l)).length).toBeGreaterThan(100);
  });
});

describe('escapes', () => {
  it('about one line in 5,000 holds a \\uXXXX escape, and the manifest counts them', () => {
    const escaped = main.lines.filter(hasEscape);
    expect(escaped.length).toBe(main.manifest.escapeLines);
    const plantedLines = new Set(main.manifest.planted.flatMap((p) => p.lines));
    const background = escaped.filter((_, i) => !plantedLines.has(main.lines.indexOf(escaped[i] as string) + 1));
    expect(background.length).toBeGreaterThanOrEqual(2);
    expect(background.length).toBeLessThanOrEqual(8);
    expect(hasEscape('"C:\\\\users\\\\x"')).toBe(false);
    expect(hasEscape('"\\u0063md.exe"')).toBe(true);
  });

  it('escaped plants hide a letter of the literal the rule looks for', () => {
    const escapedPlants = main.manifest.planted.filter((p) => p.escaped);
    expect(new Set(escapedPlants.map((p) => p.ruleId)).size).toBe(DEMO_RULES.length);
    for (const p of escapedPlants) {
      for (const n of p.lines) expect(hasEscape(main.lines[n - 1] as string)).toBe(true);
    }
  });
});

describe('planted events', () => {
  const m = main.manifest;

  it('the manifest lists every demo rule with at least one true positive and near-miss', () => {
    expect(Object.keys(m.rules).sort()).toEqual(DEMO_RULES.map((r) => r.id).sort());
    for (const [id, r] of Object.entries(m.rules)) {
      expect(r.truePositives, id).toBe(m.planted.filter((p) => p.ruleId === id && p.expect === 'match').length);
      expect(r.nearMisses, id).toBe(m.planted.filter((p) => p.ruleId === id && p.expect === 'miss').length);
      expect(r.truePositives).toBeGreaterThanOrEqual(3);
      expect(r.nearMisses).toBeGreaterThanOrEqual(4);
    }
    const lines = m.planted.flatMap((p) => p.lines);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines.every((n) => n >= 1 && n <= m.events)).toBe(true);
  });

  it('each event rule matches exactly its planted true positives, nothing in the background', () => {
    for (const [id, match] of Object.entries(EVENT_RULES)) {
      const hits = events.flatMap((e, i) => (match(e) ? [i + 1] : []));
      const planted = m.planted.filter((p) => p.ruleId === id && p.expect === 'match').flatMap((p) => p.lines);
      expect(hits, m.rules[id]?.name).toEqual(planted.sort((a, b) => a - b));
      expect(hits.length).toBe(m.rules[id]?.truePositives);
    }
  });

  it('the sequence rule completes exactly its planted sequences', () => {
    const found = sequenceMatches(events);
    const planted = m.planted.filter((p) => p.ruleId === SEQUENCE_RULE && p.expect === 'match').map((p) => p.lines);
    expect(found).toEqual(planted);
    expect(found.length).toBe(m.rules[SEQUENCE_RULE]?.truePositives);
    for (const [a, b] of found) {
      const ea = events[a - 1] as Event;
      const eb = events[b - 1] as Event;
      expect(get(eb, 'host.id')).toBe(get(ea, 'host.id'));
      expect(get(eb, 'process.entity_id')).toBe(get(ea, 'process.entity_id'));
      expect(Date.parse(String(get(eb, '@timestamp')))).toBeGreaterThan(Date.parse(String(get(ea, '@timestamp'))));
    }
  });

  it('sequence near-misses include one just outside the maxspan', () => {
    const late = m.planted.find((p) => p.ruleId === SEQUENCE_RULE && p.variant === 'connection after the maxspan');
    expect(late?.lines).toHaveLength(2);
    const [a, b] = (late?.lines ?? []).map((n) => Date.parse(String(get(events[n - 1] as Event, '@timestamp'))));
    expect((b as number) - (a as number)).toBeGreaterThan(60_000);
  });

  it('scales the number of plants with the rate and corpus size', () => {
    const dense = collect({ seed: 42, size: 30_000, plantRate: 40 });
    for (const r of Object.values(dense.manifest.rules)) expect(r.truePositives).toBe(12);
    expect(dense.manifest.plantRate).toBe(40);
  });

  it('a byte-sized corpus still holds every planned plant', () => {
    const small = collect({ seed: 11, size: '400KB' });
    for (const r of Object.values(small.manifest.rules)) expect(r.truePositives).toBeGreaterThanOrEqual(3);
    const lines = small.manifest.planted.flatMap((p) => p.lines);
    expect(Math.max(...lines)).toBeLessThanOrEqual(small.manifest.events);
  });
});
