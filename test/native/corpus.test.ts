import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { compilePack, type Pack } from '../../src/compile/index.js';
import { loadRules, planRules } from '../../src/plan/index.js';
import { eventStream } from '../../scripts/generate-corpus.js';
import { expectParity, frame, native, project, type Framed } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ELASTIC = path.resolve(ROOT, '../shared/rules/toml');
const DEMO = path.resolve(ROOT, 'corpus/rules');
const hasElastic = existsSync(ELASTIC);
if (!hasElastic) {
  console.warn(`Elastic rules not found at ${ELASTIC}: projecting the demo pack's fields only`);
}

/** A larger corpus file to check as well (e.g. the 50 MB one the generator writes). */
const CORPUS_FILE = process.env.EQLSCAN_NATIVE_CORPUS;

async function packOf(dir: string): Promise<Pack> {
  const loaded = await loadRules([dir]);
  const plans = planRules(loaded.rules).plans;
  return compilePack(plans, { categoryField: 'event.category' });
}

/** Splits a file's bytes into newline-framed lines, as the source stage would. */
function frameFile(buf: Buffer): Framed {
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  while (at < buf.length) {
    let end = buf.indexOf(10, at);
    if (end === -1) end = buf.length;
    starts.push(at);
    ends.push(end);
    at = end + 1;
  }
  const count = starts.length;
  return { buf, starts: Int32Array.from(starts), ends: Int32Array.from(ends), count };
}

describe.skipIf(!native)('the native projector on generated ECS events', () => {
  const lines = [...eventStream({ seed: 11, size: 1500 })];
  const framed = frame(lines);

  test('agrees with JSON.parse + readField on every field the packs read', async () => {
    const packs = [await packOf(DEMO), ...(hasElastic ? [await packOf(ELASTIC)] : [])];
    const fields = [...new Set(packs.flatMap((p) => p.fields))];
    expect(fields.length).toBeGreaterThan(hasElastic ? 250 : 10);
    for (const validate of [true, false]) {
      const projector = native!.createProjector(fields, { validate });
      expect(expectParity(projector, framed)).toBe(lines.length);
    }
  }, 240_000);

  test('compiled packs give the same matches on built events as on full events', async () => {
    const packs = [await packOf(DEMO), ...(hasElastic ? [await packOf(ELASTIC)] : [])];
    let matched = 0;
    for (const pack of packs) {
      const projector = native!.createProjector(pack.fields);
      const batch = project(projector, framed);
      const verdict = (event: object): string => {
        try {
          const hits: string[] = [];
          pack.stageHits(event, (rule, stage) => hits.push(`${rule}/${stage}`));
          return `${pack.match(event).join(',')} | ${hits.join(',')}`;
        } catch (err) {
          return `throws ${(err as Error).message}`;
        }
      };
      const got: string[] = [];
      const want: string[] = [];
      lines.forEach((line, i) => {
        got.push(verdict(batch.event(i)));
        want.push(verdict(JSON.parse(line) as object));
      });
      expect(got).toEqual(want);
      matched += want.filter((w) => !w.startsWith(' |') && !w.startsWith('throws')).length;
    }
    expect(matched).toBeGreaterThan(0);
  }, 240_000);

  test.skipIf(CORPUS_FILE === undefined || !existsSync(CORPUS_FILE))(
    'agrees on the corpus file in EQLSCAN_NATIVE_CORPUS, batch by batch',
    async () => {
      const whole = frameFile(readFileSync(CORPUS_FILE!));
      const pack = await packOf(hasElastic ? ELASTIC : DEMO);
      const projector = native!.createProjector(pack.fields);
      const size = 4096;
      let events = 0;
      for (let from = 0; from < whole.count; from += size) {
        const count = Math.min(size, whole.count - from);
        events += expectParity(projector, {
          buf: whole.buf,
          starts: whole.starts.subarray(from, from + count),
          ends: whole.ends.subarray(from, from + count),
          count,
        });
      }
      expect(events).toBeGreaterThan(0);
    },
    600_000,
  );
});
