/**
 * Both backends over generated ECS events: identical events line for line, and their
 * speed, printed in MB/s of line bytes (no timing is asserted: machines differ).
 *
 * By default a 4 MB corpus is generated in memory. For real figures point it at a file:
 *
 *     node dist/scripts/generate-corpus.js --out /tmp/src-corpus.ndjson --size 100MB
 *     EQLSCAN_PARSE_CORPUS=/tmp/src-corpus.ndjson npx vitest run test/event/parse/throughput.test.ts
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';

import { describe, expect, it } from 'vitest';

import { createParser, PARSER_NAMES, type Parser } from '../../../src/event/parse/index.js';
import { readStream, type LineBatch } from '../../../src/source/index.js';
import { eventStream } from '../../../scripts/generate-corpus.js';

const corpusFile = process.env['EQLSCAN_PARSE_CORPUS'];
const corpus = corpusFile
  ? readFileSync(corpusFile)
  : Buffer.from(`${[...eventStream({ seed: 11, size: '4MB' })].join('\n')}\n`);
const ROUNDS = corpusFile ? 5 : 2;

/** The corpus framed into batches once (copied out, so they can be parsed many times). */
async function frame(): Promise<{ batches: LineBatch[]; lineBytes: number; ms: number }> {
  const batches: LineBatch[] = [];
  let lineBytes = 0;
  const started = performance.now();
  await readStream(Readable.from([corpus]), { transfer: true }, (b) => {
    batches.push(b);
    for (let i = 0; i < b.count; i++) lineBytes += b.ends[i]! - b.starts[i]!;
  });
  return { batches, lineBytes, ms: performance.now() - started };
}

/** Parses every line, keeping nothing (so the figures measure parsing, not the heap). */
function parseAll(parser: Parser, batches: LineBatch[]): number {
  let events = 0;
  for (const b of batches) {
    for (let i = 0; i < b.count; i++) {
      const result = parser.parse(b.buf, b.starts[i]!, b.ends[i]!);
      if (!result.ok) throw new Error(`line ${b.firstLine + i + 1}: ${result.reason} ${result.detail}`);
      events++;
    }
  }
  return events;
}

describe('parser throughput on generated events', () => {
  it('gives identical events from every backend, line for line', async () => {
    const { batches } = await frame();
    const parsers = PARSER_NAMES.map((name) => createParser(name));
    let differ = 0;
    for (const b of batches) {
      for (let i = 0; i < b.count; i++) {
        const [first, ...others] = parsers.map((p) => p.parse(b.buf, b.starts[i]!, b.ends[i]!));
        // Strict: prototypes, own keys and -0 all count.
        if (!others.every((o) => isDeepStrictEqual(o, first))) differ++;
      }
    }
    expect(differ).toBe(0);
  });

  it('reports MB/s of each backend', async () => {
    const { batches, lineBytes, ms } = await frame();
    const lines = batches.reduce((n, b) => n + b.count, 0);
    const report = [
      `${corpusFile ?? 'generated corpus'}: ${lines} lines, ${(lineBytes / 1e6).toFixed(1)} MB`,
      `  framing (readStream)   ${(lineBytes / 1e3 / ms).toFixed(0).padStart(5)} MB/s`,
    ];
    for (const name of PARSER_NAMES) {
      const parser = createParser(name);
      const rates: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const started = performance.now();
        expect(parseAll(parser, batches)).toBe(lines);
        rates.push(lineBytes / 1e3 / (performance.now() - started));
      }
      rates.sort((a, b) => a - b);
      const rate = rates[rates.length >> 1]!.toFixed(0).padStart(5);
      report.push(`  parser ${name.padEnd(15)} ${rate} MB/s (median of ${ROUNDS})`);
    }
    console.log(report.join('\n'));
  });
});
