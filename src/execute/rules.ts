/**
 * Rules in: load rule files and `--query` texts, plan them, and split them by what the scan
 * can run.
 *
 * Every rule that plans goes to the workers: single-event rules match there, and sequence
 * and sample rules have their stage predicates run there (see `hits.ts`).
 */
import { createHash } from 'node:crypto';
import { serialize } from 'node:v8';

import { InternalError } from '../errors.js';
import { loadRuleText, loadRules, planRules } from '../plan/index.js';
import type {
  LoadResult, PlanKind, Rule, RuleFailure, RulePlan, SkippedRule,
} from '../plan/index.js';
import type { ExecOptions, RulePayload, SharedContent, SharedPayload } from '../pool/messages.js';

/** Where rules come from. */
export interface RuleSources {
  /** Rule files and folders: detection-rules TOML, rule documentation pages, NDJSON exports. */
  paths?: readonly string[];
  /** EQL queries given as text; each becomes a rule named `query-N` (1-based). */
  queries?: readonly string[];
  /** The field holding the event category; default `event.category`. */
  categoryField?: string;
}

/** A rule the scan does not run yet, and why. */
export interface UnsupportedRule {
  rule: Rule;
  kind: PlanKind;
  reason: string;
}

/** Rules sorted by what happens to them in a scan. */
export interface RuleSet {
  /** Rules the scan runs (single-event, sequence and sample), in load order. */
  rules: Rule[];
  /** Planned rules the scan does not run; none at present, kept for forms yet to come. */
  unsupported: UnsupportedRule[];
  /** Rules in another language (KQL, ES|QL, ...), counted and not run. */
  skipped: SkippedRule[];
  /** Rules that failed to load or plan, each positioned in its file. */
  failed: RuleFailure[];
  /**
   * The plans of `rules`, one each in the same order, as made while sorting them, and the
   * category field they were made for; absent for a set put together by hand. A scan hands
   * them to its workers to compile and matches sequences by them, so no query is parsed again.
   */
  planned?: { categoryField: string; plans: RulePlan[] };
}

/**
 * Loads and plans rules from files, folders and query texts.
 *
 * @example
 * const set = await loadRuleSet({ paths: ['corpus/rules'], queries: ['process where true'] });
 * set.rules.length; // 7: six rules from the folder (one a sequence) and the query
 * @throws EqlError 'io' when a path does not exist.
 */
export async function loadRuleSet(sources: RuleSources): Promise<RuleSet> {
  const loaded: LoadResult = sources.paths && sources.paths.length > 0
    ? await loadRules(sources.paths)
    : { rules: [], skipped: [], failed: [] };
  (sources.queries ?? []).forEach((query, i) => {
    const fromQuery = loadRuleText(query, `<query ${i + 1}>`, 'query');
    for (const rule of fromQuery.rules) {
      rule.id = `query-${i + 1}`;
      rule.name = `query ${i + 1}`;
    }
    loaded.rules.push(...fromQuery.rules);
  });
  return splitRules(loaded, sources.categoryField ?? 'event.category');
}

/** Plans loaded rules and sorts them into runnable, unsupported and failed. */
export function splitRules(loaded: LoadResult, categoryField: string): RuleSet {
  const { plans, failed } = planRules(loaded.rules, { categoryField });
  const set: RuleSet = {
    rules: plans.map((plan) => plan.rule), unsupported: [], skipped: loaded.skipped,
    failed: [...loaded.failed, ...failed], planned: { categoryField, plans },
  };
  return set;
}

/** The rules and options as sent to workers, keyed so that each worker compiles them once. */
export function rulePayload(rules: Rule[], options: ExecOptions): RulePayload {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(options));
  for (const rule of rules) hash.update(`\0${rule.id}\0${rule.origin.file}\0${rule.query}`);
  return { key: hash.digest('hex'), rules, options };
}

/**
 * The payload serialized once, for tasks to share (`SharedPayload`), with the rules' plans
 * for its category field: `plansOf` them, in the payload's order.
 */
export function sharedPayload(payload: RulePayload, plans: readonly RulePlan[]): SharedPayload {
  if (plans.length !== payload.rules.length || plans.some((p, i) => p.rule !== payload.rules[i])) {
    throw new InternalError('shared payload: the plans are not those of the payload\'s rules');
  }
  const content: SharedContent = { plans: [...plans], options: payload.options };
  const bytes = serialize(content);
  const shared = new SharedArrayBuffer(bytes.length);
  new Uint8Array(shared).set(bytes);
  return { key: payload.key, shared };
}

/** The rules' plans for `categoryField`: those the set was sorted with, or made now. */
export function plansOf(set: RuleSet, categoryField: string): RulePlan[] {
  const planned = set.planned;
  if (planned !== undefined && planned.categoryField === categoryField
    && planned.plans.length === set.rules.length
    && planned.plans.every((plan, i) => plan.rule === set.rules[i])) {
    return planned.plans;
  }
  return planRules(set.rules, { categoryField }).plans;
}
