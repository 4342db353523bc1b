/**
 * The rule model: what every loader produces, whatever file format the rule came from.
 *
 * A rule keeps the position of its query text inside its file (`origin`), so that every error
 * found later in the query (syntax, verification, compiling) can be reported as
 * `FILE:LINE:COL: message` against the file the user edits, not against the bare query.
 */
import { EqlError, type EqlErrorCode } from '../errors.js';
import type { Query, Span } from '../query/ast.js';

/** Where a rule's query text starts in its file. */
export interface RuleOrigin {
  file: string;
  /** 1-based line of the first character of the query text. */
  line: number;
  /** 1-based column of the first character of the query text. */
  column: number;
  /**
   * The query as it is spelled in the file, when the file escapes it (a JSON string:
   * `\n`, `\"`, `\u00e9`). Positions inside the query are mapped through it. Absent when the
   * file holds the query verbatim (TOML `'''` literals, Markdown code blocks, `.eql` files).
   */
  raw?: string;
}

/** A detection rule whose query is in some query language; loaders keep only EQL ones. */
export interface Rule {
  id: string;
  name: string;
  description?: string;
  /** Lower case as written: `low`, `medium`, `high`, `critical`. */
  severity: string;
  /** 0 to 100; 0 when the file gives none. */
  riskScore: number;
  tags: string[];
  /** Index patterns the rule searches, such as `logs-endpoint.events.*`. */
  index: string[];
  /** The query text exactly as written. */
  query: string;
  /** The query language (`eql`, `kuery`, `esql`, ...). */
  language: string;
  /** The rule type (`eql`, `query`, `threshold`, ...). */
  type: string;
  /** MITRE ATT&CK technique and sub-technique ids, in file order: `T1555`, `T1555.001`. */
  threat: string[];
  deprecated: boolean;
  origin: RuleOrigin;
}

/** The shape a query has: what the engine must do to run it. */
export type PlanKind = 'event' | 'sequence' | 'sample';

/** A rule after parsing and checking, before choosing how to run it. */
export interface RulePlan {
  rule: Rule;
  query: Query;
  /**
   * The distinct field paths the query reads, dotted (`process.args[0]` keeps its index),
   * sorted; the category field is included when the caller named one and the query filters
   * on a category.
   */
  fields: string[];
  kind: PlanKind;
}

/** A rule in a language other than EQL, counted but not checked. */
export interface SkippedRule {
  file: string;
  /** 1-based line where the rule starts in its file. */
  line: number;
  id: string;
  name: string;
  language: string;
  type: string;
}

/** A rule file, or one rule in it, that could not be loaded, planned or compiled. */
export interface RuleFailure {
  file: string;
  line: number;
  column: number;
  /** Absent when the file failed before any rule could be read from it. */
  ruleId?: string;
  ruleName?: string;
  /** `FILE:LINE:COL: detail`. */
  message: string;
  error: EqlError;
}

/** What loading some rule files yields. */
export interface LoadResult {
  rules: Rule[];
  skipped: SkippedRule[];
  failed: RuleFailure[];
}

/** A 1-based position in a file. */
export interface FilePosition {
  line: number;
  column: number;
}

/**
 * An error in a rule, positioned in the rule's file: the message reads `FILE:LINE:COL: detail`.
 * `span` stays the position within the query, as the query stages reported it.
 */
export class RuleError extends EqlError {
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(code: EqlErrorCode, detail: string, file: string, at: FilePosition, span?: Span) {
    super(code, detail, span);
    this.name = 'RuleError';
    this.file = file;
    this.line = at.line;
    this.column = at.column;
    this.message = `${file}:${at.line}:${at.column}: ${detail}`;
  }

  /** The error as a failure record for `LoadResult.failed`. */
  toFailure(rule?: Rule): RuleFailure {
    const failure: RuleFailure = {
      file: this.file,
      line: this.line,
      column: this.column,
      message: this.message,
      error: this,
    };
    if (rule) {
      failure.ruleId = rule.id;
      failure.ruleName = rule.name;
    }
    return failure;
  }
}

/**
 * Maps a position in a rule's query text to its position in the rule's file.
 *
 * @example
 * // The query starts at 12:1 of its TOML file; query position 2:5 is file position 13:5.
 * filePosition({ file: 'r.toml', line: 12, column: 1 }, { start: 30, end: 31, line: 2, column: 5 })
 */
export function filePosition(origin: RuleOrigin, span: Span): FilePosition {
  if (origin.raw !== undefined) {
    // An escaped JSON string sits on one line of the file; only the column moves.
    return { line: origin.line, column: origin.column + rawOffset(origin.raw, span.start) };
  }
  if (span.line === 1) return { line: origin.line, column: origin.column + span.column - 1 };
  return { line: origin.line + span.line - 1, column: span.column };
}

/**
 * The offset in a JSON string's escaped text of the character at `decoded` in its value.
 * Each escape (`\n`, `\"`, `\u00e9`) is one UTF-16 code unit of the value.
 */
function rawOffset(raw: string, decoded: number): number {
  let i = 0;
  for (let n = 0; n < decoded && i < raw.length; n++) {
    if (raw[i] !== '\\') i += 1;
    else i += raw[i + 1] === 'u' ? 6 : 2;
  }
  return i;
}

/** Wraps a query-stage error so that it names the rule's file and the position there. */
export function inRuleFile(err: EqlError, rule: Rule): RuleError {
  if (err instanceof RuleError) return err;
  const at = err.span ? filePosition(rule.origin, err.span) : rule.origin;
  return new RuleError(err.code, err.detail, rule.origin.file, at, err.span);
}
