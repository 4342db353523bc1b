/**
 * Reading a shard (or any stream) into line batches.
 *
 * The driver loop is: frame what the window holds, hand the entries found to the consumer
 * as one batch (awaiting it: that is the backpressure), make room, read more. Reading a
 * plain file uses positional reads straight into the window; gzip and streams are copied in
 * from their chunks. Errors of the input itself (a corrupt gzip, an I/O error) end the
 * shard early and come back in the summary; errors thrown by the consumer propagate.
 */
import { createReadStream, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { isMainThread } from 'node:worker_threads';
import { createGunzip } from 'node:zlib';

import { EqlError, InternalError } from '../errors.js';
import { ArrayFramer } from './array.js';
import type { Framer } from './framer.js';
import { LineFramer } from './lines.js';
import { bomLength, formatOfHead, isGzipMagic } from './sniff.js';
import type { InputFormat, LineBatch, ReadFailure, Shard, ShardSummary } from './types.js';
import { DEFAULT_BUFFER_BYTES, DEFAULT_MAX_LINE_BYTES, Window } from './window.js';

/** How to read. All fields are optional. */
export interface ReadOptions {
  /** Size of the reused read buffer; batches are at most about this big. Default 4 MiB. */
  readonly bufferBytes?: number;
  /**
   * Longest entry kept, terminator excluded; longer ones are skipped (reported as
   * `line-too-long` in `ShardSummary.skipped`) without being buffered whole. Default 64 MiB.
   */
  readonly maxLineBytes?: number;
  /**
   * Give each batch buffers of its own, which the consumer may keep or transfer to another
   * thread. Without it the buffers are reused once the consumer's promise settles.
   */
  readonly transfer?: boolean;
  /** Stops reading at the next batch boundary; the summary then counts what was read. */
  readonly signal?: AbortSignal;
}

/**
 * Receives batches. The batch's buffers stay valid until the returned promise settles
 * (unless `transfer` is set, when they are the consumer's for good).
 */
export type BatchConsumer = (batch: LineBatch) => void | Promise<void>;

/** Largest entry the Int32 positions of a batch can describe, with room for `\r\n`. */
const MAX_ENTRY = 2 ** 31 - 3;

interface ByteSource {
  /** Reads up to `length` bytes into `buf` at `at`; 0 at end of input. */
  read(buf: Buffer, at: number, length: number): Promise<number>;
  close(): Promise<void>;
}

/**
 * Reads the entries a shard owns, handing them to `onBatch` in order. Runs in worker
 * threads; a stdin shard can only be read on the main thread (use `readStream` there and
 * transfer the batches).
 *
 * @example
 *   const summary = await readShard(shard, { maxLineBytes: 1 << 20 }, (batch) => {
 *     for (let i = 0; i < batch.count; i++) handle(batch.buf, batch.starts[i], batch.ends[i]);
 *   });
 *   // summary.lines: lines owned, for LineNumbers; summary.skipped: lines too long
 */
export async function readShard(
  shard: Shard,
  options: ReadOptions,
  onBatch: BatchConsumer,
): Promise<ShardSummary> {
  const { file } = shard;
  if (file.absPath === '-') {
    if (!isMainThread) {
      throw new EqlError('io', 'standard input can only be read on the main thread (readStream)');
    }
    return readStream(process.stdin, options, onBatch);
  }
  if (file.size < 0 || file.compression === 'gzip') {
    const stream = createReadStream(file.absPath);
    const format = file.size < 0 ? 'sniff' : file.format;
    return readStream(stream, options, onBatch, format);
  }

  const opts = checkOptions(options);
  if (file.format === 'json-array' && shard.start !== 0) {
    throw new InternalError(`shard ${shard.id} starts inside a JSON array file`);
  }
  let handle: FileHandle;
  try {
    handle = await open(file.absPath, 'r');
  } catch (err) {
    return failedSummary(err as NodeJS.ErrnoException, shard.start, file.format);
  }
  try {
    const from = shard.start > 0 ? shard.start - 1 : 0;
    const window = new Window(opts.bufferBytes, opts.transfer, from);
    const framer =
      file.format === 'json-array'
        ? new ArrayFramer(window, opts.maxLineBytes, opts.transfer)
        : new LineFramer(window, { ...opts, start: shard.start, end: shard.end });
    return await drive(framer, fileSource(handle, from), opts, onBatch, formatName(file.format));
  } finally {
    await handle.close();
  }
}

/**
 * Reads batches from any stream (stdin, a pipe, an HTTP body). Gzip is detected by its magic
 * bytes and `sniff` decides between NDJSON and a JSON array from the first non-space byte.
 * Use `transfer: true` to post the batches to workers.
 *
 * @example
 *   await readStream(process.stdin, { transfer: true }, (batch) => {
 *     worker.postMessage(batch, [batch.buf.buffer]);
 *   });
 */
export async function readStream(
  stream: Readable,
  options: ReadOptions,
  onBatch: BatchConsumer,
  format: InputFormat = 'sniff',
): Promise<ShardSummary> {
  const opts = checkOptions(options);
  let source = chunkSource(stream);
  const window = new Window(opts.bufferBytes, opts.transfer, 0);
  try {
    // The head decides compression and format; it stays in the window for the framer.
    let chosen: 'ndjson' | 'json-array' = format === 'json-array' ? 'json-array' : 'ndjson';
    try {
      await fillHead(window, source, () => window.fill >= 2);
      if (isGzipMagic(window.buf.subarray(0, window.fill))) {
        source = gunzipSource(Buffer.from(window.buf.subarray(0, window.fill)), source, stream);
        window.fill = 0;
      }
      if (format === 'sniff') {
        await fillHead(window, source, () => hasContent(window));
        chosen = formatOfHead(window.buf.subarray(0, window.fill));
      }
    } catch (err) {
      const error = readFailure(err as NodeJS.ErrnoException, window.fill);
      return { lines: 0, entries: 0, bytes: 0, skipped: [], format: chosen, error };
    }

    const framer =
      chosen === 'json-array'
        ? new ArrayFramer(window, opts.maxLineBytes, opts.transfer)
        : new LineFramer(window, { ...opts, start: 0, end: Infinity });
    return await drive(framer, source, opts, onBatch, chosen);
  } finally {
    await source.close();
  }
}

/** Reads into the window until `enough` holds, the window is full, or the input ends. */
async function fillHead(window: Window, source: ByteSource, enough: () => boolean): Promise<void> {
  while (!enough() && window.room > 0) {
    const n = await source.read(window.buf, window.fill, window.room);
    if (n === 0) return;
    window.fill += n;
  }
}

/** True when the window holds a byte that is neither JSON whitespace nor part of a BOM. */
function hasContent(window: Window): boolean {
  const head = window.buf.subarray(0, window.fill);
  let i = 0;
  if (head[0] === 0xef) {
    if (head.length < 3) return false;
    i = bomLength(head);
  }
  for (; i < head.length; i++) {
    const c = head[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return true;
  }
  return false;
}

interface CheckedOptions {
  bufferBytes: number;
  maxLineBytes: number;
  transfer: boolean;
  signal: AbortSignal | undefined;
}

function checkOptions(options: ReadOptions): CheckedOptions {
  const bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(bufferBytes) || bufferBytes < 16) {
    const got = String(bufferBytes);
    throw new EqlError('option', `bufferBytes: expected an integer of at least 16, got ${got}`);
  }
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1 || maxLineBytes > MAX_ENTRY) {
    const range = `from 1 to ${MAX_ENTRY}`;
    throw new EqlError('option', `maxLineBytes: expected an integer ${range}, got ${maxLineBytes}`);
  }
  return { bufferBytes, maxLineBytes, transfer: options.transfer ?? false, signal: options.signal };
}

