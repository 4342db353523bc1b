import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { EqlError } from '../../src/errors.js';
import { formatOf, loadRules, loadRuleText, planRules } from '../../src/plan/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/rules');
const BROKEN = path.join(FIXTURES, 'broken');
const at = (name: string) => path.join(BROKEN, name);

describe('loadRules over a folder of broken rules', () => {
  test('load failures carry the file position of the error', async () => {
    const { failed } = await loadRules([BROKEN]);
    expect(failed.map((f) => f.message)).toEqual([
      `${at('invalid.toml')}:2:22: Invalid TOML: control characters are not allowed in strings`,
      `${at('list.jsonl')}:2:63: Invalid JSON: Unterminated string in JSON at position 62`,
    ]);
  });

  test('rules load in sorted path order, the README is passed over, kuery is skipped', async () => {
    const { rules, skipped } = await loadRules([BROKEN]);
    expect(rules.map((r) => path.basename(r.origin.file))).toEqual([
      'bad-syntax.toml',
      'list.jsonl',
      'page.md',
      'tilde.eql',
    ]);
    expect(rules.map((r) => r.id)).toEqual(['bt-001', 'bt-005', 'bad-cidr', 'tilde']);
    expect(skipped.map((s) => [path.basename(s.file), s.id, s.language])).toEqual([
      ['kuery.toml', 'bt-003', 'kuery'],
    ]);
  });

  test('query errors are placed in each format', async () => {
    const { rules } = await loadRules([BROKEN]);
    const { plans, failed } = planRules(rules);
    expect(plans.map((p) => p.rule.id)).toEqual(['bt-005']);
    expect(failed.map((f) => f.message)).toEqual([
      `${at('bad-syntax.toml')}:18:21: Expected an expression but found 'and'`,
      `${at('page.md')}:15:43: Argument 3 of [cidrMatch] must be a CIDR block, found ["192.168.0/16"]`,
      `${at('tilde.eql')}:2:3: Function [length] does not accept ~ (case-insensitive matching)`,
    ]);
  });

  test('a file named directly is read whatever it holds', async () => {
    const { rules } = await loadRules([at('README.md')]);
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ id: 'README', query: expect.stringContaining('Not a rule') });
  });

  test('a file named twice, directly and through its folder, loads once', async () => {
    const { rules } = await loadRules([at('tilde.eql'), BROKEN]);
    expect(rules.filter((r) => r.id === 'tilde')).toHaveLength(1);
  });

  test('a path that does not exist is an io error', async () => {
    const missing = path.join(FIXTURES, 'no-such-dir');
    await expect(loadRules([missing])).rejects.toThrow(
      new EqlError('io', `Cannot read [${missing}]: no such file or directory`),
    );
    await expect(loadRules([missing])).rejects.toMatchObject({ code: 'io' });
  });

  test('in a folder, JSON without rule ids and TOML without a rule table are passed over', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-load-'));
    writeFileSync(path.join(dir, 'events.ndjson'), '{"event":{"category":"process"}}\n');
    writeFileSync(path.join(dir, 'pyproject.toml'), '[tool]\nname = "x"\n');
    writeFileSync(path.join(dir, 'data.csv'), 'a,b\n');
    writeFileSync(path.join(dir, 'q.eql'), 'any where true');
    const { rules, failed, skipped } = await loadRules([dir]);
    expect(rules.map((r) => r.id)).toEqual(['q']);
    expect([failed, skipped]).toEqual([[], []]);
  });

  test('many files, read ahead of parsing, still load in sorted path order', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-load-many-'));
    const want: string[] = [];
    // More files than are read at once, with files passed over and a failure among them.
    for (let i = 0; i < 60; i++) {
      const name = `r${String(i).padStart(2, '0')}`;
      if (i % 7 === 3) {
        writeFileSync(path.join(dir, `${name}.ndjson`), '{"event":{"category":"process"}}\n');
      } else if (i % 11 === 5) {
        writeFileSync(path.join(dir, `${name}.toml`), '[rule]\nname = "broken\n');
      } else {
        writeFileSync(path.join(dir, `${name}.eql`), `process where process.pid == ${i}`);
        want.push(name);
      }
    }
    const { rules, failed } = await loadRules([dir]);
    expect(rules.map((r) => r.id)).toEqual(want);
    expect(failed.map((f) => path.basename(f.file))).toEqual(['r05.toml', 'r16.toml', 'r27.toml', 'r49.toml']);
  });
});

describe('formatOf', () => {
  test.each([
    ['a.toml', '', true, 'toml'],
    ['a.toml', 'x = 1', false, null],
    ['a.toml', '[metadata]\n[rule]\n', false, 'toml'],
    ['a.ndjson', '', true, 'json'],
    ['a.JSONL', '{"rule_id": 1}', false, 'json'],
    ['a.json', '{"id": 1}', false, null],
    ['a.md', '# T\n**Rule type**: eql\n', false, 'markdown'],
    ['a.txt', 'any where true', true, 'query'],
    ['a.txt', 'any where true', false, null],
    ['a.eql', '', false, 'query'],
    ['query', 'any where true', true, 'query'],
  ] as const)('%s (%j, named %s) is %s', (file, text, named, format) => {
    expect(formatOf(file, text, named)).toBe(format);
  });
});

describe('loadRuleText', () => {
  test('a byte-order mark does not shift columns', () => {
    const { rules } = loadRuleText('\ufeffany where length()', 'bom.eql', 'query');
    expect(rules[0]!.query).toBe('any where length()');
    expect(planRules(rules).failed[0]!.message).toBe(
      'bom.eql:1:11: Function [length] takes 1 argument, found 0',
    );
  });
});
