/**
 * Reading gzip files and streams: transparent decompression with offsets in the inflated
 * bytes, corrupt input reported with what was read before it, and format sniffing.
 */
import { Readable } from 'node:stream';
import { MessageChannel } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import {
  lineOf,
  planShards,
  readShard,
  readStream,
  reviveBatch,
  type LineBatch,
} from '../../src/source/index.js';
import { put, tempDir } from './helpers.js';

const dir = tempDir();

/** The entries of batches as [text, relative line, offset]. */
function collect(into: [string, number, number][]) {
  return (b: LineBatch) => {
    for (let i = 0; i < b.count; i++) {
      const text = b.buf.toString('utf8', b.starts[i], b.ends[i]);
      into.push([text, lineOf(b, i), b.fileOffset + b.starts[i]!]);
    }
  };
}

/** A stream delivering `data` in chunks of `size` bytes. */
function chunked(data: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return Readable.from(chunks, { objectMode: false });
}

const NDJSON = Buffer.from('\uFEFF{"a":1}\r\n\n{"b":"é"}\n{"c":3}');
const EXPECTED: [string, number, number][] = [
  ['{"a":1}', 0, 3],
  ['', 1, 12],
  ['{"b":"é"}', 2, 13],
  ['{"c":3}', 3, 24],
];

describe('readStream', () => {
  it('reads the same entries whatever the chunk size, down to one byte', async () => {
    for (const size of [1, 2, 3, 5, 7, 1000]) {
      const got: [string, number, number][] = [];
      const summary = await readStream(chunked(NDJSON, size), { bufferBytes: 16 }, collect(got));
      expect(got, `chunks of ${size}`).toEqual(EXPECTED);
      expect(summary).toMatchObject({ lines: 4, entries: 4, format: 'ndjson', bytes: NDJSON.length });
    }
  });

  it('inflates gzip found by its magic bytes, with offsets in the inflated stream', async () => {
    for (const size of [1, 4, 64]) {
      const got: [string, number, number][] = [];
      await readStream(chunked(gzipSync(NDJSON), size), { bufferBytes: 16 }, collect(got));
      expect(got).toEqual(EXPECTED);
    }
  });

  it('sniffs a JSON array behind whitespace and a BOM', async () => {
    const text = Buffer.from('\uFEFF \r\n [\n {"a":1},\n {"b":2}\n]\n');
    const got: [string, number, number][] = [];
    const summary = await readStream(chunked(text, 1), {}, collect(got));
    expect(summary.format).toBe('json-array');
    expect(got).toEqual([
      ['{"a":1}', 2, 10],
      ['{"b":2}', 3, 20],
    ]);
  });

  it('reads an empty stream as no lines', async () => {
    const summary = await readStream(Readable.from([]), {}, () => {
      throw new Error('no batch expected');
    });
    expect(summary).toMatchObject({ lines: 0, entries: 0, bytes: 0 });
  });

  it('hands over buffers that can be transferred to another thread', async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `{"n":${i}}`);
    const { port1, port2 } = new MessageChannel();
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      port2.on('message', (data: LineBatch) => {
        const b = reviveBatch(data);
        expect(Buffer.isBuffer(data.buf)).toBe(false);
        for (let i = 0; i < b.count; i++) {
          received.push(b.buf.toString('latin1', b.starts[i], b.ends[i]));
        }
        if (received.length >= lines.length) resolve();
      });
    });
    const stream = chunked(Buffer.from(lines.join('\n')), 100);
    await readStream(stream, { bufferBytes: 256, transfer: true }, (b) => {
      port1.postMessage(b, [b.buf.buffer as ArrayBuffer]);
      expect(b.buf.length).toBe(0); // detached: the bytes moved, they were not copied
    });
    await all;
    port1.close();
    expect(received).toEqual(lines);
  });

  it('reports a read error of the stream with the offset reached', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('{"a":1}\n{"b":'));
        this.destroy(Object.assign(new Error('disk on fire'), { code: 'EIO' }));
      },
    });
    const got: [string, number, number][] = [];
    const summary = await readStream(failing, {}, collect(got));
    expect(got).toEqual([['{"a":1}', 0, 0]]);
    expect(summary.error).toMatchObject({ reason: 'disk on fire', code: 'EIO' });
  });
});

