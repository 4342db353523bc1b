import { describe, expect, test } from 'vitest';

import { benchJson, benchTable, type BenchSummary } from '../../../src/report/bench-format.js';
import { costTotals, rankByCost, type RuleCost } from '../../../src/report/bench.js';

const cost = (name: string, compiledNs: number, interpretedNs: number, extra: Partial<RuleCost> = {}): RuleCost => ({
  id: name, name, kind: 'event', compiledNs, interpretedNs, matches: 1, ...extra,
});

const costs: RuleCost[] = [
  cost('cheap', 10, 50),
  cost('broken', NaN, NaN, { error: 'pattern cannot run in linear time' }),
  cost('dear', 30, 90, { matches: 7, mismatch: 6 }),
  cost('seq', 20, 20, { kind: 'sequence', matches: 4 }),
];
const summary: BenchSummary = { events: 1000, bytes: 2_000_000, rejected: 2, files: ['a.ndjson'], costs };

describe('rule cost ranking', () => {
  test('ranks by compiled cost, rules that could not be timed last, and sums the rest', () => {
    expect(rankByCost(costs).map((c) => c.name)).toEqual(['dear', 'seq', 'cheap', 'broken']);
    expect(costTotals(costs)).toEqual({ compiledNs: 60, interpretedNs: 160 });
  });

  test('the table shows the top rules with shares, the disagreement, and what was not timed', () => {
    const text = benchTable(summary, 2);
    expect(text).toMatch(/^1,000 events \(2\.0 MB\) from 1 file, .*2 rejected lines skipped\n/);
    const rows = text.split('\n').filter((l) => /^\d\s+\S+\s+(event|sequence)\s/.test(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^1\s+dear\s+event\s+30\.0\s+90\.0\s+3\.0x\s+7 \(interp\. 6\)\s+50\.0%$/);
    expect(rows[1]).toMatch(/^2\s+seq\s+sequence\s+20\.0\s+20\.0\s+1\.0x\s+4\s+33\.3%$/);
    expect(text).toContain('all 3 rules: 60.0 ns/event compiled, 160 interpreted (2.7x)');
    expect(text).toContain('1 cheaper rule not shown');
    expect(text).toContain('not timed: 1\n  broken: pattern cannot run in linear time');
    expect(text).toContain('matches are stage hits');
    expect(benchTable(summary, 0)).not.toContain('not shown');
  });

  test('the JSON has every rule, null costs for the failed one, and shares summing to one', () => {
    const doc = JSON.parse(benchJson(summary)) as {
      totals: { compiledNs: number }; rules: { name: string; compiledNs: number | null; share: number | null }[];
    };
    expect(doc.totals.compiledNs).toBe(60);
    expect(doc.rules.map((r) => r.name)).toEqual(['dear', 'seq', 'cheap', 'broken']);
    expect(doc.rules[3]).toMatchObject({ compiledNs: null, share: null });
    expect(doc.rules.reduce((s, r) => s + (r.share ?? 0), 0)).toBeCloseTo(1, 3);
  });
});
