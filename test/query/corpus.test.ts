/**
 * Every real detection rule and every active conformance-suite query must parse.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { parseQuery } from '../../src/query/index.js';
import { field, lit, shape } from './shape.js';
import { readSuiteQueries } from './suite-toml.js';

const shared = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared');
const rulesFile = path.join(shared, 'rules/eql-rules.jsonl');
const suiteDir = path.join(shared, 'conformance/es-eql');

interface RuleLine {
  rule_id: string;
  name: string;
  query: string;
}

function readRules(): RuleLine[] {
  if (!existsSync(rulesFile)) return [];
  return readFileSync(rulesFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RuleLine);
}

if (!existsSync(rulesFile)) console.warn(`skipping rule corpus tests: ${rulesFile} not found`);
if (!existsSync(suiteDir)) console.warn(`skipping conformance query tests: ${suiteDir} not found`);

describe.skipIf(!existsSync(rulesFile))('detection rules', () => {
  const rules = readRules();
  const byId = new Map(rules.map((r) => [r.rule_id, r.query]));
  const body = (id: string) => {
    const query = byId.get(id);
    if (query === undefined) throw new Error(`rule ${id} is not in the corpus`);
    return parseQuery(query);
  };

  test('the corpus holds 884 rules and every one parses', () => {
    expect(rules).toHaveLength(884);
    const failures = rules.flatMap((rule) => {
      try {
        parseQuery(rule.query);
        return [];
      } catch (err) {
        return [`${rule.name}: ${(err as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  test('a sequence with maxspan and per-stage keys', () => {
    expect(shape(body('a6d4e070-b9b9-4294-b028-d9e21ad47413').body)).toMatchObject({
      kind: 'sequence',
      by: [],
      maxspan: 300_000,
      stages: [
        {
          query: {
            category: null,
            condition: {
              kind: 'compare',
              op: '==',
              left: field('data_stream', 'dataset'),
              right: lit('azure.identity_protection'),
            },
          },
          by: [field('azure', 'identityprotection', 'properties', 'user_principal_name')],
        },
        {
          query: { category: null, condition: { kind: 'and' } },
          by: [field('azure', 'auditlogs', 'properties', 'initiated_by', 'user', 'userPrincipalName')],
        },
      ],
      until: null,
    });
  });

  test('a one-stage sequence repeated with runs', () => {
    expect(shape(body('bcf0e362-0a2f-4f5e-9dd8-0d34f901781f').body)).toMatchObject({
      by: [field('azure', 'identityprotection', 'properties', 'user_principal_name')],
      maxspan: 600_000,
      stages: [{ runs: 2, by: [], missing: false }],
    });
  });

  test('a sequence with runs and until', () => {
    const query = body('8a0fbd26-867f-11ee-947c-f661ea17fbcd');
    expect(shape(query.body)).toMatchObject({
      by: [field('okta', 'actor', 'id')],
      maxspan: 600_000,
      stages: [{ runs: 5, query: { condition: { kind: 'and', operands: [{}, { kind: 'or' }] } } }],
      until: { runs: 1, query: { condition: { operands: [{}, { kind: 'in' }, { kind: 'compare' }] } } },
    });
  });

  test('a sequence with a missing-event stage', () => {
    expect(shape(body('cd89602e-9db0-48e3-9391-ae3bf241acd8').body)).toMatchObject({
      maxspan: 12 * 3_600_000,
      stages: [{ missing: false }, { missing: true }],
    });
  });

  test('a sample with a comment, not in, and cidrmatch', () => {
    expect(shape(body('32300431-c2d5-432d-8ec8-0e03f9924756').body)).toMatchObject({
      kind: 'sample',
      by: [field('host', 'id'), field('process', 'pid'), field('process', 'name')],
      stages: [
        { query: { category: 'process' } },
        {
          query: {
            category: 'network',
            condition: {
              operands: [{}, {}, {}, { kind: 'not', operand: { kind: 'call', name: 'cidrMatch' } }],
            },
          },
        },
      ],
    });
  });

  test('a tail pipe after a sequence', () => {
    const query = body('521fbe5c-a78d-4b6b-a323-f978b0e4c4c0');
    expect(shape(query.pipes)).toEqual([{ kind: 'tail', count: 1 }]);
    expect(shape(query.body)).toMatchObject({
      by: [field('host', 'id'), field('related', 'user')],
      maxspan: 5000,
    });
  });

  test('a raw-string regex~', () => {
    const query = body('3688577a-d196-11ec-90b0-f661ea17fbce');
    expect(shape(query.body)).toMatchObject({
      condition: {
        operands: [
          {},
          {},
          {},
          {
            kind: 'match',
            op: 'regex',
            caseInsensitive: true,
            patterns: [lit('/var/run/\\w+\\.(pid|lock|reboot)')],
          },
        ],
      },
    });
  });
});

describe.skipIf(!existsSync(suiteDir))('conformance suite queries', () => {
  const files = existsSync(suiteDir)
    ? readdirSync(suiteDir).filter((f) => f.endsWith('.toml')).sort()
    : [];

  test('the suite files are all found', () => {
    expect(files).toEqual([
      'test_extra.toml',
      'test_missing_events.toml',
      'test_queries.toml',
      'test_queries_date.toml',
      'test_sample.toml',
    ]);
  });

  test.each(files)('every active query in %s parses', (file) => {
    const queries = readSuiteQueries(path.join(suiteDir, file));
    expect(queries.length).toBeGreaterThan(0);
    const failures = queries.flatMap((q) => {
      try {
        parseQuery(q.query);
        return [];
      } catch (err) {
        return [`${q.name}: ${(err as Error).message}`];
      }
    });
    expect(failures).toEqual([]);
  });

  test('the suite holds 228 active queries', () => {
    const total = files.reduce((n, f) => n + readSuiteQueries(path.join(suiteDir, f)).length, 0);
    expect(total).toBe(228);
  });
});
