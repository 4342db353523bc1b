/**
 * The summary a scan prints on stderr: what was read, how fast, what matched, and every
 * input that was not fully accounted for.
 */
import type { RuleSet } from '../execute/rules.js';
import type { ScanStats } from '../pool/stats.js';

/** Rule failures as printed before a scan: `FILE:LINE:COL: message`, one per line. */
export function formatRuleProblems(set: RuleSet): string {
  const lines = set.failed.map((f) => `eqlscan: rule error: ${f.message}\n`);
  return lines.join('');
}

/** `1,234,567`. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Megabytes per second, from bytes and seconds. */
export function mbPerSecond(bytes: number, seconds: number): number {
  return seconds > 0 ? bytes / 1e6 / seconds : 0;
}

/** The end-of-scan summary, several lines, each ending in a newline. */
export function formatSummary(stats: ScanStats, set: RuleSet): string {
  const out: string[] = [];
  const mb = stats.bytes / 1e6;
  out.push(
    `scanned ${count(stats.files)} file${stats.files === 1 ? '' : 's'}, ` +
      `${count(stats.events)} events in ${count(stats.lines)} lines, ${mb.toFixed(1)} MB ` +
      `in ${stats.seconds.toFixed(2)} s (${mbPerSecond(stats.bytes, stats.seconds).toFixed(1)} MB/s; ` +
      `${stats.workers} worker${stats.workers === 1 ? '' : 's'}, ${stats.parser} parser, ` +
      `${stats.engine} engine)`,
  );

  const total = Object.values(stats.alerts).reduce((a, b) => a + b, 0);
  out.push(`alerts: ${count(total)}`);
  const names = new Map(set.rules.map((r) => [r.id, r.name]));
  const rows = Object.entries(stats.alerts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [id, n] of rows) out.push(`  ${count(n).padStart(9)}  ${names.get(id) ?? id} [${id}]`);

  const notRun: string[] = [];
  if (set.unsupported.length > 0) notRun.push(`${set.unsupported.length} not yet supported by scan`);
  if (set.skipped.length > 0) notRun.push(`${set.skipped.length} skipped (not EQL)`);
  if (set.failed.length > 0) notRun.push(`${set.failed.length} failed to load`);
  out.push(`rules: ${set.rules.length} run${notRun.length > 0 ? `, ${notRun.join(', ')}` : ''}`);
  for (const u of set.unsupported) out.push(`  not yet supported by scan (${u.kind}): ${u.rule.name} [${u.rule.id}]`);

  const seq = stats.sequences;
  if (seq) {
    out.push(`sequences and samples: ${count(seq.rules)} rules over ${count(seq.hitEvents)} ` +
      `stage-hit events, matched in ${seq.seconds.toFixed(2)} s ` +
      `(peak ${count(seq.peakPending)} in flight, ${count(seq.expired)} expired by maxspan)`);
    // Overflows can cost matches: each is said, with the option that bounds it.
    const lost: [number, string][] = [
      [seq.droppedHitEvents, 'stage-hit events dropped over --max-hit-events'],
      [seq.evicted, 'in-flight sequences evicted over --max-pending'],
      [seq.sampleKeysDropped, 'sample hits under new keys dropped over --max-pending'],
      [seq.perKeyDropped, 'missing-event hits dropped over --max-per-key'],
    ];
    for (const [n, what] of lost) {
      if (n > 0) out.push(`  warning: ${count(n)} ${what}; sequence and sample results may be incomplete`);
    }
    if (seq.untimed > 0) {
      out.push(`  ${count(seq.untimed)} stage-hit events without a timestamp left out of sequences`);
    }
  }
  if (stats.rejected > 0) {
    const listed = stats.rejects.length < stats.rejected ? ` (first ${stats.rejects.length})` : '';
    out.push(`rejected lines: ${count(stats.rejected)}${listed}`);
    for (const r of stats.rejects) out.push(`  ${r.file}:${r.line}: ${r.reason}`);
  }
  if (stats.blank > 0) out.push(`blank lines: ${count(stats.blank)}`);
  if (stats.unreadable.length > 0) {
    out.push(`unreadable files: ${stats.unreadable.length}`);
    for (const u of stats.unreadable) out.push(`  ${u.file}: ${u.reason}`);
  }
  for (const r of stats.retried) {
    out.push(`worker failed on ${r.file} bytes ${r.start}-${r.end} (${r.reason}); retried`);
  }
  if (stats.notScanned.length > 0) {
    out.push(`not scanned: ${stats.notScanned.length} range${stats.notScanned.length === 1 ? '' : 's'}`);
    for (const r of stats.notScanned) out.push(`  ${r.file} bytes ${r.start}-${r.end}: ${r.reason}`);
  }
  return out.map((line) => line + '\n').join('');
}