/** The frame-deliver-refill loop shared by every input. */
async function drive(
  framer: Framer,
  source: ByteSource,
  opts: CheckedOptions,
  onBatch: BatchConsumer,
  format: 'ndjson' | 'json-array',
): Promise<ShardSummary> {
  const w = framer.window;
  let eof = false;
  let error: ReadFailure | undefined;

  for (;;) {
    const result = framer.scan(eof);
    if (framer.entries.count > 0) {
      const batch = framer.entries.take(w);
      // Bytes after the batch move out first: the consumer may transfer the buffer away.
      framer.shifted(w.handOff(framer.keepFrom()));
      await onBatch(batch);
      if (w.buf.length === 0) {
        // Reading on would see a zero-length buffer as the end of the input and lose data.
        throw new InternalError('a batch buffer was transferred; read with `transfer: true`');
      }
    }
    if (result === 'flush') continue;
    if (result === 'done' || error !== undefined || opts.signal?.aborted === true) break;

    framer.shifted(w.compact(framer.keepFrom()));
    if (w.room === 0 && !w.grow(framer.growLimit)) framer.overflow();
    try {
      // Fill the window before framing: streams deliver small chunks, and batches of one
      // chunk each would multiply the per-batch costs downstream.
      while (w.room > 0) {
        const n = await source.read(w.buf, w.fill, w.room);
        if (n === 0) {
          eof = true;
          break;
        }
        w.fill += n;
      }
    } catch (err) {
      // Lines completed before the failure are still delivered by one more pass; the
      // unfinished one is not a line of the input, only the place where it broke.
      error = readFailure(err as NodeJS.ErrnoException, w.offset + w.fill);
    }
  }

  const { counts } = framer;
  const summary: ShardSummary = {
    lines: counts.lines,
    entries: counts.entries,
    bytes: counts.spanEnd - counts.spanStart,
    skipped: counts.skipped,
    format,
  };
  return error === undefined ? summary : { ...summary, error };
}