describe('gzip files', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `{"seq":${i},"pad":"${'x'.repeat(i % 50)}"}`);
  const text = `${lines.join('\n')}\n`;

  it('is one shard, read whole, with decompressed offsets', async () => {
    const file = put(dir, 'events.ndjson.gz', gzipSync(text));
    const input = { path: file, absPath: file, size: 100, compression: 'gzip', format: 'ndjson' } as const;
    const shards = planShards([input], { shardBytes: 10 });
    expect(shards).toHaveLength(1);
    const got: [string, number, number][] = [];
    const summary = await readShard(shards[0]!, { bufferBytes: 1024 }, collect(got));
    expect(got.map((g) => g[0])).toEqual(lines);
    expect(got[1000]).toEqual([lines[1000], 1000, text.indexOf(lines[1000]!)]);
    expect(summary).toMatchObject({ lines: 2000, bytes: Buffer.byteLength(text) });
    expect(summary.error).toBeUndefined();
  });

  it('reads concatenated gzip members as one stream', async () => {
    const members = Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"b":2}\n')]);
    const file = put(dir, 'multi.ndjson.gz', members);
    const input = { path: file, absPath: file, size: 1, compression: 'gzip', format: 'ndjson' } as const;
    const got: [string, number, number][] = [];
    await readShard(planShards([input])[0]!, {}, collect(got));
    expect(got).toEqual([
      ['{"a":1}', 0, 0],
      ['{"b":2}', 1, 8],
    ]);
  });

  it('reports a truncated gzip file after delivering the complete lines before the cut', async () => {
    const whole = gzipSync(text);
    const file = put(dir, 'truncated.ndjson.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
    const input = { path: file, absPath: file, size: 1, compression: 'gzip', format: 'ndjson' } as const;
    const got: [string, number, number][] = [];
    const summary = await readShard(planShards([input])[0]!, { bufferBytes: 1024 }, collect(got));
    expect(summary.error).toMatchObject({ code: 'Z_BUF_ERROR', reason: 'unexpected end of file' });
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBe(summary.entries);
    // Whatever was delivered is exact: a prefix of the file, line for line.
    expect(got.map((g) => g[0])).toEqual(lines.slice(0, got.length));
    // Every complete line inflated before the cut was delivered: only one partial line is lost.
    const last = got.at(-1)!;
    const lastEnd = last[2] + Buffer.byteLength(last[0]) + 1;
    expect(summary.error!.offset).toBeGreaterThanOrEqual(lastEnd);
    expect(summary.error!.offset - lastEnd).toBeLessThan(Buffer.byteLength(lines[got.length]!) + 1);
  });

  it('reports garbage in place of gzip data at the offset where inflating stopped', async () => {
    const garbage = Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.alloc(64, 7)]);
    const file = put(dir, 'garbage.ndjson.gz', garbage);
    const input = { path: file, absPath: file, size: 66, compression: 'gzip', format: 'ndjson' } as const;
    const summary = await readShard(planShards([input])[0]!, {}, () => {});
    expect(summary.error).toMatchObject({ code: 'Z_DATA_ERROR', offset: 0 });
    expect(summary.entries).toBe(0);
  });
});

describe('buffer ownership', () => {
  it('fails loudly when a reused buffer is transferred instead of losing the rest', async () => {
    const { port1 } = new MessageChannel();
    const data = Buffer.from('{"a":1}\n'.repeat(100));
    const reading = readStream(chunked(data, 50), { bufferBytes: 64 }, (b) => {
      port1.postMessage(b.buf, [b.buf.buffer as ArrayBuffer]);
    });
    await expect(reading).rejects.toThrow(/^BUG: a batch buffer was transferred/);
    port1.close();
  });
});
