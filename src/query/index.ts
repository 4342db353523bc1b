/**
 * EQL text in, syntax tree out.
 *
 * `parseQuery` takes the text of a rule's query and returns a `Query`: its body (an event
 * query, a sequence or a sample), its pipes, and the source text. Every node keeps the span it
 * came from, and every problem is an `EqlError` with a span, rendered `line:column: message`.
 * The key design choice is a hand-written recursive-descent parser over a token list, so that
 * error messages can say exactly what was expected and what was found.
 *
 * @example
 * const q = parseQuery('process where process.name : "cmd.exe" | head 5');
 * q.body.kind;      // 'event'
 * q.pipes[0].count; // 5
 */
import type { Expr, Query } from './ast.js';
import { QueryParser } from './parser.js';

export * from './ast.js';
export { tokenize, type Token, type TokenKind } from './lexer.js';
export { printExpr, printField, printQuery, printString } from './print.js';

/**
 * Parses a complete EQL query.
 *
 * @throws EqlError with code 'syntax', 'unsupported' (a pipe or query form eqlscan does not
 *   run) or 'unknown-function'.
 */
export function parseQuery(text: string): Query {
  return new QueryParser(text).parseQuery();
}

/**
 * Parses a lone condition or value, as it would appear after `where`.
 *
 * @example parseExpression('a.b == 1').kind // 'compare'
 * @throws EqlError as for `parseQuery`.
 */
export function parseExpression(text: string): Expr {
  return new QueryParser(text).parseStandaloneExpr();
}
