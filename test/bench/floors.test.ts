import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

import { parsePass, readPass } from '../../bench/floors.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'eqlscan-floors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const lines = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i % 37) }));

describe('floor passes', () => {
  test('readPass counts newlines and bytes', () => {
    const p = file('a.ndjson', `${lines.join('\n')}\n`);
    const r = readPass(p);
    expect(r.lines).toBe(500);
    expect(r.bytes).toBe(Buffer.byteLength(`${lines.join('\n')}\n`));
  });

  test('parsePass decodes every line, with or without a last newline; blank lines are not events', () => {
    expect(parsePass(file('b.ndjson', `${lines.join('\n')}\n`)).events).toBe(500);
    expect(parsePass(file('c.ndjson', lines.join('\n'))).events).toBe(500);
    const blank = parsePass(file('d.ndjson', `${lines[0]}\n\n${lines[1]}\n`));
    expect(blank).toMatchObject({ events: 2, lines: 3 });
  });

  test('ranges cut anywhere own each line exactly once, and each byte is read once', () => {
    const text = `${lines.join('\n')}\n`;
    const p = file('e.ndjson', text);
    const size = Buffer.byteLength(text);
    for (const cuts of [[0, size], [0, 1, size], [0, 7, 4000, size], [0, size - 1, size]]) {
      const total = { events: 0, bytes: 0, read: 0, newlines: 0 };
      for (let i = 0; i + 1 < cuts.length; i++) {
        const part = parsePass(p, cuts[i]!, cuts[i + 1]!);
        total.events += part.events;
        total.bytes += part.bytes;
        const raw = readPass(p, cuts[i]!, cuts[i + 1]!);
        total.read += raw.bytes;
        total.newlines += raw.lines;
      }
      expect({ cuts, ...total }).toEqual({ cuts, events: 500, bytes: size, read: size, newlines: 500 });
    }
  });

  test('a line longer than the read buffer is decoded whole', () => {
    const long = JSON.stringify({ big: 'y'.repeat(5 << 20) });
    const p = file('f.ndjson', `${lines[0]}\n${long}\n${lines[1]}\n`);
    expect(parsePass(p)).toMatchObject({ events: 3, lines: 3 });
    // A malformed line is an error, not a silent skip: the pass measures real decoding.
    expect(() => parsePass(file('g.ndjson', '{"a":\n'))).toThrow(SyntaxError);
  });
});
