/**
 * The `--stats-json` document: the totals of a scan for scripts and dashboards.
 */
import { writeFile } from 'node:fs/promises';

import type { ScanStats, SequenceStats } from '../pool/stats.js';

/** The document's shape; `lines = events + blank + rejected`. */
export interface StatsDocument {
  files: number;
  bytes: number;
  lines: number;
  events: number;
  blank: number;
  rejected: number;
  alerts: Record<string, number>;
  seconds: number;
  workers: number;
  parser: string;
  engine: string;
  /** Present when sequence or sample rules ran: what was kept, and every overflow. */
  sequences?: SequenceStats;
}

/** The stats document of a scan, keys in a fixed order. */
export function statsDocument(stats: ScanStats): StatsDocument {
  return {
    files: stats.files,
    bytes: stats.bytes,
    lines: stats.lines,
    events: stats.events,
    blank: stats.blank,
    rejected: stats.rejected,
    alerts: { ...stats.alerts },
    seconds: Math.round(stats.seconds * 1000) / 1000,
    workers: stats.workers,
    parser: stats.parser,
    engine: stats.engine,
    ...(stats.sequences ? { sequences: roundSeconds(stats.sequences) } : {}),
  };
}

function roundSeconds(s: SequenceStats): SequenceStats {
  return { ...s, seconds: Math.round(s.seconds * 1000) / 1000 };
}

/** Writes the stats document to `file`, pretty-printed. */
export async function writeStatsJson(file: string, stats: ScanStats): Promise<void> {
  await writeFile(file, JSON.stringify(statsDocument(stats), null, 2) + '\n');
}
