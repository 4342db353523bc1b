import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import {
  compileLuceneRegex,
  parseLuceneRegex,
  translateLuceneRegex,
} from '../../src/event/index.js';
import { tryLinearRegExp } from '../../src/event/linear-regexp.js';
import { compileNfa } from '../../src/event/regex-nfa.js';
import type { RegexNode } from '../../src/event/regex-nfa.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import type { EventQuery } from '../../src/query/index.js';
import { parseQuery } from '../../src/query/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rulesFile = path.resolve(root, '../shared/rules/eql-rules.jsonl');
const present = existsSync(rulesFile);
if (!present) console.warn(`skipping the rule pack's regular expressions: ${rulesFile} is missing`);

interface Rule {
  name: string;
  query: string;
}

interface Found {
  rule: string;
  pattern: string;
  caseInsensitive: boolean;
}

function loadRules(): Rule[] {
  return readFileSync(rulesFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Rule);
}

/** Every `regex` and `regex~` pattern in the rules' syntax trees. */
function regexPatterns(rules: Rule[]): Found[] {
  const found: Found[] = [];
  const walk = (node: unknown, rule: string): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, rule);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n['kind'] === 'match' && n['op'] === 'regex') {
      for (const p of n['patterns'] as Array<{ value: string }>) {
        found.push({ rule, pattern: p.value, caseInsensitive: n['caseInsensitive'] as boolean });
      }
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'span') walk(value, rule);
  };
  for (const rule of rules) walk(parseQuery(rule.query), rule.name);
  return found;
}

/** A small deterministic generator, so a failure names a value that reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const inSet = (ranges: readonly (readonly [number, number])[], cp: number): boolean =>
  ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/** A value the tree matches by construction, drawn mostly from the pattern's own characters. */
function sample(node: RegexNode, rand: () => number, palette: number[]): string {
  switch (node.kind) {
    case 'set': {
      const own = palette.filter((cp) => inSet(node.ranges, cp));
      if (own.length > 0 && rand() < 0.8) {
        return String.fromCodePoint(own[Math.floor(rand() * own.length)]!);
      }
      // Any well-formed member: no lone surrogates, which V8's translation is not meant for.
      const ranges = node.ranges.filter(([lo, hi]) => lo < 0xd800 || hi > 0xdfff);
      const [lo, hi] = ranges[Math.floor(rand() * ranges.length)]!;
      let cp = lo + Math.floor(rand() * (hi - lo + 1));
      if (cp >= 0xd800 && cp <= 0xdfff) cp = lo < 0xd800 ? lo : hi;
      return String.fromCodePoint(cp);
    }
    case 'concat':
      return node.items.map((item) => sample(item, rand, palette)).join('');
    case 'union':
      return sample(node.items[Math.floor(rand() * node.items.length)]!, rand, palette);
    case 'repeat': {
      const extra = node.max === null ? 4 : Math.min(node.max - node.min, 4);
      const count = node.min + Math.floor(rand() * (extra + 1));
      let out = '';
      for (let i = 0; i < count; i++) out += sample(node.item, rand, palette);
      return out;
    }
  }
}

/** A near miss: one code point replaced, inserted or removed. */
function mutate(value: string, rand: () => number, palette: number[]): string {
  const chars = Array.from(value);
  const at = Math.floor(rand() * (chars.length + 1));
  const pick = String.fromCodePoint(palette[Math.floor(rand() * palette.length)]!);
  const choice = rand();
  if (choice < 0.4 && at < chars.length) chars[at] = pick;
  else if (choice < 0.7 || chars.length === 0) chars.splice(at, 0, pick);
  else chars.splice(Math.min(at, chars.length - 1), 1);
  return chars.join('');
}

function paletteOf(pattern: string): number[] {
  const own = Array.from(pattern + pattern.toUpperCase() + pattern.toLowerCase());
  const extra = [' ', 'x', '0', '9', 'é', '😀', '\n'];
  return [...new Set([...own, ...extra].map((c) => c.codePointAt(0)!))];
}

