import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';

import { DEMO_RULES } from '../../scripts/generate-corpus.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rulesDir = path.join(root, 'corpus/rules');
const seed = path.join(path.resolve(root, '../shared'), 'seeds/000_5c3b739e41ce6fb8.txt');

interface RuleFile {
  metadata: Record<string, unknown>;
  rule: Record<string, unknown> & { threat?: unknown[] };
}

const load = (file: string): RuleFile => parse(readFileSync(path.join(rulesDir, file), 'utf8')) as unknown as RuleFile;

const squash = (q: string): string => q.replace(/\s+/g, ' ').trim();

describe('demo rule files', () => {
  it('there is one TOML file per demo rule, and no other', () => {
    expect(readdirSync(rulesDir).filter((f) => f.endsWith('.toml')).sort())
      .toEqual(DEMO_RULES.map((r) => r.file).sort());
  });

  it.each(DEMO_RULES.map((r) => [r.file, r] as const))('%s has the detection-rules layout', (file, r) => {
    const { metadata, rule } = load(file);
    expect(metadata.maturity).toBe('production');
    expect(rule.rule_id).toBe(r.id);
    expect(rule.name).toBe(r.name);
    expect(rule.type).toBe('eql');
    expect(rule.language).toBe('eql');
    expect(['low', 'medium', 'high', 'critical']).toContain(rule.severity);
    expect(typeof rule.risk_score).toBe('number');
    expect(Array.isArray(rule.index)).toBe(true);
    expect(Array.isArray(rule.tags)).toBe(true);
    expect(Array.isArray(rule.threat) && rule.threat.length > 0).toBe(true);
    const query = String(rule.query);
    expect(query.trimStart().startsWith(r.kind === 'sequence' ? 'sequence by' : '')).toBe(true);
  });
});

const haveSeed = existsSync(seed);
if (!haveSeed) console.warn(`skipping the keychain query comparison: ${seed} not found`);

describe.skipIf(!haveSeed)('keychain rule', () => {
  it('has exactly the detection logic of the published rule', () => {
    const text = readFileSync(seed, 'utf8');
    const published = /## Rule query[^\n]*\n+```js\n([\s\S]*?)```/.exec(text)?.[1];
    expect(published).toBeDefined();
    const ours = String(load('macos_keychain_credentials_access.toml').rule.query);
    expect(squash(ours)).toBe(squash(published as string));
  });
});
