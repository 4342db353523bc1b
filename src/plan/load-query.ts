/**
 * A plain query file (`.eql`, or any text that is not another rule format): the whole file is
 * one query, and the rule is named after the file.
 */
import type { LoadResult } from './rule.js';

/**
 * Loads a file that holds just a query.
 *
 * @example loadQueryFile('process where true\n', 'rules/shell.eql').rules[0].id // 'shell'
 */
export function loadQueryFile(text: string, file: string): LoadResult {
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '') || file;
  return {
    rules: [
      {
        id: name,
        name,
        severity: 'unknown',
        riskScore: 0,
        tags: [],
        index: [],
        query: text,
        language: 'eql',
        type: 'eql',
        threat: [],
        deprecated: false,
        origin: { file, line: 1, column: 1 },
      },
    ],
    skipped: [],
    failed: [],
  };
}
