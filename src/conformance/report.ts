/**
 * The conformance report as text: each failing query in full, a count per spec file, and a
 * last line `N passed, M failed` alone, for scripts to read.
 */
import type { CaseResult, FileResult } from './runner.js';

/** Totals over all spec files. */
export interface Totals {
  passed: number;
  failed: number;
}

/** Counts passes and failures. */
export function totals(files: readonly FileResult[]): Totals {
  const all = files.flatMap((f) => f.results);
  const passed = all.filter((r) => r.passed).length;
  return { passed, failed: all.length - passed };
}

/**
 * Renders the report.
 *
 * @example
 * formatReport(files).split('\n').at(-2); // '228 passed, 0 failed'
 */
export function formatReport(files: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const file of files) {
    for (const result of file.results) if (!result.passed) lines.push(...describeFailure(result));
  }
  if (lines.length > 0) lines.push('');
  for (const file of files) {
    const t = totals([file]);
    lines.push(`${file.file}: ${t.passed} passed, ${t.failed} failed`);
  }
  const t = totals(files);
  lines.push(`${t.passed} passed, ${t.failed} failed`);
  return `${lines.join('\n')}\n`;
}

/** The lines describing one failing query. */
export function describeFailure(result: CaseResult): string[] {
  const c = result.case;
  const expected =
    c.expected.length === 1
      ? list(c.expected[0] ?? [])
      : `one of ${c.expected.map(list).join(' | ')}`;
  const lines = [
    `FAIL ${c.file}: ${c.name}`,
    `  query:    ${c.query.trim().replace(/\s+/g, ' ')}`,
    `  expected: ${expected}`,
  ];
  if (result.error !== undefined) {
    lines.push(`  error:    ${result.error}`);
    return lines;
  }
  lines.push(`  actual:   ${list(result.ids ?? [])}`);
  if (c.joinKeys !== undefined) {
    lines.push(`  expected join keys: ${list(c.joinKeys)}`);
    lines.push(`  actual join keys:   ${list(result.joinKeys ?? [])}`);
  }
  return lines;
}

function list(items: readonly (number | string)[]): string {
  const text = items.map((x) => (typeof x === 'string' ? JSON.stringify(x) : String(x)));
  return `[${text.join(', ')}]`;
}
