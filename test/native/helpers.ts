/**
 * Shared by the native backend's tests: framing lines into a batch, and the parity check
 * against the `json` backend plus `readField`.
 */
import { expect } from 'vitest';

import { readField } from '../../src/event/index.js';
import { createJsonParser } from '../../src/event/parse/index.js';
import { isBlank } from '../../src/event/parse/index.js';
import {
  loadNative,
  nativeUnavailableReason,
  type ProjectedBatch,
  type Projector,
} from '../../src/native/index.js';
import type { Scalar } from '../../src/query/ast.js';

/** The backend, or null with a warning saying why the tests that need it skip. */
export const native = loadNative();
if (!native) console.warn(`native addon not available (${nativeUnavailableReason()}): skipping`);

/** Lines framed in one buffer, newline separated, the last one at the very end. */
export interface Framed {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/** Frames lines (text or raw bytes) the way the source stage does. */
export function frame(lines: readonly (string | Uint8Array)[]): Framed {
  const parts = lines.map((line) => Buffer.from(line));
  const starts = new Int32Array(parts.length);
  const ends = new Int32Array(parts.length);
  let at = 0;
  parts.forEach((part, i) => {
    starts[i] = at;
    ends[i] = at + part.length;
    at = ends[i]! + 1;
  });
  const newline = Buffer.from('\n');
  const last = parts.length - 1;
  const buf = Buffer.concat(parts.flatMap((part, i) => (i === last ? [part] : [part, newline])));
  return { buf, starts, ends, count: parts.length };
}

/** Projects framed lines. */
export function project(projector: Projector, framed: Framed): ProjectedBatch {
  return projector.project(framed.buf, framed.starts, framed.ends, framed.count);
}

/** A null_value unlike anything the tests' events hold, to see nulls kept or replaced. */
export const NULL_VALUE: Scalar = '<null>';

/**
 * Expects every line of the batch to agree with the `json` backend: the same verdict and
 * reason, and for events every field equal to `readField` on the JSON.parse event (with
 * and without a null_value), read both from the slots and from the built event.
 * Returns how many lines were events.
 */
export function expectParity(projector: Projector, framed: Framed, maxDepth?: number): number {
  const batch = project(projector, framed);
  const parser = createJsonParser(maxDepth === undefined ? {} : { maxDepth });
  let events = 0;
  for (let i = 0; i < framed.count; i++) {
    const start = framed.starts[i]!;
    const end = framed.ends[i]!;
    const where = `line ${i}: ${framed.buf.toString('utf8', start, Math.min(end, start + 300))}`;
    if (isBlank(framed.buf, start, end)) {
      expect(batch.isBlank(i), where).toBe(true);
      continue;
    }
    const expected = parser.parse(framed.buf, start, end);
    expect(batch.isBlank(i), where).toBe(false);
    if (!expected.ok) {
      expect(batch.isEvent(i), where).toBe(false);
      const { reason, detail } = expected;
      expect(batch.rejection(i), where).toEqual({ reason, detail });
      expect(batch.result(i), where).toEqual(expected);
      continue;
    }
    events++;
    expect(batch.isEvent(i), where).toBe(true);
    // One comparison per line: every field, both null treatments, slots and built event.
    const built = batch.event(i);
    const got: unknown[] = [];
    const want: unknown[] = [];
    projector.paths.forEach((path, f) => {
      for (const nullValue of [undefined, NULL_VALUE]) {
        const expectedValue = readField(expected.event, path, nullValue);
        const fromBuilt = readField(built, path, nullValue);
        got.push([projector.fields[f], batch.value(i, f, nullValue), fromBuilt]);
        want.push([projector.fields[f], expectedValue, expectedValue]);
      }
    });
    expect(got, where).toStrictEqual(want);
  }
  return events;
}
