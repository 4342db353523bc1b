import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { loadNdjson, loadRules, planRules } from '../../src/plan/index.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/rules');
const EXPORT = path.join(FIXTURES, 'kibana-export.ndjson');
const JSONL = path.resolve(import.meta.dirname, '../../../shared/rules/eql-rules.jsonl');
if (!existsSync(JSONL)) console.warn(`rule list not found at ${JSONL}: skipping`);

describe('a Kibana rules export', () => {
  test('keeps the EQL rules, skips the others, and passes over lists and the summary', async () => {
    const { rules, skipped, failed } = await loadRules([EXPORT]);
    expect(failed).toEqual([]);
    expect(rules.map((r) => r.id)).toEqual(['kx-001', 'kx-004']);
    expect(skipped).toEqual([
      { file: EXPORT, line: 2, id: 'kx-002', name: 'Cmd by Name', language: 'kuery', type: 'query' },
      {
        file: EXPORT,
        line: 3,
        id: 'kx-003',
        name: 'Rare Process',
        language: 'machine_learning',
        type: 'machine_learning',
      },
    ]);
  });

  test('reads every field of a rule, with nested technique ids', async () => {
    const { rules } = await loadRules([EXPORT]);
    expect(rules[0]).toEqual({
      id: 'kx-001',
      name: 'Encoded PowerShell',
      description: 'PowerShell started with an encoded command.',
      severity: 'high',
      riskScore: 73,
      tags: ['OS: Windows', 'Tactic: Execution'],
      index: ['logs-endpoint.events.process-*', 'winlogbeat-*'],
      query: 'process where process.name == "powershell.exe" and\n  process.args : ("-enc*", "-e")',
      language: 'eql',
      type: 'eql',
      threat: ['T1059', 'T1059.001'],
      deprecated: false,
      origin: {
        file: EXPORT,
        line: 1,
        column: 227,
        raw: 'process where process.name == \\"powershell.exe\\" and\\n  process.args : (\\"-enc*\\", \\"-e\\")',
      },
    });
  });

  test('an error after escapes is placed at its column on the rule line', async () => {
    const { rules } = await loadRules([EXPORT]);
    const { plans, failed } = planRules(rules);
    expect(plans.map((p) => p.rule.id)).toEqual(['kx-001']);
    expect(failed.map((f) => f.message)).toEqual([
      `${EXPORT}:5:247: Function [length] takes 1 argument, found 0`,
    ]);
    // Column 247 of line 5 is where `length()` is spelled in the file.
    const line = readFileSync(EXPORT, 'utf8').split('\n')[4]!;
    expect(line.slice(246, 254)).toBe('length()');
  });
});

describe.skipIf(!existsSync(JSONL))('eql-rules.jsonl', () => {
  test('884 rules, 835 not deprecated, all plan', async () => {
    const { rules, skipped, failed } = await loadRules([JSONL]);
    expect([rules.length, skipped.length, failed.length]).toEqual([884, 0, 0]);
    expect(rules.filter((r) => !r.deprecated)).toHaveLength(835);
    expect(planRules(rules).failed).toEqual([]);
  });

  test('each origin is the escaped query on its own line', async () => {
    const { rules } = await loadRules([JSONL]);
    const lines = readFileSync(JSONL, 'utf8').split('\n');
    rules.forEach((rule, i) => {
      expect(rule.origin.line).toBe(i + 1);
      const spelled = JSON.stringify(rule.query).slice(1, -1);
      const raw = rule.origin.raw ?? rule.query;
      expect(lines[i]!.slice(rule.origin.column - 1).startsWith(`${raw}"`)).toBe(true);
      // Non-ASCII letters are \u escapes in this file, so `raw` is not always JSON.stringify's.
      if (!/[^\x00-\x7f]/.test(rule.query)) expect(raw).toBe(spelled);
    });
  });
});

describe('loadNdjson', () => {
  test('a JSON array spread over lines: each rule starts at its own line', () => {
    const text =
      '[\n  {\n    "rule_id": "a",\n    "query": "any where x"\n  },\n' +
      '  {"rule_id": "b", "query": "any where y"}\n]\n';
    const { rules } = loadNdjson(text, 'list.json');
    expect(rules.map((r) => [r.id, r.origin.line, r.origin.column])).toEqual([
      ['a', 4, 15],
      ['b', 6, 30],
    ]);
  });

  test('one pretty-printed rule object', () => {
    const text = '{\n  "name": "One",\n  "query": "any where\\n  a == 1"\n}\n';
    const { rules } = loadNdjson(text, 'one.json');
    expect(rules[0]).toMatchObject({ id: 'one.json:1', name: 'One', query: 'any where\n  a == 1' });
    expect(rules[0]!.origin).toEqual({ file: 'one.json', line: 3, column: 13, raw: 'any where\\n  a == 1' });
  });

  test('a broken line fails with its position; the other lines still load', () => {
    const text = '{"rule_id": "a", "query": "any where true"}\n{"rule_id": "b", "query": 1,}\n\n';
    const { rules, failed } = loadNdjson(text, 'l.ndjson');
    expect(rules.map((r) => r.id)).toEqual(['a']);
    // JSON.parse names offset 28, the `}` after the trailing comma: column 29.
    expect(failed.map((f) => f.message)).toEqual([
      `l.ndjson:2:29: Invalid JSON: ${jsonError('{"rule_id": "b", "query": 1,}')}`,
    ]);
  });

  test('a broken pretty-printed document fails once', () => {
    const { failed } = loadNdjson('[\n  {"rule_id": "a",\n  "query": }\n]\n', 'b.json');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.file).toBe('b.json');
  });

  test('an EQL rule with no query fails at its line', () => {
    const text = '{"exported_count": 0}\n{"rule_id": "q", "name": "Q", "type": "eql"}\n';
    const { failed } = loadNdjson(text, 'q.ndjson');
    expect(failed.map((f) => f.message)).toEqual(['q.ndjson:2:1: Rule [Q] has no query']);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('parsed');
}
