/**
 * Sources and parsers together over the malformed-input corpus: every line is accounted
 * for (events + blank + rejected = lines), each rejected line at its right file:line, for
 * every backend (the native one through its batch projector, as a scan decodes) and however
 * the files are cut into shards.
 */
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  createParser,
  isBlank,
  parseBatch,
  PARSER_NAMES,
  rejectSkipped,
  type BatchCounts,
  type EventSink,
} from '../../../src/event/parse/index.js';
import { loadNative, nativeUnavailableReason, type Projector } from '../../../src/native/index.js';
import { firstLines, lineOf, planShards, readShard, resolveInputs, type LineBatch } from '../../../src/source/index.js';
import { MAX_LINE_BYTES, writeMalformedCorpus, type Outcome } from '../../fixtures/input/malformed.js';
import { tempDir } from '../../source/helpers.js';

const dir = path.join(tempDir('eqlscan-malformed-'), 'corpus');
const expected = writeMalformedCorpus(dir);

interface Seen {
  file: string;
  shard: number;
  line: number;
  offset: number;
  outcome: Outcome;
  event?: object;
}

// The native backend decodes batches: its projector's verdicts are what a scan uses.
const native = loadNative();
if (!native) console.warn(`native addon not available (${nativeUnavailableReason()}): the native backend's projection is not exercised`);
const projector = native?.createProjector(['seq']) ?? null;

/** As `parseBatch`, with the native projector deciding each entry. */
function projectBatch(batch: LineBatch, into: Projector, sink: EventSink): BatchCounts {
  const projected = into.project(batch.buf, batch.starts, batch.ends, batch.count);
  const counts: BatchCounts = { events: 0, blank: 0, rejected: 0 };
  for (let i = 0; i < batch.count; i++) {
    const start = batch.starts[i]!;
    const offset = batch.fileOffset + start;
    expect(projected.isBlank(i)).toBe(isBlank(batch.buf, start, batch.ends[i]!));
    if (projected.isBlank(i)) {
      counts.blank++;
    } else if (projected.isEvent(i)) {
      counts.events++;
      sink.event(projected.event(i), lineOf(batch, i), offset);
    } else {
      counts.rejected++;
      const { reason, detail } = projected.rejection(i)!;
      sink.reject(reason, detail, lineOf(batch, i), offset);
    }
  }
  return counts;
}

async function scan(parserName: string, shardBytes: number) {
  const parser = createParser(parserName);
  const { files, failed } = await resolveInputs([dir]);
  const shards = planShards(files, { shardBytes });
  const seen: Seen[] = [];
  const summaries = [];
  for (const shard of shards) {
    const file = path.basename(shard.file.path);
    const add = (line: number, offset: number, outcome: Outcome, event?: object) =>
      seen.push({ file, shard: shard.id, line, offset, outcome, ...(event ? { event } : {}) });
    const sink = {
      event: (event: object, line: number, offset: number) => add(line, offset, 'event', event),
      reject: (reason: Outcome, _detail: string, line: number, offset: number) =>
        add(line, offset, reason),
    };
    const options = { maxLineBytes: MAX_LINE_BYTES, bufferBytes: 1024 };
    const summary = await readShard(shard, options, (batch) => {
      const counts = parserName === 'native' && projector !== null
        ? projectBatch(batch, projector, sink)
        : parseBatch(batch, parser, sink);
      for (let i = 0; i < counts.blank; i++) add(-1, -1, 'blank');
      expect(counts.events + counts.blank + counts.rejected).toBe(batch.count);
    });
    rejectSkipped(summary.skipped, sink);
    summaries.push(summary);
  }
  const first = firstLines(shards, summaries.map((s) => s.lines));
  for (const s of seen) if (s.line >= 0) s.line += first[s.shard]!;
  return { files, failed, shards, seen, summaries };
}

describe.each(PARSER_NAMES)('the corpus through the %s backend', (parserName) => {
  it.each([1 << 30, 1000, 61])('accounts for every line with shards of %i bytes', async (shardBytes) => {
    const { files, failed, seen, summaries, shards } = await scan(parserName, shardBytes);
    expect(failed).toEqual([]);
    expect(files.map((f) => path.basename(f.path))).toEqual(expected.map((e) => e.name));

    for (const file of expected) {
      const mine = seen.filter((s) => s.file === file.name);
      const ofFile = shards.filter((s) => path.basename(s.file.path) === file.name);
      const shardIds = ofFile.map((s) => s.id);
      const entries = shardIds.reduce((n, id) => n + summaries[id]!.entries, 0);
      // Every entry the reader owned became exactly one event, blank or rejection.
      expect(mine.length, file.name).toBe(entries);
      if (file.readError !== undefined) continue;

      const outcomes = (list: { line: number; outcome: Outcome }[]) =>
        list.filter((l) => l.outcome !== 'blank').map((l) => `${file.name}:${l.line} ${l.outcome}`);
      expect(outcomes(mine).sort(), file.name).toEqual(outcomes([...file.lines]).sort());
      expect(mine.filter((m) => m.outcome === 'blank').length, file.name).toBe(
        file.lines.filter((l) => l.outcome === 'blank').length,
      );
    }
  });

  it('reports the truncated gzip file and still delivers the exact lines before the cut', async () => {
    const { seen, summaries, shards } = await scan(parserName, 1 << 30);
    const id = shards.findIndex((s) => s.file.path.endsWith('corrupt.ndjson.gz'));
    expect(summaries[id]!.error).toMatchObject({ reason: 'unexpected end of file' });
    const events = seen.filter((s) => s.file === 'corrupt.ndjson.gz');
    expect(events.length).toBeGreaterThan(100);
    events.forEach((e, i) => {
      expect(e).toMatchObject({ outcome: 'event', line: i + 1, event: { seq: i } });
    });
  });

  it('gives byte offsets of each line start, in the decompressed stream for gzip', async () => {
    const { seen } = await scan(parserName, 64);
    const at = (file: string, line: number) =>
      seen.find((s) => s.file === file && s.line === line)!.offset;
    expect(at('mixed.ndjson', 1)).toBe(3); // after the BOM
    expect(at('mixed.ndjson', 2)).toBe(36); // 3 + 32 bytes + \n
    expect(at('events.ndjson.gz', 3)).toBe(11); // after '{"z":1}\n[]\n'
    expect(at('crlf.jsonl', 5)).toBe(27); // after 9 + 2 + 9 + 7 bytes of CRLF lines
    expect(at('export.json', 4)).toBe(22); // the element, past two spaces of indent
  });
});
