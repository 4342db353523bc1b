/**
 * Sequence and sample matches to alerts: each match's rows become events with their text
 * and place, in stage order, null standing for a missing-event stage.
 *
 * Texts of plain files were not kept with the hits (see `hits.ts`), so they are read back
 * here by byte range, a few matches at a time and in offset order, so that a noisy rule
 * neither fills memory nor reads its file at random.
 */
import { open, type FileHandle } from 'node:fs/promises';

import { InternalError } from '../errors.js';
import type { AlertEvent, AlertRule, SequenceAlert } from '../pool/stats.js';
import type { HitStore } from './hits-store.js';
import type { RuleMatches } from './sequence-run.js';

/** Matches read back per round. */
const MATCHES_PER_READ = 1024;

/**
 * Yields the alerts of every rule's matches, rule by rule, each rule's in match order.
 * `pathOf` gives the path to open for a file as reported; null for one that cannot be
 * opened again (its rows then carry their text).
 */
export async function* stageAlerts(
  store: HitStore,
  results: readonly RuleMatches[],
  rules: readonly AlertRule[],
  pathOf: (file: string) => string | null,
): AsyncGenerator<SequenceAlert> {
  const reader = new TextReader(store, pathOf);
  try {
    for (const result of results) {
      const rule = rules[result.rule]!;
      for (let from = 0; from < result.matches.length; from += MATCHES_PER_READ) {
        const part = result.matches.slice(from, from + MATCHES_PER_READ);
        const rows = part.flatMap((m) => m.rows.filter((r): r is number => r !== null));
        const texts = await reader.read(rows);
        for (const match of part) {
          const events = match.rows.map((row): AlertEvent | null => row === null ? null : {
            raw: texts.get(row)!,
            file: store.files[store.file(row)]!,
            line: store.line(row),
            offset: store.offset(row),
          });
          yield { kind: result.kind, rule, joinKeys: match.joinKeys, events };
        }
      }
    }
  } finally {
    await reader.close();
  }
}

/** Reads rows' texts back from their files, keeping each file open for the whole run. */
class TextReader {
  private readonly handles = new Map<number, FileHandle>();

  constructor(
    private readonly store: HitStore,
    private readonly pathOf: (file: string) => string | null,
  ) {}

  /** The text of each row. */
  async read(rows: readonly number[]): Promise<Map<number, string>> {
    const texts = new Map<number, string>();
    const wanted = [...new Set(rows)].filter((row) => {
      const kept = this.store.text[row];
      if (kept !== undefined) texts.set(row, kept);
      return kept === undefined;
    });
    wanted.sort((a, b) => a - b);
    for (const row of wanted) {
      const { start, length } = this.store.textRange(row);
      const handle = await this.handle(this.store.file(row));
      const buf = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(buf, 0, length, start);
      texts.set(row, buf.toString('utf8', 0, bytesRead));
    }
    return texts;
  }

  async close(): Promise<void> {
    for (const handle of this.handles.values()) await handle.close();
    this.handles.clear();
  }

  private async handle(file: number): Promise<FileHandle> {
    let handle = this.handles.get(file);
    if (!handle) {
      const name = this.store.files[file]!;
      const path = this.pathOf(name);
      if (path === null) throw new InternalError(`BUG: no text kept for a hit in ${name}`);
      handle = await open(path, 'r');
      this.handles.set(file, handle);
    }
    return handle;
  }
}
