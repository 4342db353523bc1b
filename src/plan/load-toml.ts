/**
 * Rules from Elastic detection-rules TOML files: a `[metadata]` table (`maturity`) and a
 * `[rule]` table with `rule_id`, `name`, `type`, `language`, `query`, `[[rule.threat]]`, ...
 *
 * The query is a `'''` literal in those files, so its text is in the file verbatim: finding
 * where it starts is enough to map every query position to a file position.
 */
import { parse, TomlError } from 'smol-toml';

import { LineIndex } from './json-scan.js';
import { isSkipped, readRecord, type RuleRecord } from './record.js';
import { RuleError, type LoadResult, type RuleOrigin } from './rule.js';

/** A `query = ` key at the start of a line, and the string delimiter after it. */
const QUERY_KEY = /^[ \t]*query[ \t]*=[ \t]*('''|"""|'|")/gm;

/**
 * Loads the rule in a detection-rules TOML file.
 *
 * @example
 * const text = "[rule]\nname = 'R'\nlanguage = 'eql'\nquery = '''\nany where true\n'''\n";
 * loadToml(text, 'r.toml').rules[0].origin // { file: 'r.toml', line: 5, column: 1 }
 */
export function loadToml(text: string, file: string): LoadResult {
  const result: LoadResult = { rules: [], skipped: [], failed: [] };
  let doc: RuleRecord;
  try {
    doc = parse(text) as RuleRecord;
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const detail = err.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const at = { line: err.line, column: err.column };
    result.failed.push(new RuleError('rule', `Invalid TOML: ${detail}`, file, at).toFailure());
    return result;
  }

  const rule = doc.rule;
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    const at = { line: 1, column: 1 };
    result.failed.push(new RuleError('rule', 'No [rule] table', file, at).toFailure());
    return result;
  }
  const metadata = doc.metadata as RuleRecord | undefined;
  const lines = new LineIndex(text);
  const ruleLine = text.search(/^\[rule\]/m);
  try {
    const read = readRecord(rule as RuleRecord, {
      file,
      line: ruleLine < 0 ? 1 : lines.at(ruleLine).line,
      origin: (query) => queryOrigin(text, query, file, lines),
      deprecated: metadata?.maturity === 'deprecated',
      fallbackId: file,
    });
    if (isSkipped(read)) result.skipped.push(read);
    else result.rules.push(read);
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    result.failed.push(err.toFailure());
  }
  return result;
}

/**
 * Where the query's text starts. A multi-line string drops the newline right after its
 * opening delimiter, as TOML specifies. When no `query =` key is followed by the text
 * verbatim (a basic string with escapes), positions are counted from just after the
 * delimiter: right for the lines before the first escape.
 */
function queryOrigin(text: string, query: string, file: string, lines: LineIndex): RuleOrigin {
  let fallback: number | null = null;
  for (const match of text.matchAll(QUERY_KEY)) {
    const delimiter = match[1]!;
    let start = match.index + match[0].length;
    if (delimiter.length === 3) {
      if (text.startsWith('\r\n', start)) start += 2;
      else if (text[start] === '\n') start += 1;
    }
    if (text.startsWith(query, start)) return { file, ...lines.at(start) };
    fallback ??= start;
  }
  return { file, ...lines.at(fallback ?? 0) };
}
