/**
 * Events for `eqlscan bench`: the first N events of the user's inputs, decoded once on the
 * main thread so that timing rules over them measures matching alone.
 */
import { createParser, isBlank, type ParserName } from '../event/parse/index.js';
import { planShards, readShard, resolveInputs } from '../source/index.js';
import type { InputFailure } from '../source/index.js';

/** What was read for a benchmark. */
export interface BenchEvents {
  events: object[];
  /** Bytes of the lines that became events, newlines included. */
  bytes: number;
  /** Lines that did not decode to an object (not kept). */
  rejected: number;
  /** Input files read from, in order; reading stops once enough events are in. */
  files: string[];
  /** Inputs that could not be used. */
  failed: InputFailure[];
}

/**
 * Decodes up to `limit` events from `inputs` (files, folders, globs, `-`), in input order.
 *
 * @example (await readBenchEvents(['logs/'], 5000)).events.length // 5000, if logs/ has them
 */
export async function readBenchEvents(
  inputs: readonly string[],
  limit: number,
  parserName: ParserName = 'json',
): Promise<BenchEvents> {
  const { files, failed } = await resolveInputs(inputs);
  const parser = createParser(parserName);
  const out: BenchEvents = { events: [], bytes: 0, rejected: 0, files: [], failed };
  // One shard per file (files are read whole, in order) suffices to take the first lines.
  for (const shard of planShards(files, { shardBytes: Number.MAX_SAFE_INTEGER })) {
    if (out.events.length >= limit) break;
    out.files.push(shard.file.path);
    const stop = new AbortController();
    await readShard(shard, { signal: stop.signal }, (batch) => {
      for (let i = 0; i < batch.count && out.events.length < limit; i++) {
        const start = batch.starts[i]!;
        const end = batch.ends[i]!;
        if (isBlank(batch.buf, start, end)) continue;
        const result = parser.parse(batch.buf, start, end);
        if (result.ok) {
          out.events.push(result.event);
          out.bytes += end - start + 1;
        } else {
          out.rejected++;
        }
      }
      if (out.events.length >= limit) stop.abort();
    });
  }
  return out;
}
