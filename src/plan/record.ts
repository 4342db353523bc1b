/**
 * Reading a rule out of a decoded rule object, the shape Elastic uses everywhere: the `[rule]`
 * table of a detection-rules TOML file, a Kibana rules export line, an `eql-rules.jsonl` line.
 * They share field names (`rule_id`, `risk_score`, `threat`, ...), so one reader serves all.
 */
import { RuleError, type Rule, type RuleOrigin, type SkippedRule } from './rule.js';

/** A decoded JSON or TOML object. */
export type RuleRecord = Record<string, unknown>;

/** Where a record sits, and what its file format knows that the record does not. */
export interface RecordContext {
  file: string;
  /** 1-based line where the record starts. */
  line: number;
  /** Where the query text starts; computed by the loader, which has the file text. */
  origin: (query: string) => RuleOrigin;
  deprecated?: boolean;
  /** Used for the id when the record has none. */
  fallbackId: string;
}

/** Does this object describe a rule at all (not an export summary or an exception list)? */
export function isRuleRecord(value: unknown): value is RuleRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return 'rule_id' in value || 'query' in value;
}

/**
 * A rule, a skipped non-EQL rule, or a RuleError for an EQL rule without a query.
 *
 * A record without `language` or `type` is taken as EQL: lists of EQL rules leave them out.
 */
export function readRecord(record: RuleRecord, ctx: RecordContext): Rule | SkippedRule {
  const type = text(record.type) ?? 'eql';
  const language = text(record.language) ?? (record.type === undefined ? 'eql' : type);
  const id = text(record.rule_id) ?? text(record.id) ?? ctx.fallbackId;
  const name = text(record.name) ?? id;
  if (language.toLowerCase() !== 'eql') {
    return { file: ctx.file, line: ctx.line, id, name, language, type };
  }

  const query = record.query;
  if (typeof query !== 'string') {
    const at = { line: ctx.line, column: 1 };
    throw new RuleError('rule', `Rule [${name}] has no query`, ctx.file, at);
  }
  const rule: Rule = {
    id,
    name,
    severity: (text(record.severity) ?? 'unknown').toLowerCase(),
    riskScore: typeof record.risk_score === 'number' ? record.risk_score : 0,
    tags: texts(record.tags),
    index: texts(record.index),
    query,
    language: 'eql',
    type,
    threat: techniqueIds(record.threat),
    deprecated: ctx.deprecated ?? record.deprecated === true,
    origin: ctx.origin(query),
  };
  const description = text(record.description);
  if (description !== undefined) rule.description = description;
  return rule;
}

/** Tells a loaded rule from a skipped one. */
export function isSkipped(value: Rule | SkippedRule): value is SkippedRule {
  return !('query' in value);
}

/**
 * Technique and sub-technique ids, in order, without repeats. Takes either a list of ids or
 * the MITRE structure `[{ technique: [{ id, subtechnique: [{ id }] }] }]`.
 */
export function techniqueIds(threat: unknown): string[] {
  const ids = new Set<string>();
  const add = (value: unknown): void => {
    const id = text(value);
    if (id !== undefined) ids.add(id);
  };
  for (const entry of list(threat)) {
    if (typeof entry === 'string') {
      add(entry);
      continue;
    }
    for (const technique of list(field(entry, 'technique'))) {
      add(field(technique, 'id'));
      for (const sub of list(field(technique, 'subtechnique'))) add(field(sub, 'id'));
    }
  }
  return [...ids];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function texts(value: unknown): string[] {
  return list(value).filter((v): v is string => typeof v === 'string');
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as RuleRecord)[key] : undefined;
}
