import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { beforeAll, describe, expect, test } from 'vitest';

import { loadRules, loadToml, planRules, type LoadResult } from '../../src/plan/index.js';

const RULES = path.resolve(import.meta.dirname, '../../../shared/rules');
const TOML_DIR = path.join(RULES, 'toml');
if (!existsSync(TOML_DIR)) console.warn(`detection rules not found at ${TOML_DIR}: skipping`);

/** The text at a 1-based line and column of a file, to the end of the file. */
function textAt(file: string, line: number, column: number): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  return [lines[line - 1]!.slice(column - 1), ...lines.slice(line)].join('\n');
}

describe.skipIf(!existsSync(TOML_DIR))('the detection-rules TOML files', () => {
  let loaded: LoadResult;
  beforeAll(async () => {
    loaded = await loadRules([TOML_DIR]);
  });

  test('884 EQL rules load, none skipped or failed, 835 not deprecated', () => {
    expect(loaded.rules).toHaveLength(884);
    expect(loaded.skipped).toEqual([]);
    expect(loaded.failed).toEqual([]);
    expect(loaded.rules.filter((r) => !r.deprecated)).toHaveLength(835);
    expect(loaded.rules.every((r) => r.language === 'eql' && r.type === 'eql')).toBe(true);
  });

  test('every rule plans', () => {
    const { plans, failed } = planRules(loaded.rules);
    expect(failed.map((f) => f.message)).toEqual([]);
    expect(plans).toHaveLength(884);
    const kinds = new Set(plans.map((p) => p.kind));
    expect([...kinds].sort()).toEqual(['event', 'sample', 'sequence']);
  });

  test('rules come in sorted path order', () => {
    const files = loaded.rules.map((r) => r.origin.file);
    expect(files).toEqual([...files].sort());
    expect(new Set(files).size).toBe(884);
  });

  test('every origin points at the query text in its file', () => {
    for (const rule of loaded.rules) {
      const { file, line, column } = rule.origin;
      expect(rule.origin.raw).toBeUndefined();
      expect(textAt(file, line, column).startsWith(rule.query), file).toBe(true);
    }
  });

  test('a deprecated rule reads in full', () => {
    const file = path.join(
      TOML_DIR,
      'rules/_deprecated/command_and_control_connection_attempt_by_non_ssh_root_session.toml',
    );
    const rule = loaded.rules.find((r) => r.origin.file === file)!;
    expect(rule).toMatchObject({
      id: 'eb6a3790-d52d-11ec-8ce9-f661ea17fbce',
      name: 'Suspicious Network Connection Attempt by Root',
      severity: 'medium',
      riskScore: 47,
      index: ['logs-endpoint.events.*'],
      tags: ['Domain: Endpoint', 'OS: Linux', 'Use Case: Threat Detection', 'Tactic: Command and Control'],
      threat: ['T1095', 'T1548', 'T1548.003'],
      deprecated: true,
      language: 'eql',
      type: 'eql',
      origin: { file, line: 48, column: 1 },
    });
    expect(rule.query.startsWith('sequence by process.entity_id with maxspan=1m\n[network where')).toBe(
      true,
    );
    expect(rule.description?.startsWith('Identifies an outbound network connection')).toBe(true);
  });

  test('the TOML files and eql-rules.jsonl describe the same rules', async () => {
    const list = await loadRules([path.join(RULES, 'eql-rules.jsonl')]);
    const byId = new Map(list.rules.map((r) => [r.id, r]));
    expect(byId.size).toBe(884);
    for (const rule of loaded.rules) {
      const other = byId.get(rule.id)!;
      expect(other, rule.id).toBeDefined();
      const pick = (r: typeof rule) => [
        [r.name, r.query, r.severity, r.riskScore],
        [r.tags, r.index, r.threat, r.deprecated],
      ];
      expect(pick(other), rule.id).toEqual(pick(rule));
    }
  });
});

describe('loadToml', () => {
  test('a query on the line after the opening quotes starts there', () => {
    const text = "[rule]\nname = 'R'\nlanguage = 'eql'\nquery = '''\nany where true\n'''\n";
    const { rules } = loadToml(text, 'r.toml');
    expect(rules[0]).toMatchObject({ id: 'r.toml', name: 'R', query: 'any where true\n' });
    expect(rules[0]!.origin).toEqual({ file: 'r.toml', line: 5, column: 1 });
  });

  test('a one-line query starts after its quote', () => {
    const text = "[rule]\nrule_id = 'x'\nname = 'R'\n  query = 'any where true'\n";
    expect(loadToml(text, 'r.toml').rules[0]!.origin).toEqual({ file: 'r.toml', line: 4, column: 12 });
  });

  test('a query key inside another string is not taken for the real one', () => {
    const text =
      "[rule]\nname = 'R'\nnote = \"\"\"\nquery = '''\nany where false\n\"\"\"\n" +
      "query = '''\nany where true'''\n";
    const { rules } = loadToml(text, 'r.toml');
    expect(rules[0]!.query).toBe('any where true');
    expect(rules[0]!.origin).toEqual({ file: 'r.toml', line: 8, column: 1 });
  });

  test('no language means EQL; another language is skipped with its rule line', () => {
    const text = "# c\n[rule]\nrule_id = 'k1'\nname = 'K'\ntype = 'query'\nlanguage = 'kuery'\nquery = 'a : 1'\n";
    expect(loadToml(text, 'k.toml')).toEqual({
      rules: [],
      skipped: [{ file: 'k.toml', line: 2, id: 'k1', name: 'K', language: 'kuery', type: 'query' }],
      failed: [],
    });
  });

  test('a file without a rule table, or an EQL rule without a query, fails', () => {
    expect(loadToml('[metadata]\nmaturity = "production"\n', 'm.toml').failed[0]!.message).toBe(
      'm.toml:1:1: No [rule] table',
    );
    expect(loadToml("\n[rule]\nname = 'N'\n", 'n.toml').failed[0]!.message).toBe(
      'n.toml:2:1: Rule [N] has no query',
    );
  });

  test('a TOML syntax error names its line and column', () => {
    const { rules, failed } = loadToml("[rule]\nname = 'R'\nrisk_score = = 3\n", 'bad.toml');
    expect(rules).toEqual([]);
    expect(failed.map((f) => [f.message, f.line, f.column])).toEqual([
      ['bad.toml:3:14: Invalid TOML: invalid value', 3, 14],
    ]);
    expect(failed[0]!.error.code).toBe('rule');
  });
});
