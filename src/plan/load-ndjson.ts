/**
 * Rules from JSON: a Kibana rules export or an `eql-rules.jsonl` list (one rule object a line),
 * or a `.json` file holding one rule object or an array of them.
 *
 * Lines that are not rules are passed over: the export summary (`{"exported_count": ...}`),
 * exception lists, connectors. A query is an escaped JSON string, so each rule keeps its raw
 * spelling (`origin.raw`) and query positions map to the right column of the file.
 */
import { elementStarts, LineIndex, rawStringValue } from './json-scan.js';
import { isRuleRecord, isSkipped, readRecord, type RuleRecord } from './record.js';
import { RuleError, type LoadResult, type RuleOrigin } from './rule.js';

/**
 * Loads the rules in NDJSON or JSON text.
 *
 * @example loadNdjson('{"rule_id":"r1","name":"R","query":"any where true"}\n', 'r.ndjson')
 *   .rules[0].origin // { file: 'r.ndjson', line: 1, column: 37 }
 */
export function loadNdjson(text: string, file: string): LoadResult {
  const result: LoadResult = { rules: [], skipped: [], failed: [] };
  const whole = parseWhole(text);
  if (whole instanceof Error) {
    const at = new LineIndex(text).at(jsonErrorOffset(whole) + text.search(/\S/));
    const broken = new RuleError('rule', `Invalid JSON: ${whole.message}`, file, at);
    result.failed.push(broken.toFailure());
    return result;
  }
  if (whole !== undefined) {
    // One JSON document: an array of rules or a single rule, perhaps spread over many lines.
    const lines = new LineIndex(text);
    const starts = Array.isArray(whole) ? elementStarts(text) : [text.search(/\S/)];
    const records = Array.isArray(whole) ? whole : [whole];
    records.forEach((record, i) => {
      const start = starts[i] ?? 0;
      addRecord(result, record, file, text, start, lines);
    });
    return result;
  }

  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      const at = { line: i + 1, column: jsonErrorOffset(err) + 1 };
      const detail = `Invalid JSON: ${(err as Error).message}`;
      result.failed.push(new RuleError('rule', detail, file, at).toFailure());
      return;
    }
    const offset = line.search(/\S/);
    addRecord(result, record, file, line, offset, { at: (o) => ({ line: i + 1, column: o + 1 }) });
  });
  return result;
}

/**
 * The text as one JSON value when it is one; undefined when it is NDJSON (each line a value);
 * the parse error when it is neither, so that a broken pretty-printed file fails once, not
 * once per line.
 */
function parseWhole(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return undefined;
  // NDJSON with two or more lines fails here at the end of its first line, which is cheap.
  try {
    return JSON.parse(trimmed);
  } catch (err) {
    if (trimmed.startsWith('[')) return err;
    const newline = trimmed.indexOf('\n');
    const first = newline < 0 ? trimmed : trimmed.slice(0, newline);
    try {
      JSON.parse(first);
      return undefined;
    } catch {
      return err;
    }
  }
}

type Locator = { at(offset: number): { line: number; column: number } };

function addRecord(
  result: LoadResult,
  record: unknown,
  file: string,
  text: string,
  start: number,
  lines: Locator,
): void {
  if (!isRuleRecord(record)) return;
  const { line } = lines.at(start);
  const origin = (query: string): RuleOrigin => {
    const raw = rawStringValue(text, start, 'query');
    const at = lines.at(raw ? raw.start : start);
    const found: RuleOrigin = { file, line: at.line, column: at.column };
    if (raw && raw.text !== query) found.raw = raw.text;
    return found;
  };
  try {
    const read = readRecord(record as RuleRecord, {
      file,
      line,
      origin,
      fallbackId: `${file}:${line}`,
    });
    if (isSkipped(read)) result.skipped.push(read);
    else result.rules.push(read);
  } catch (err) {
    if (!(err instanceof RuleError)) throw err;
    result.failed.push(err.toFailure());
  }
}

/** The offset a JSON.parse error names, or 0 when its message gives no position. */
function jsonErrorOffset(err: unknown): number {
  const match = err instanceof Error ? /position (\d+)/.exec(err.message) : null;
  return match ? Number(match[1]) : 0;
}
