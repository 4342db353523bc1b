/**
 * Markdown tables and number formatting for benchmark reports, which are printed and saved
 * as the same text.
 */

/** A column: its heading and whether its cells line up on the right (numbers). */
export interface Column {
  title: string;
  numeric?: boolean;
}

/**
 * Renders a Markdown table padded so that it also reads well as plain text.
 *
 * @example markdownTable([{ title: 'rule' }, { title: 'ns', numeric: true }], [['a', '12']])
 */
export function markdownTable(columns: readonly Column[], rows: readonly string[][]): string {
  const widths = columns.map((c, i) =>
    Math.max(c.title.length, 3, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const pad = (text: string, i: number): string =>
    columns[i]!.numeric ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((cell, i) => pad(cell, i)).join(' | ')} |`;
  const dashes = columns.map((c, i) =>
    c.numeric ? `${'-'.repeat(widths[i]! + 1)}:` : '-'.repeat(widths[i]! + 2),
  );
  const rule = `|${dashes.join('|')}|`;
  return [line(columns.map((c) => c.title)), rule, ...rows.map(line)].join('\n');
}

/** A duration in nanoseconds with sensible precision: `8.41`, `112`, `12,340`. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns < 10) return ns.toFixed(2);
  if (ns < 100) return ns.toFixed(1);
  return Math.round(ns).toLocaleString('en-US');
}

/** A ratio such as `23.4x`. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return `${ratio < 10 ? ratio.toFixed(2) : ratio.toFixed(1)}x`;
}

/** A share of a whole as a percentage: `12.3%`. */
export function formatShare(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : 'n/a';
}

/** A count with thousands separators: `20,000`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A table cell must not break the table: pipes escaped, kept to one line, cut short. */
export function cell(text: string, limit = 70): string {
  const flat = text.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 3)}...`;
}
