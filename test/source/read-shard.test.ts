/**
 * Reading shards of plain NDJSON: every line read exactly once, whatever the cut points,
 * buffer size and line limit, with the right line numbers and byte offsets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { firstLines, planShards, readShard } from '../../src/source/index.js';
import { plainInput, put, readAll, tempDir } from './helpers.js';

const dir = tempDir();
let counter = 0;

/** What a correct reader delivers: lines split at `\n`, `\r` dropped, a final partial line kept. */
function referenceLines(bytes: Buffer): { text: string; offset: number; length: number }[] {
  const lines: { text: string; offset: number; length: number }[] = [];
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length) {
    let nl = bytes.indexOf(0x0a, start);
    const last = nl === -1;
    if (last) nl = bytes.length;
    let end = nl;
    if (end > start && bytes[end - 1] === 0x0d) end--;
    lines.push({ text: bytes.toString('latin1', start, end), offset: start, length: end - start });
    start = nl + 1;
    if (last) break;
  }
  return lines;
}

/** Reads the file in shards and returns entries with absolute (1-based) line numbers. */
async function readWhole(text: Buffer, shardBytes: number, bufferBytes: number, maxLineBytes: number) {
  const file = put(dir, `f${counter++}.ndjson`, text);
  const input = plainInput(file, text.length);
  const { entries, summaries } = await readAll([input], shardBytes, { bufferBytes, maxLineBytes });
  const shards = planShards([input], { shardBytes });
  const first = firstLines(shards, summaries.map((s) => s.lines));
  const read = entries.map((e) => ({ text: e.text, offset: e.offset, line: first[e.shard]! + e.line }));
  const skipped = summaries.flatMap((s, id) =>
    s.skipped.map((k) => ({ line: first[id]! + k.line, offset: k.offset, length: k.bytes })),
  );
  return { read, skipped, summaries };
}

async function expectExact(text: Buffer, shardBytes: number, bufferBytes = 16, maxLineBytes = 1 << 20) {
  const expected = referenceLines(text);
  const { read, skipped, summaries } = await readWhole(text, shardBytes, bufferBytes, maxLineBytes);
  const kept = expected
    .map((l, i) => ({ ...l, line: i + 1 }))
    .filter((l) => l.length <= maxLineBytes)
    .map(({ text: t, offset, line }) => ({ text: t, offset, line }));
  const long = expected
    .map((l, i) => ({ line: i + 1, offset: l.offset, length: l.length }))
    .filter((l) => l.length > maxLineBytes);
  expect(read).toEqual(kept);
  expect(skipped).toEqual(long);
  expect(summaries.reduce((n, s) => n + s.lines, 0)).toBe(expected.length);
  expect(summaries.reduce((n, s) => n + s.entries, 0)).toBe(expected.length);
  // The owned spans tile the file: nothing is counted twice or lost between shards.
  expect(summaries.reduce((n, s) => n + s.bytes, 0)).toBe(expected.length > 0 ? text.length : 0);
}

