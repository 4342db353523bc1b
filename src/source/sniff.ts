/**
 * Deciding compression and format from names and first bytes.
 *
 * Magic bytes decide compression: a gzip stream named `.ndjson` is still decompressed. The
 * name decides the format: `.json` is sniffed (a first non-space byte `[` means a JSON array),
 * anything else is NDJSON.
 */
import { constants, gunzipSync } from 'node:zlib';

import type { InputFormat } from './types.js';

/** Extensions a directory walk takes, each optionally followed by `.gz`. */
export const EVENT_FILE = /\.(?:ndjson|jsonl|json)(?:\.gz)?$/i;

/** Bytes read from the head of a file to sniff its format. */
export const SNIFF_BYTES = 64 * 1024;

const BOM = [0xef, 0xbb, 0xbf] as const;

/** True when the bytes open a gzip stream (RFC 1952 magic `1f 8b`). */
export function isGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** True when the name ends in `.gz`. */
export function hasGzipName(name: string): boolean {
  return /\.gz$/i.test(name);
}

/** Length of a UTF-8 byte-order mark at `at`, or 0. */
export function bomLength(buf: Uint8Array, at = 0): number {
  return buf[at] === BOM[0] && buf[at + 1] === BOM[1] && buf[at + 2] === BOM[2] ? 3 : 0;
}

/**
 * The format of decompressed head bytes of a `.json` input: `json-array` when the first byte
 * that is not JSON whitespace (after a BOM) is `[`, else `ndjson`.
 *
 * @example formatOfHead(Buffer.from('\uFEFF \n[{"a":1}]')) // 'json-array'
 */
export function formatOfHead(head: Uint8Array): 'ndjson' | 'json-array' {
  for (let i = bomLength(head); i < head.length; i++) {
    const c = head[i];
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x5b ? 'json-array' : 'ndjson';
  }
  return 'ndjson';
}

/**
 * The format an input's name and head bytes imply. `gzipped` heads are inflated as far as
 * they go; a head that does not inflate is sniffed as NDJSON and left for the reader to
 * report, so a corrupt file still shows up with the offset where it breaks.
 */
export function formatOf(name: string, head: Uint8Array, gzipped: boolean): InputFormat {
  const bare = name.replace(/\.gz$/i, '');
  if (!/\.json$/i.test(bare)) return 'ndjson';
  if (!gzipped) return formatOfHead(head);
  try {
    return formatOfHead(gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH }));
  } catch {
    return 'ndjson';
  }
}