describe.skipIf(!present)("the rule pack's regular expressions", () => {
  const rules = present ? loadRules() : [];
  const found = present ? regexPatterns(rules) : [];

  it('should find every regex pattern and compile each one', () => {
    expect(found).toHaveLength(41);
    const engines = found.map((f) => compileLuceneRegex(f.pattern, f.caseInsensitive).engine);
    expect(engines.filter((e) => e === 'nfa').length).toBeGreaterThan(0);
  });

  it('should give the same answer on both engines, for values built from each pattern', () => {
    for (const [index, { pattern, caseInsensitive }] of found.entries()) {
      const node = parseLuceneRegex(pattern, caseInsensitive);
      const nfa = compileNfa(node);
      const source = translateLuceneRegex(pattern, caseInsensitive);
      // V8's answer where its linear engine runs the pattern; else its backtracking engine,
      // safe here because the values are short.
      const v8 = tryLinearRegExp(source) ?? new RegExp(source);
      const palette = paletteOf(pattern);
      const rand = random(index + 1);
      let matched = 0;
      for (let i = 0; i < 400; i++) {
        const value = sample(node, rand, palette);
        // Built to match: both must accept it.
        expect([pattern, value, nfa.test(value)]).toEqual([pattern, value, true]);
        expect([pattern, value, v8.test(value)]).toEqual([pattern, value, true]);
        const near = mutate(value, rand, palette);
        const answer = nfa.test(near);
        if (answer) matched++;
        expect([pattern, near, answer]).toEqual([pattern, near, v8.test(near)]);
        expect(compileLuceneRegex(pattern, caseInsensitive).test(near)).toBe(answer);
      }
      // Most near misses still match a pattern like `.*x.*`; none at all would be suspicious.
      expect(matched).toBeLessThan(400);
    }
  });

  it('should match every pattern against a 100,000-character value quickly', () => {
    const values = ['a', ' ', '.a1 ', '😀', '1.2.3.4:5'].map((unit) =>
      unit.repeat(Math.ceil(100_000 / unit.length)),
    );
    const started = performance.now();
    for (const { pattern, caseInsensitive } of found) {
      const regex = compileLuceneRegex(pattern, caseInsensitive);
      const nfa = compileNfa(parseLuceneRegex(pattern, caseInsensitive));
      for (const value of values) expect(regex.test(value)).toBe(nfa.test(value));
    }
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  const ruleQuery = (name: string): EventQuery => {
    const rule = rules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule named ${name}`);
    return parseQuery(rule.query).body as EventQuery;
  };
  const matches = (query: EventQuery, event: object): boolean =>
    matchesEventQuery(query, event, { categoryField: 'event.category' });

  it('should run "Whitespace Padding in Process Command Line"', () => {
    const query = ruleQuery('Whitespace Padding in Process Command Line');
    const event = (commandLine: string): object => ({
      event: { category: 'process', type: 'start' },
      process: { command_line: commandLine },
    });
    expect(matches(query, event('cmd.exe   /c   whoami   /all'))).toBe(true);
    expect(matches(query, event(`powershell${' '.repeat(25)}-enc AAAA`))).toBe(true);
    expect(matches(query, event('cmd.exe /c whoami /all'))).toBe(false);
    expect(matches(query, event('cmd.exe   /c whoami'))).toBe(false);
  });

  it('should run "Creation of Hidden Files and Directories via CommandLine"', () => {
    const query = ruleQuery('Creation of Hidden Files and Directories via CommandLine');
    const event = (args: string[]): object => ({
      event: { category: 'process', type: 'start', action: 'exec' },
      host: { os: { type: 'linux' } },
      process: { name: 'touch', args, working_directory: '/tmp' },
    });
    expect(matches(query, event(['touch', '.Hidden_Payload']))).toBe(true);
    expect(matches(query, event(['touch', `.${'x'.repeat(255)}`]))).toBe(true);
    expect(matches(query, event(['touch', `.${'x'.repeat(256)}`]))).toBe(false);
    expect(matches(query, event(['touch', 'visible.txt']))).toBe(false);
    expect(matches(query, event(['touch', '.x']))).toBe(false);
  });
});
