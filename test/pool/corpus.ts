/**
 * Small generated corpora for scan tests, written once per test file into a temp folder,
 * and the planted lines their manifests promise.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { generateCorpus, type Manifest } from '../../scripts/generate-corpus.js';
import { runScan } from '../../src/pool/scan.js';
import { isSequenceAlert, type Alert, type ScanStats, type SequenceAlert } from '../../src/pool/stats.js';
import { ROOT } from './dist.js';

/** The seed page: the Elastic documentation page of the keychain rule. */
export const SEED_PAGE = path.resolve(ROOT, '../shared/seeds/000_5c3b739e41ce6fb8.txt');

/** The keychain rule's id in the generator's manifest. */
export const KEYCHAIN_ID = '0497e07e-6651-4349-b180-09055c3ee39e';

/** A corpus file and its manifest. */
export interface TestCorpus {
  file: string;
  manifest: Manifest;
}

/** Writes a corpus of `events` events (with plants at a high rate, so small corpora hold some). */
export async function makeCorpus(events: number, seed = 5): Promise<TestCorpus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-scan-'));
  const file = path.join(dir, 'corpus.ndjson');
  const manifest = await generateCorpus({ out: file, size: String(events), seed, plantRate: 60 });
  return { file, manifest };
}

/** Sorted 1-based lines where the manifest planted true positives of a rule. */
export function plantedLines(manifest: Manifest, ruleId: string): number[] {
  return manifest.planted
    .filter((p) => p.ruleId === ruleId && p.expect === 'match')
    .flatMap((p) => p.lines)
    .sort((a, b) => a - b);
}

/** Runs a scan to its end; single-event alerts and sequence (or sample) alerts apart. */
export async function collect(job: Parameters<typeof runScan>[0]): Promise<{
  alerts: Alert[];
  sequences: SequenceAlert[];
  stats: ScanStats;
}> {
  const alerts: Alert[] = [];
  const sequences: SequenceAlert[] = [];
  const scan = runScan(job);
  let step = await scan.next();
  while (!step.done) {
    if (isSequenceAlert(step.value)) sequences.push(step.value);
    else alerts.push(step.value);
    step = await scan.next();
  }
  return { alerts, sequences, stats: step.value };
}
