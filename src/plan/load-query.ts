/**
 * A plain query file (`.eql`, or any text that is not another rule format): the whole file is
 * one query, and the rule is named after the file.
 */
import type { LoadResult, Rule } from './rule.js';

/**
 * Loads a file that holds just a query.
 *
 * @example loadQueryFile('process where true\n', 'rules/shell.eql').rules[0].id // 'shell'
 */
export function loadQueryFile(text: string, file: string): LoadResult {
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '') || file;
  return { rules: [queryRule(text, { id: name, name, file })], skipped: [], failed: [] };
}

/** Where a bare query came from and what to call it. */
export interface QueryRuleNames {
  id: string;
  name: string;
  /** Shown as the rule's file in positions (`<query>`, `--query 2`, a path). */
  file: string;
  severity?: string;
}

/**
 * A rule holding nothing but a query: for query files and queries typed on the command line.
 *
 * @example queryRule('process where true', { id: 'q', name: 'q', file: '<query>' }).riskScore // 0
 */
export function queryRule(query: string, names: QueryRuleNames): Rule {
  return {
    id: names.id,
    name: names.name,
    severity: names.severity ?? 'unknown',
    riskScore: 0,
    tags: [],
    index: [],
    query,
    language: 'eql',
    type: 'eql',
    threat: [],
    deprecated: false,
    origin: { file: names.file, line: 1, column: 1 },
  };
}
