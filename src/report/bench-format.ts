/**
 * How `eqlscan bench` shows rule costs: a plain-text table ranked by compiled cost, or one
 * JSON document with every rule.
 */
import { costTotals, rankByCost, type RuleCost } from './bench.js';

/** What was measured, for either form. */
export interface BenchSummary {
  events: number;
  bytes: number;
  /** Lines rejected while reading (not benchmarked). */
  rejected: number;
  files: string[];
  costs: RuleCost[];
}

/** The JSON form: totals, then every rule ranked by compiled cost. */
export function benchJson(summary: BenchSummary): string {
  const totals = costTotals(summary.costs);
  const ranked = rankByCost(summary.costs).map((c) => ({
    ...c,
    compiledNs: Number.isNaN(c.compiledNs) ? null : round(c.compiledNs),
    interpretedNs: Number.isNaN(c.interpretedNs) ? null : round(c.interpretedNs),
    share: c.error === undefined && totals.compiledNs > 0 ? round(c.compiledNs / totals.compiledNs, 4) : null,
  }));
  const doc = {
    events: summary.events,
    bytes: summary.bytes,
    rejected: summary.rejected,
    files: summary.files,
    totals: { compiledNs: round(totals.compiledNs), interpretedNs: round(totals.interpretedNs) },
    rules: ranked,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * The table form: the `top` most expensive rules (all when `top` is 0), then the totals and
 * the rules that could not be timed.
 */
export function benchTable(summary: BenchSummary, top: number): string {
  const ranked = rankByCost(summary.costs);
  const timed = ranked.filter((c) => c.error === undefined);
  const failed = ranked.filter((c) => c.error !== undefined);
  const shown = top > 0 ? timed.slice(0, top) : timed;
  const totals = costTotals(summary.costs);
  const header = ['#', 'rule', 'kind', 'compiled ns/ev', 'interp. ns/ev', 'speed-up', 'matches', 'share'];
  const rows = shown.map((c, i) => [
    String(i + 1),
    cut(c.name, 56),
    c.kind,
    ns(c.compiledNs),
    ns(c.interpretedNs),
    `${(c.interpretedNs / c.compiledNs).toFixed(1)}x`,
    c.mismatch === undefined ? count(c.matches) : `${count(c.matches)} (interp. ${count(c.mismatch)})`,
    totals.compiledNs > 0 ? `${((100 * c.compiledNs) / totals.compiledNs).toFixed(1)}%` : '-',
  ]);
  const lines = [
    `${count(summary.events)} events (${(summary.bytes / 1e6).toFixed(1)} MB) from ` +
      `${summary.files.length} file${summary.files.length === 1 ? '' : 's'}, decoded once; ` +
      `each rule timed alone, one core` +
      (summary.rejected > 0 ? `; ${count(summary.rejected)} rejected lines skipped` : ''),
    '',
    ...align(header, rows, [false, false, false, true, true, true, true, true]),
    '',
    `all ${timed.length} rules: ${ns(totals.compiledNs)} ns/event compiled, ` +
      `${ns(totals.interpretedNs)} interpreted (${(totals.interpretedNs / totals.compiledNs).toFixed(1)}x); ` +
      `${count(Math.round(1e9 / totals.compiledNs))} events/s compiled, all rules one after another`,
  ];
  if (top > 0 && timed.length > shown.length) {
    const rest = timed.length - shown.length;
    lines.push(`${rest} cheaper rule${rest === 1 ? '' : 's'} not shown (--top 0 shows all)`);
  }
  if (failed.length > 0) {
    lines.push('', `not timed: ${failed.length}`);
    for (const c of failed) lines.push(`  ${c.name}: ${c.error}`);
  }
  if (ranked.some((c) => c.kind !== 'event')) {
    lines.push('', 'sequence and sample rules: per-event stage predicates only; matches are stage hits');
  }
  return `${lines.join('\n')}\n`;
}

function align(header: string[], rows: string[][], right: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function ns(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value < 100 ? value.toFixed(1) : Math.round(value).toLocaleString('en-US');
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function cut(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= limit ? flat : `${flat.slice(0, limit - 3)}...`;
}
