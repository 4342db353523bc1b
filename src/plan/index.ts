/**
 * Rules in, plans out.
 *
 * Takes rule files (detection-rules TOML, rule documentation pages, Kibana exports and other
 * NDJSON rule lists, plain `.eql` queries) and hands on `RulePlan`s: each rule with its parsed
 * and verified query, the fields it reads and its kind (event, sequence, sample). The key
 * design choice is that every rule remembers where its query starts in its file, so every
 * error, from whichever stage, is reported as `FILE:LINE:COL: message` in the file itself.
 *
 * @example
 * const { rules, skipped, failed } = await loadRules(['rules/']);
 * const { plans } = planRules(rules);
 * plans[0].kind;   // 'event'
 * plans[0].fields; // ['event.category', 'process.name']
 */
export { loadRules, loadRuleText, formatOf, type RuleFormat } from './load.js';
export { loadToml } from './load-toml.js';
export { loadMarkdown, looksLikeRulePage } from './load-markdown.js';
export { loadNdjson } from './load-ndjson.js';
export { loadQueryFile, queryRule, type QueryRuleNames } from './load-query.js';
export {
  fieldName,
  fieldsOf,
  planRule,
  planRules,
  type PlanOptions,
  type PlanResult,
} from './plan.js';
export { verifyQuery, findProblems, typeOf } from './verify.js';
export {
  SIGNATURES,
  type KnownType,
  type Param,
  type ParamType,
  type Signature,
} from './signatures.js';
export {
  RuleError,
  filePosition,
  inRuleFile,
  type FilePosition,
  type LoadResult,
  type PlanKind,
  type Rule,
  type RuleFailure,
  type RuleOrigin,
  type RulePlan,
  type SkippedRule,
} from './rule.js';