/**
 * Positional reads of a plain file. A worker thread reads synchronously: it has nothing else
 * to do meanwhile, and a promise round trip through the thread pool per read costs more than
 * copying a 128 KiB window from the page cache.
 */
function fileSource(handle: FileHandle, position: number): ByteSource {
  let at = position;
  const sync = !isMainThread;
  return {
    async read(buf, offset, length) {
      const bytesRead = sync
        ? readSync(handle.fd, buf, offset, length, at)
        : (await handle.read(buf, offset, length, at)).bytesRead;
      at += bytesRead;
      return bytesRead;
    },
    async close() {},
  };
}

/** Copies a stream's chunks into the window, a chunk at a time. */
function chunkSource(stream: Readable): ByteSource {
  const chunks = stream[Symbol.asyncIterator]();
  let chunk: Buffer | null = null;
  let used = 0;
  let ended = false;
  return {
    async read(buf, offset, length) {
      while (chunk === null || used === chunk.length) {
        if (ended) return 0;
        const next = (await chunks.next()) as IteratorResult<unknown>;
        if (next.done === true) {
          ended = true;
          return 0;
        }
        const value = next.value;
        chunk = Buffer.isBuffer(value) ? value : Buffer.from(value as string | Uint8Array);
        used = 0;
      }
      const n = Math.min(length, chunk.length - used);
      chunk.copy(buf, offset, used, used + n);
      used += n;
      return n;
    },
    async close() {
      stream.destroy();
    },
  };
}

/** Inflates `head` followed by the rest of `raw`, whose stream is `original`. */
function gunzipSource(head: Buffer, raw: ByteSource, original: Readable): ByteSource {
  async function* compressed(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const buf = Buffer.allocUnsafe(64 * 1024);
      const n = await raw.read(buf, 0, buf.length);
      if (n === 0) return;
      yield buf.subarray(0, n);
    }
  }
  const gunzip = createGunzip();
  // `pipeline` carries an error of the raw side into the gunzip stream that is iterated.
  pipeline(Readable.from(compressed(), { objectMode: false }), gunzip, () => {});
  const inflated = chunkSource(gunzip);
  return {
    read: inflated.read,
    async close() {
      gunzip.destroy();
      original.destroy();
    },
  };
}

function formatName(format: InputFormat): 'ndjson' | 'json-array' {
  return format === 'json-array' ? 'json-array' : 'ndjson';
}

function readFailure(err: NodeJS.ErrnoException, offset: number): ReadFailure {
  const reason = err.message;
  return err.code === undefined ? { reason, offset } : { reason, code: err.code, offset };
}

function failedSummary(
  err: NodeJS.ErrnoException,
  offset: number,
  format: InputFormat,
): ShardSummary {
  const error = readFailure(err, offset);
  return { lines: 0, entries: 0, bytes: 0, skipped: [], format: formatName(format), error };
}
