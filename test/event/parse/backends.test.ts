/**
 * Every parse backend over generated ECS events (a 4 MB corpus made in memory): identical
 * events line for line. Their speeds are measured by `npm run bench -- parse`, not here.
 */
import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';

import { describe, expect, it } from 'vitest';

import { createParser, PARSER_NAMES } from '../../../src/event/parse/index.js';
import { readStream, type LineBatch } from '../../../src/source/index.js';
import { eventStream } from '../../../scripts/generate-corpus.js';

const corpus = Buffer.from(`${[...eventStream({ seed: 11, size: '4MB' })].join('\n')}\n`);

/** The corpus framed into batches (copied out, so every backend parses the same bytes). */
async function frame(): Promise<{ batches: LineBatch[] }> {
  const batches: LineBatch[] = [];
  await readStream(Readable.from([corpus]), { transfer: true }, (b) => {
    batches.push(b);
  });
  return { batches };
}

describe('parse backends on generated events', () => {
  it('gives identical events from every backend, line for line', async () => {
    const { batches } = await frame();
    const parsers = PARSER_NAMES.map((name) => createParser(name));
    let differ = 0;
    let events = 0;
    let lines = 0;
    for (const b of batches) {
      for (let i = 0; i < b.count; i++) {
        const [first, ...others] = parsers.map((p) => p.parse(b.buf, b.starts[i]!, b.ends[i]!));
        // Strict: prototypes, own keys and -0 all count.
        if (!others.every((o) => isDeepStrictEqual(o, first))) differ++;
        if (first!.ok) events++;
        lines++;
      }
    }
    expect(lines).toBeGreaterThan(1000);
    expect({ differ, events }).toEqual({ differ: 0, events: lines });
  });
});
