/**
 * Rules from Elastic's rule documentation pages (Markdown), one rule a page:
 *
 *   # Access to Keychain Credentials Directories [access-to-keychain-credentials-directories]
 *   **Rule type**: eql
 *   **Rule indices**:            then a `* item` list
 *   **Severity**: high
 *   **Risk score**: 73
 *   **Tags**:                    then a `* item` list
 *   ## Rule query                then a fenced code block holding the query
 *   * ID: T1555                  under `* Technique:` / `* Sub-technique:`
 *
 * Pages differ between releases, so every part but the query is optional, lists may use
 * `*` or `-`, and the query may sit in a ``` or ~~~ fence with any language tag. The query
 * text is copied verbatim from the page, so its position maps straight into the file.
 */
import { RuleError, type LoadResult, type Rule } from './rule.js';

const FIELD = /^\*\*([^*]+)\*\*:\s*(.*)$/;
const LIST_ITEM = /^\s*[*-]\s+(.*)$/;
const FENCE = /^\s*(```+|~~~+)/;
const TECHNIQUE_ID = /^\s*[*-]\s+ID:\s*(T\d{4}(?:\.\d{3})?)\s*$/;

/** Does this text look like a rule documentation page? */
export function looksLikeRulePage(text: string): boolean {
  return /^\*\*Rule type\*\*:/m.test(text) && /^#\s+\S/m.test(text);
}

/**
 * Loads the rule on a rule documentation page. A page whose rule type is not `eql` is skipped.
 *
 * @example
 * loadMarkdown(page, 'keychain.md').rules[0].id
 * // 'access-to-keychain-credentials-directories'
 */
export function loadMarkdown(text: string, file: string): LoadResult {
  const result: LoadResult = { rules: [], skipped: [], failed: [] };
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));

  const titleLine = lines.findIndex((l) => /^#\s+\S/.test(l));
  const title = /^#\s+(.*?)\s*(?:\[([^\]]+)\])?\s*$/.exec(lines[titleLine] ?? '');
  const name = title?.[1] || baseName(file);
  const id = title?.[2] ?? slug(name);
  const fields = readFields(lines);
  const type = (fields.get('rule type')?.value ?? 'eql').toLowerCase();
  const line = titleLine + 1 || 1;

  if (type !== 'eql') {
    result.skipped.push({ file, line, id, name, language: type, type });
    return result;
  }
  const block = queryBlock(lines);
  if (!block) {
    const missing = new RuleError('rule', `Rule [${name}] has no query`, file, { line, column: 1 });
    result.failed.push(missing.toFailure());
    return result;
  }

  const risk = Number(fields.get('risk score')?.value);
  const rule: Rule = {
    id,
    name,
    severity: (fields.get('severity')?.value || 'unknown').toLowerCase(),
    riskScore: Number.isFinite(risk) ? risk : 0,
    tags: fields.get('tags')?.items ?? [],
    index: fields.get('rule indices')?.items ?? [],
    query: block.text,
    language: 'eql',
    type,
    threat: techniques(lines),
    // Pages keep no maturity; Elastic renames retired rules "Deprecated - ...".
    deprecated: /^deprecated\b/i.test(name),
    origin: { file, line: block.line, column: 1 },
  };
  const description = describe(lines, titleLine);
  if (description) rule.description = description;
  result.rules.push(rule);
  return result;
}

/** `**Name**: value` fields, by lower-case name, each with the list that follows it. */
function readFields(lines: string[]): Map<string, { value: string; items: string[] }> {
  const fields = new Map<string, { value: string; items: string[] }>();
  let current: { value: string; items: string[] } | null = null;
  for (const line of lines) {
    const field = FIELD.exec(line);
    if (field) {
      current = { value: field[2]!.trim(), items: [] };
      const key = field[1]!.trim().toLowerCase();
      if (!fields.has(key)) fields.set(key, current);
      continue;
    }
    if (line.startsWith('#')) current = null;
    const item = current && LIST_ITEM.exec(line);
    if (current && item) current.items.push(item[1]!.trim());
    else if (current && line.trim() !== '' && current.items.length > 0) current = null;
  }
  return fields;
}

/** The first fenced block after the `Rule query` heading, and the file line its text starts on. */
function queryBlock(lines: string[]): { text: string; line: number } | null {
  const heading = lines.findIndex((l) => /^#{2,}\s*Rule query\b/i.test(l));
  if (heading < 0) return null;
  const open = lines.findIndex((l, i) => i > heading && FENCE.test(l));
  if (open < 0) return null;
  const fence = FENCE.exec(lines[open]!)![1]!;
  const close = lines.findIndex((l, i) => i > open && l.trim().startsWith(fence));
  const body = lines.slice(open + 1, close < 0 ? lines.length : close);
  return { text: body.join('\n'), line: open + 2 };
}

/** Technique and sub-technique ids from the MITRE section, in order, without repeats. */
function techniques(lines: string[]): string[] {
  const ids = new Set<string>();
  for (const line of lines) {
    const match = TECHNIQUE_ID.exec(line);
    if (match) ids.add(match[1]!);
  }
  return [...ids];
}

/** The prose between the title and the first field. */
function describe(lines: string[], titleLine: number): string {
  const out: string[] = [];
  for (let i = titleLine + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (FIELD.test(line) || line.startsWith('#')) break;
    out.push(line);
  }
  return out.join('\n').trim();
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.[^.]*$/, '');
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
