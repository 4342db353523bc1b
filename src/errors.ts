/**
 * One error type for everything eqlscan reports about queries, rules and options.
 *
 * `code` is a closed set so callers (the CLI's exit codes, tests) can branch on it without
 * matching message text. Query errors carry a span and render as `line:column: message`.
 */
import type { Span } from './query/ast.js';

export type EqlErrorCode =
  | 'syntax'
  | 'unsupported'
  | 'unknown-function'
  | 'type'
  | 'rule'
  | 'option'
  | 'io'
  | 'internal';

/** Marks every EqlError, so that one from another copy of this module is known too. */
const BRAND = Symbol.for('eqlscan.EqlError');

export class EqlError extends Error {
  readonly code: EqlErrorCode;
  readonly span: Span | undefined;
  /** The message without the position prefix. */
  readonly detail: string;

  constructor(code: EqlErrorCode, detail: string, span?: Span) {
    super(span ? `${span.line}:${span.column}: ${detail}` : detail);
    this.name = 'EqlError';
    this.code = code;
    this.detail = detail;
    this.span = span;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * True for an EqlError, including one thrown by another copy of this module: the command line
 * loads its `scan` command from a bundle, whose EqlError is a class of its own, so
 * `instanceof` would say no.
 */
export function isEqlError(err: unknown): err is EqlError {
  return typeof err === 'object' && err !== null && (err as { [BRAND]?: unknown })[BRAND] === true;
}

/** A state that should be impossible: a bug in eqlscan, never in the user's input. */
export class InternalError extends EqlError {
  constructor(detail: string) {
    super('internal', `BUG: ${detail}`);
    this.name = 'InternalError';
  }
}