describe('shard boundaries', () => {
  const sample = Buffer.from('{"a":1}\r\n\n{"b":22}\n  \r\n{"c":333}\r\n{"d":4}');

  it('reads every line exactly once for every shard size from 1 byte to the whole file', async () => {
    for (let shardBytes = 1; shardBytes <= sample.length + 1; shardBytes++) {
      await expectExact(sample, shardBytes);
    }
  });

  it('cuts exactly on a \\n, on the \\r before it, mid-line, at 0 and at the end', async () => {
    const text = Buffer.from('ab\r\ncd\nef\r\n');
    // 3 is the `\r`, 4 the byte after `\r\n`, 2 mid-line, 6 the `\n`, 7 just after it.
    for (const cut of [1, 2, 3, 4, 6, 7, 10, 11]) {
      const file = put(dir, `cut${cut}.ndjson`, text);
      const input = plainInput(file, text.length);
      const shards = [
        { id: 0, file: input, index: 0, of: 2, start: 0, end: cut },
        { id: 1, file: input, index: 1, of: 2, start: cut, end: text.length },
      ];
      const got: string[] = [];
      const lines: number[] = [];
      for (const shard of shards) {
        const summary = await readShard(shard, { bufferBytes: 16 }, (b) => {
          for (let i = 0; i < b.count; i++) got.push(b.buf.toString('latin1', b.starts[i], b.ends[i]));
        });
        lines.push(summary.lines);
      }
      expect(got, `cut at ${cut}`).toEqual(['ab', 'cd', 'ef']);
      expect(lines[0]! + lines[1]!, `cut at ${cut}`).toBe(3);
    }
  });

  it('gives a shard starting right after a newline the line that starts there', async () => {
    const text = Buffer.from('one\ntwo\n');
    const file = put(dir, 'after-nl.ndjson', text);
    const shard = { id: 0, file: plainInput(file, 8), index: 1, of: 2, start: 4, end: 8 };
    const got: string[] = [];
    const summary = await readShard(shard, {}, (b) => {
      got.push(b.buf.toString('latin1', b.starts[0], b.ends[0]));
      expect(b.fileOffset + b.starts[0]!).toBe(4);
      expect(b.firstLine).toBe(0);
    });
    expect(got).toEqual(['two']);
    expect(summary.lines).toBe(1);
  });

  it('owns nothing when a single line spans the whole shard', async () => {
    const text = Buffer.from(`${'x'.repeat(100)}\nlast`);
    const file = put(dir, 'spanning.ndjson', text);
    const shard = { id: 0, file: plainInput(file, text.length), index: 1, of: 3, start: 10, end: 60 };
    let batches = 0;
    const summary = await readShard(shard, { bufferBytes: 16 }, () => void batches++);
    expect(batches).toBe(0);
    expect(summary).toMatchObject({ lines: 0, entries: 0, bytes: 0 });
  });

  it('treats a last line without a newline, and a lone trailing \\r, as lines', async () => {
    await expectExact(Buffer.from('a\nb'), 1);
    await expectExact(Buffer.from('a\nb\r'), 2);
    await expectExact(Buffer.from('\n'), 1);
    await expectExact(Buffer.from(''), 1);
  });

  it('skips a UTF-8 BOM at the start of the file only', async () => {
    const text = Buffer.from('\uFEFF{"a":1}\n\uFEFF{"b":2}\n');
    for (let shardBytes = 1; shardBytes <= text.length; shardBytes++) {
      await expectExact(text, shardBytes);
    }
    const { read } = await readWhole(text, 1000, 16, 100);
    expect(read[0]).toEqual({ text: '{"a":1}', offset: 3, line: 1 });
    // A BOM further in is kept: the parser rejects that line as malformed.
    expect(read[1]!.text).toBe('\xEF\xBB\xBF{"b":2}');
  });

  it('holds for any text, shard size, buffer size and line limit (property)', async () => {
    const piece = fc.constantFrom('a', 'bc', '{"k":"v"}', ' ', '\r', '\n', '\r\n', '\n\n', 'é');
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 60 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 80 }),
        fc.integer({ min: 16, max: 64 }),
        fc.integer({ min: 1, max: 40 }),
        async (pieces, bom, shardBytes, bufferBytes, maxLineBytes) => {
          const text = Buffer.from((bom ? '\uFEFF' : '') + pieces.join(''));
          await expectExact(text, shardBytes, bufferBytes, maxLineBytes);
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});

describe('long lines', () => {
  it('keeps a line of exactly maxLineBytes and skips one byte more, with its location', async () => {
    const text = Buffer.from(`${'a'.repeat(20)}\r\n${'b'.repeat(21)}\r\nok\n${'c'.repeat(21)}`);
    for (const bufferBytes of [16, 24, 64]) {
      const { read, skipped } = await readWhole(text, 1000, bufferBytes, 20);
      expect(read.map((r) => [r.text.slice(0, 3), r.line])).toEqual([['aaa', 1], ['ok', 3]]);
      expect(skipped).toEqual([
        { line: 2, offset: 22, length: 21 },
        { line: 4, offset: 48, length: 21 },
      ]);
    }
  });

  it('never grows the buffer past the line limit while skipping a huge line', async () => {
    // 4 MB of one line with a 1 KiB limit: the reader must drop it as it goes.
    const huge = Buffer.alloc(4_000_000, 0x61);
    const text = Buffer.concat([Buffer.from('{"first":1}\n'), huge, Buffer.from('\n{"after":2}\n')]);
    const file = put(dir, 'huge.ndjson', text);
    const input = plainInput(file, text.length);
    const sizes: number[] = [];
    const got: string[] = [];
    const options = { bufferBytes: 256, maxLineBytes: 1024 };
    const summary = await readShard(planShards([input])[0]!, options, (b) => {
      sizes.push(b.buf.length);
      for (let i = 0; i < b.count; i++) got.push(b.buf.toString('latin1', b.starts[i], b.ends[i]));
    });
    expect(got).toEqual(['{"first":1}', '{"after":2}']);
    expect(summary.skipped).toEqual([{ line: 1, offset: 12, bytes: 4_000_000 }]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2048);
  });

  it('grows the buffer for a line longer than it but within the limit, then shrinks back', async () => {
    const long = 'x'.repeat(1000);
    const tail = Array.from({ length: 300 }, (_, i) => `${i}`);
    const text = Buffer.from(`a\n${long}\n${tail.join('\n')}\n`);
    const sizes: number[] = [];
    const file = put(dir, 'grow.ndjson', text);
    const got: string[] = [];
    await readShard(planShards([plainInput(file, text.length)])[0]!, { bufferBytes: 64 }, (b) => {
      sizes.push(b.buf.length);
      for (let i = 0; i < b.count; i++) got.push(b.buf.toString('latin1', b.starts[i], b.ends[i]));
    });
    expect(got).toEqual(['a', long, ...tail]);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(1000);
    expect(sizes.at(-1)).toBe(64);
  });
});

describe('batches', () => {
  it('keeps buffers valid until an async consumer settles, and numbers lines consecutively', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `{"i":${i}}`);
    const text = Buffer.from(lines.join('\n'));
    const file = put(dir, 'async.ndjson', text);
    const got: string[] = [];
    let next = 0;
    await readShard(planShards([plainInput(file, text.length)])[0]!, { bufferBytes: 100 }, async (b) => {
      expect(b.firstLine).toBe(next);
      next += b.count;
      await new Promise((resolve) => setTimeout(resolve, 1));
      for (let i = 0; i < b.count; i++) got.push(b.buf.toString('latin1', b.starts[i], b.ends[i]));
    });
    expect(got).toEqual(lines);
  });

  it('gives every batch its own buffer in transfer mode', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `{"i":${i}}`);
    const text = Buffer.from(`${lines.join('\r\n')}\r\n`);
    const file = put(dir, 'transfer.ndjson', text);
    const kept: { buf: Buffer; starts: Int32Array; ends: Int32Array; count: number }[] = [];
    const shard = planShards([plainInput(file, text.length)])[0]!;
    await readShard(shard, { bufferBytes: 64, transfer: true }, (b) => {
      expect(b.starts.length).toBe(b.count);
      kept.push(b);
    });
    expect(new Set(kept.map((b) => b.buf.buffer)).size).toBe(kept.length);
    const got = kept.flatMap((b) =>
      Array.from({ length: b.count }, (_, i) => b.buf.toString('latin1', b.starts[i], b.ends[i])),
    );
    expect(got).toEqual(lines);
  });

  it('stops at a batch boundary when aborted', async () => {
    const text = Buffer.from('{"a":1}\n'.repeat(100));
    const file = put(dir, 'abort.ndjson', text);
    const controller = new AbortController();
    let seen = 0;
    const summary = await readShard(
      planShards([plainInput(file, text.length)])[0]!,
      { bufferBytes: 64, signal: controller.signal },
      (b) => {
        seen += b.count;
        controller.abort();
      },
    );
    expect(seen).toBeLessThan(100);
    expect(summary.entries).toBe(seen);
  });

  it('rejects bad options by name', async () => {
    const file = put(dir, 'opts.ndjson', '{}\n');
    const shard = planShards([plainInput(file, 3)])[0]!;
    await expect(readShard(shard, { maxLineBytes: 0 }, () => {})).rejects.toThrow(/^maxLineBytes: /);
    await expect(readShard(shard, { bufferBytes: 2.5 }, () => {})).rejects.toThrow(/^bufferBytes: /);
  });

  it('reports a file that vanished after planning instead of throwing', async () => {
    const input = plainInput(`${dir}/gone.ndjson`, 10);
    const summary = await readShard(planShards([input])[0]!, {}, () => {});
    expect(summary.error).toMatchObject({ code: 'ENOENT', offset: 0 });
    expect(summary.entries).toBe(0);
  });
});
