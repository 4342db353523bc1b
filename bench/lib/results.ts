/**
 * Where benchmark reports go: every run under `bench/results/raw/` (not committed), and the
 * latest summary of each stage as `bench/results/latest-STAGE.md` (committed, so a change in
 * speed shows up in review).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO_ROOT } from './rules.js';

const RESULTS = path.join(REPO_ROOT, 'bench/results');

/** Paths written for one report. */
export interface SavedReport {
  latest: string;
  raw: string;
}

/**
 * Saves a stage's Markdown report, and its measurements as JSON beside the raw copy.
 *
 * @example saveReport('match', '# match\n...', { ratio: 24.1 })
 */
export function saveReport(stage: string, markdown: string, data: unknown): SavedReport {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const host = os.hostname().replace(/[^A-Za-z0-9_-]/g, '_');
  const rawDir = path.join(RESULTS, 'raw');
  mkdirSync(rawDir, { recursive: true });
  const raw = path.join(rawDir, `${stamp}-${host}-${stage}.md`);
  writeFileSync(raw, markdown);
  writeFileSync(raw.replace(/\.md$/, '.json'), `${JSON.stringify(data, null, 2)}\n`);
  const latest = path.join(RESULTS, `latest-${stage}.md`);
  writeFileSync(latest, markdown);
  return { latest, raw };
}

/** One line on the machine and runtime, for the head of a report. */
export function hostLine(): string {
  const cpus = os.cpus();
  const cpu = cpus[0]?.model.trim() ?? 'unknown CPU';
  const system = `${os.platform()} ${os.release()}`;
  return `${cpu} (${cpus.length} logical cores), ${system}, Node ${process.version}`;
}
