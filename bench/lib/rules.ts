/**
 * The rule sets benchmarks run: the demo rules in `corpus/rules/` and, when the checkout has
 * it beside the repository, the Elastic detection-rules pack in `../shared/rules/toml`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

import { loadRules, planRules, type RulePlan } from '../../src/plan/index.js';

/** The repository root, from `dist/bench/lib/` or `bench/lib/` alike. */
export const REPO_ROOT = findRoot(import.meta.dirname);

/** A named rule set, planned; only single-event plans are kept, sequences counted aside. */
export interface RuleSet {
  name: string;
  dir: string;
  plans: RulePlan[];
  /** Rules that planned as sequences or samples: matchers do not run them directly. */
  otherKinds: number;
  /** Rules that did not load or plan. */
  failed: number;
}

/** Where each rule set lives. */
export const RULE_SETS = {
  elastic: path.resolve(REPO_ROOT, '../shared/rules/toml'),
  demo: path.resolve(REPO_ROOT, 'corpus/rules'),
} as const;

/**
 * Loads and plans one rule set, or returns null when its folder is missing.
 *
 * @example (await loadRuleSet('demo'))?.plans.length // 5
 */
export async function loadRuleSet(name: keyof typeof RULE_SETS): Promise<RuleSet | null> {
  const dir = RULE_SETS[name];
  if (!existsSync(dir)) return null;
  const loaded = await loadRules([dir]);
  const planned = planRules(loaded.rules);
  const plans = planned.plans.filter((p) => p.kind === 'event');
  return {
    name,
    dir,
    plans,
    otherKinds: planned.plans.length - plans.length,
    failed: loaded.failed.length + planned.failed.length,
  };
}

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${from}`);
    dir = up;
  }
  return dir;
}
