/**
 * The native line filter against the JavaScript prefilter and the per-line loop's shape
 * check, line by line and for every search kernel this CPU has: on generated ECS events
 * with real rule packs, on random lines, and on the escapes that can hide a literal.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';

import {
  compilePrefilter,
  packLiterals,
  type LiteralSet,
  type Prefilter,
  type PrefilterLiteral,
} from '../../src/compile/prefilter.js';
import { LINE_KIND, type FilterKernel } from '../../src/native/index.js';
import { loadRules, planRules } from '../../src/plan/index.js';
import { eventStream } from '../../scripts/generate-corpus.js';
import { frame, native, type Framed } from './helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SEED = path.resolve(ROOT, '../shared/seeds/000_5c3b739e41ce6fb8.txt');
const ELASTIC = path.resolve(ROOT, '../shared/rules/toml');
const DEMO = path.resolve(ROOT, 'corpus/rules');
if (!existsSync(SEED)) console.warn(`seed page not found at ${SEED}: not filtering with it`);
if (!existsSync(ELASTIC)) console.warn(`Elastic rules not found at ${ELASTIC}: demo pack only`);

/** The kernels this CPU and build have ('auto' picks one of them at run time). */
const KERNELS: FilterKernel[] = (['avx2', 'sse2', 'scalar'] as const).filter((kernel) => {
  try {
    native?.createLineFilter(null, kernel);
    return native !== null;
  } catch {
    return false;
  }
});

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

/** What `scanLines` decides for each line, with the JavaScript prefilter. */
function expected(pf: Prefilter | null, f: Framed): { kinds: number[]; trimmed: [number, number][] } {
  const kinds: number[] = [];
  const trimmed: [number, number][] = [];
  for (let i = 0; i < f.count; i++) {
    let start = f.starts[i]!;
    let end = f.ends[i]!;
    while (end > start && (f.buf[end - 1] === CR || f.buf[end - 1] === SPACE || f.buf[end - 1] === TAB)) end--;
    while (start < end && (f.buf[start] === SPACE || f.buf[start] === TAB)) start++;
    trimmed.push([start, end]);
    if (start === end) kinds.push(LINE_KIND.blank);
    else if (pf === null || pf.testLine(f.buf, start, end)) kinds.push(LINE_KIND.candidate);
    else kinds.push(f.buf[start] === 0x7b && f.buf[end - 1] === 0x7d ? LINE_KIND.shaped : LINE_KIND.unshaped);
  }
  return { kinds, trimmed };
}

/**
 * Expects every kernel's classification, listed ranges and per-line test to be the
 * JavaScript one; returns how many lines were candidates.
 */
function expectAgreement(pf: Prefilter | null, f: Framed, what: string): number {
  const want = expected(pf, f);
  const listed = (all: boolean) => want.kinds.flatMap((kind, i) =>
    kind === LINE_KIND.candidate || (all && kind !== LINE_KIND.blank) ? [[i, ...want.trimmed[i]!]] : []);
  const show = (i: number) => `${what}, line ${i}: ${JSON.stringify(f.buf.toString('utf8', f.starts[i], f.ends[i]))}`;
  for (const kernel of KERNELS) {
    const filter = native!.createLineFilter(pf, kernel);
    for (const all of [false, true]) {
      const c = filter.classify(f.buf, f.starts, f.ends, f.count, all);
      const kinds = Array.from(c.kinds.subarray(0, f.count));
      const differ = kinds.findIndex((k, i) => k !== want.kinds[i]);
      expect(differ, differ < 0 ? what : `${kernel}: ${show(differ)}\n${filter.describe()}`).toBe(-1);
      const got = Array.from({ length: c.listed }, (_, k) => [c.index[k]!, c.starts[k]!, c.ends[k]!]);
      expect(got, `${kernel}, ${what}`).toEqual(listed(all));
      const tally = [0, 1, 2, 3].map((kind) => want.kinds.filter((k) => k === kind).length);
      expect(Array.from(c.tally), `${kernel}, ${what}`).toEqual(tally);
    }
    for (let i = 0; i < f.count; i++) {
      const js = pf === null || pf.testLine(f.buf, f.starts[i]!, f.ends[i]!);
      if (filter.test(f.buf, f.starts[i]!, f.ends[i]!) !== js) expect.fail(`${kernel} test(): ${show(i)}`);
    }
  }
  return want.kinds.filter((k) => k === LINE_KIND.candidate).length;
}

