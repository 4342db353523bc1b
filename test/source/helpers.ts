/**
 * Shared test plumbing: temporary directories and reading every entry of a set of shards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll } from 'vitest';

import {
  lineOf,
  planShards,
  readShard,
  type InputFile,
  type ReadOptions,
  type ShardSummary,
} from '../../src/source/index.js';

/** A temporary directory removed after the test file. */
export function tempDir(prefix = 'eqlscan-source-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a file under `dir` and returns its path. */
export function put(dir: string, name: string, data: string | Uint8Array): string {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
}

/** One entry as a reader delivered it. */
export interface ReadEntry {
  text: string;
  /** Relative line (from 0) in its shard. */
  line: number;
  offset: number;
  shard: number;
}

/** A plain NDJSON input for `file`, as `resolveInputs` would describe it. */
export function plainInput(file: string, size: number): InputFile {
  return { path: file, absPath: file, size, compression: 'none', format: 'ndjson' };
}

/** Reads every shard of the inputs, copying entries out (buffers are reused). */
export async function readAll(
  files: InputFile[],
  shardBytes: number,
  options: ReadOptions = {},
): Promise<{ entries: ReadEntry[]; summaries: ShardSummary[] }> {
  const entries: ReadEntry[] = [];
  const summaries: ShardSummary[] = [];
  for (const shard of planShards(files, { shardBytes })) {
    summaries.push(
      await readShard(shard, options, (batch) => {
        for (let i = 0; i < batch.count; i++) {
          entries.push({
            text: batch.buf.toString('latin1', batch.starts[i], batch.ends[i]),
            line: lineOf(batch, i),
            offset: batch.fileOffset + batch.starts[i]!,
            shard: shard.id,
          });
        }
      }),
    );
  }
  return { entries, summaries };
}
