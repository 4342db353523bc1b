/**
 * eqlscan as a library: load and check EQL rules, and scan NDJSON telemetry with them on
 * every core.
 *
 * Rules come in as files (detection-rules TOML, rule documentation pages, Kibana NDJSON
 * exports) or as query text; alerts come out in input order (file, then byte offset), each
 * with its rule, the line as read and where it is. The key design choice is that workers
 * send back only compact results, never decoded events, so the main thread stays idle
 * enough to keep every core busy.
 *
 * @example
 * import { scanSources } from 'eqlscan';
 *
 * const scan = scanSources({
 *   inputs: ['corpus/generated/demo.ndjson'],
 *   rules: { paths: ['corpus/rules'], queries: ['process where process.name == "sshd"'] },
 * });
 * for await (const alert of scan) console.log(alert.rule.name, `${alert.file}:${alert.line}`);
 * const stats = await scan.stats; // { files, bytes, lines, events, alerts: { RULE_ID: n }, ... }
 */
export { EqlError, type EqlErrorCode } from './errors.js';
export { parseQuery, parseExpression, type Query } from './query/index.js';
export {
  loadRules,
  planRule,
  planRules,
  RuleError,
  type LoadResult,
  type PlanKind,
  type Rule,
  type RuleFailure,
  type RulePlan,
  type SkippedRule,
} from './plan/index.js';
export {
  loadRuleSet,
  splitRules,
  type RuleSet,
  type RuleSources,
  type UnsupportedRule,
} from './execute/rules.js';
export { createExecutor, type Executor } from './execute/executor.js';
export {
  scanSources,
  type Scan,
  type ScanSourcesOptions,
} from './pool/sources-scan.js';
export type { EngineName, ParserName, SchemaSpec } from './pool/messages.js';
export type {
  Alert,
  AlertEvent,
  AlertRule,
  RangeFailure,
  RejectedLocation,
  ScanAlert,
  ScanStats,
  SequenceAlert,
  SequenceStats,
} from './pool/stats.js';
export { isSequenceAlert } from './pool/stats.js';
export { mergeMappings } from './execute/merge-mapping.js';
export { DEFAULT_STAGE_LIMITS, type StageLimits } from './execute/sequence-run.js';
export { alertJson } from './report/alert-json.js';
export { statsDocument, type StatsDocument } from './report/stats-json.js';