async function packPrefilter(paths: string[]): Promise<Prefilter> {
  const loaded = await loadRules(paths);
  return compilePrefilter(packLiterals(planRules(loaded.rules).plans));
}

const literal = (text: string, caseInsensitive = true, atStart = false, atEnd = false): PrefilterLiteral =>
  ({ text, caseInsensitive, atStart, atEnd });
const set = (...literals: PrefilterLiteral[]): LiteralSet => ({ literals });

describe.skipIf(!native)('the native line filter', () => {
  test('has at least the scalar kernel, and names the one it runs', () => {
    expect(KERNELS).toContain('scalar');
    const filter = native!.createLineFilter(compilePrefilter(set(literal('keychain'))));
    expect(KERNELS).toContain(filter.kernel);
    expect(filter.describe()).toMatch(/pair .*: 2 patterns\n.*\\u escapes\nkernel /);
  });

  test('agrees with the prefilter on generated events, for the seed rule and whole packs', async () => {
    const lines = [...eventStream({ seed: 7, size: 2500, plantRate: 200 })];
    // Padding, CRLF, blank and broken lines, so that trimming and shape are exercised too.
    lines.push('', '  \t', '\r', '  {"a":"keychain"}\t\r', '{"cut":"login.keych', 'garbage', '[1,2]');
    const framed = frame(lines);
    const filters: [string, Prefilter | null][] = [
      ['no prefilter', null],
      ['no literals', compilePrefilter(null)],
      ['demo pack', await packPrefilter([DEMO])],
    ];
    if (existsSync(SEED)) filters.push(['seed rule', await packPrefilter([SEED])]);
    if (existsSync(ELASTIC)) filters.push(['Elastic pack', await packPrefilter([ELASTIC, DEMO])]);
    for (const file of (await loadRules([DEMO])).rules.slice(0, 12)) {
      filters.push([file.id, compilePrefilter(packLiterals(planRules([file]).plans))]);
    }
    for (const [what, pf] of filters) {
      const candidates = expectAgreement(pf, framed, what);
      if (what === 'seed rule') {
        // Selective: a few planted lines among thousands.
        expect(candidates).toBeGreaterThan(0);
        expect(candidates).toBeLessThan(lines.length / 10);
      }
    }
  }, 120_000);

  test('agrees on lines cut at every length around the SIMD blocks, mid-buffer and at its end', () => {
    const pf = compilePrefilter(set(literal('keychain'), literal('/dev/tcp', false)));
    const lines: string[] = [];
    for (let length = 8; length < 80; length++) {
      for (let at = 0; at + 8 <= length; at += 3) {
        lines.push('x'.repeat(at) + 'KeyChain' + 'y'.repeat(length - at - 8));
        lines.push('x'.repeat(at) + 'KeyChai'); // cut short by the line's end
        lines.push('\\'.repeat(at % 4) + 'u006b' + 'x'.repeat(length - 6 - (at % 4)));
      }
    }
    for (const last of lines.slice(0, 200)) {
      expectAgreement(pf, frame(['{"a":1}', last]), 'last line');
    }
    expect(expectAgreement(pf, frame(lines), 'mid-buffer')).toBeGreaterThan(100);
  });

  test('does not see patterns or escapes across the range it is given', () => {
    const pf = compilePrefilter(set(literal('keychain'), literal('/dev/tcp', false)));
    const buf = Buffer.from('aakeychainbb \\\\u006b \\/dev\\/tcp');
    for (const kernel of KERNELS) {
      const filter = native!.createLineFilter(pf, kernel);
      for (let start = 0; start <= buf.length; start++) {
        for (let end = start; end <= buf.length; end++) {
          expect(filter.test(buf, start, end), `${kernel} [${start}, ${end})`).toBe(pf.testLine(buf, start, end));
        }
      }
    }
  });

  test('agrees on escapes: \\u-hidden letters, \\/ and backslash runs', () => {
    const pf = compilePrefilter(set(
      literal('keychain'), literal('/library/keychains/'), literal('cmd.exe', false, true, true),
      literal('kid', true), // its `i` may be spelled `İ`, its `k` a Kelvin sign
    ));
    const lines = [
      '{"a":"\\u006beychain"}', '{"a":"\\u006Beychain"}', '{"a":"\\u212aeychain"}',
      '{"a":"\\\\u006beychain"}', '{"a":"\\\\\\u006beychain"}', '{"a":"\\\\\\\\u006beychain"}',
      '{"a":"\\u00e9 nothing"}', '{"a":"\\u00"}', '{"a":"\\u', '\\u', '\\', '{"a":"\\uZZZZ"}',
      '{"a":"\\u0063md.exe"}', '{"a":"\\"cmd.exe\\""}', '{"a":"cmd.exe"}', '{"a":"CMD.EXE"}',
      '{"p":"\\/Library\\/Keychains\\/x"}', '{"p":"\\\\/Library/Keychains/x"}', '{"p":"\\/"}',
      '{"p":"/library/keychains\\/"}', '{"p":"/Library/KeyChains/"}', '{"p":"/Library/Keychain/"}',
      `{"k":"\u212aid"}`, `{"k":"k\u0130d"}`, `{"k":"ki\u0130"}`, `{"k":"K\u0130"}`, '{"k":"\\u0130"}',
      '{"k":"\\u0130\\u212A"}', '{"k":"\\\\\\\\\\\\"}', '{"k":"a\\\\"}',
    ];
    const candidates = expectAgreement(pf, frame(lines), 'escapes');
    expect(candidates).toBeGreaterThan(10);
    expect(candidates).toBeLessThan(lines.length);
  });

  test('agrees on random literal sets and random lines', () => {
    const pieces = [
      'key', 'chain', 'KEY', 'Chain', '\u212a', '\u0130', 'i', 'I', 'k', 'K', '/', '\\/', '\\', '\\\\',
      '\\u006b', '\\u006B', '\\u0069', '\\u0130', '\\u212a', '\\u00', '\\uzz', '"', 'cmd.exe', 'é',
      ' ', '\t', '\r', '{', '}', ':', ',', 'x', 'dev', 'tcp', '😀', 'ß',
    ];
    const literalArb = fc.record({
      text: fc.array(fc.constantFrom('key', 'chain', 'k', 'i', '/', 'dev', 'tcp', 'cmd.exe', 'é', '"', 'x', 'ki', '\\'),
        { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
      caseInsensitive: fc.boolean(),
      atStart: fc.boolean(),
      atEnd: fc.boolean(),
    });
    const lineArb = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(
        fc.option(fc.array(literalArb, { minLength: 1, maxLength: 12 }), { freq: 8 }),
        fc.array(lineArb, { minLength: 1, maxLength: 30 }),
        (literals, lines) => {
          const pf = literals === null ? null : compilePrefilter({ literals });
          expectAgreement(pf, frame(lines), JSON.stringify(literals));
        },
      ),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  }, 120_000);

  test('takes many literals to a Wu-Manber search and still finds each', () => {
    const words = Array.from({ length: 400 }, (_, i) => `needle${i}x${'q'.repeat(i % 7)}`);
    const pf = compilePrefilter({ literals: words.map((text, i) => literal(text, i % 2 === 0)) });
    const lines = words.flatMap((word, i) => [
      JSON.stringify({ pad: 'z'.repeat(i % 50), v: word.toUpperCase() }),
      JSON.stringify({ v: word.slice(0, -1) }),
    ]);
    expect(native!.createLineFilter(pf).describe()).toMatch(/Wu-Manber/);
    expect(expectAgreement(pf, frame(lines), 'many literals')).toBeGreaterThan(150);
  });
});
