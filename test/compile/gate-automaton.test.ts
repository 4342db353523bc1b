/**
 * The literal gate's automaton against a plain search of the folded text, on random words and
 * texts over a small alphabet, so that words overlap and nest often.
 */
import { describe, expect, test } from 'vitest';

import { Automaton, wordOf } from '../../src/compile/gate-automaton.js';

const START = -1;
const END = -2;

/** A seeded generator (mulberry32), so that a failure can be run again. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The text's units as the automaton folds them, between the start and end symbols. */
function folded(text: string): number[] {
  const units = [START];
  for (const ch of text) {
    if (ch === '\u212a') units.push(0x6b);
    else if (ch === '\u0130') units.push(0x69, 0x307);
    else for (let k = 0; k < ch.length; k++) units.push(ch.charCodeAt(k));
  }
  units.push(END);
  return units.map((u) => (u >= 0x41 && u <= 0x5a ? u + 0x20 : u));
}

function holds(text: number[], word: number[]): boolean {
  for (let i = 0; i + word.length <= text.length; i++) {
    if (word.every((u, k) => text[i + k] === u)) return true;
  }
  return false;
}

describe('Automaton', () => {
  test.each([1, 2, 3, 4, 5])('finds exactly the words a plain search finds (seed %i)', (seed) => {
    const next = random(seed);
    const pick = (chars: string): string => chars[Math.floor(next() * chars.length)]!;
    const words = Array.from({ length: 40 }, (_, id) => {
      const text = Array.from({ length: 1 + Math.floor(next() * 4) }, () => pick('abki')).join('');
      const literal = { text, caseInsensitive: true, atStart: next() < 0.2, atEnd: next() < 0.2 };
      return { units: wordOf(literal, text), id };
    });
    const automaton = new Automaton(words);
    for (let t = 0; t < 300; t++) {
      const text = Array.from({ length: Math.floor(next() * 12) }, () => pick('abkiABKI\u212a\u0130é')).join('');
      const seen = new Int32Array(words.length);
      const out: number[] = [];
      automaton.search(text, seen, t + 1, out);
      const units = folded(text);
      const want = words.filter((w) => holds(units, w.units));
      expect(out.sort((a, b) => a - b)).toEqual(want.map((w) => w.id));
      expect([...seen.keys()].filter((id) => seen[id] === t + 1)).toEqual(want.map((w) => w.id));
    }
  });

  test('an empty word is found in every text', () => {
    const automaton = new Automaton([{ units: [], id: 0 }, { units: [0x61], id: 1 }]);
    const seen = new Int32Array(2);
    const out: number[] = [];
    automaton.search('xyz', seen, 1, out);
    expect(out).toEqual([0]);
  });
});
