import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { compileWildcard, createSchema } from '../../src/event/index.js';
import { parseQuery } from '../../src/query/index.js';
import {
  describeLiteral,
  extractLiterals,
  packLiterals,
  type ExtractOptions,
} from '../../src/compile/prefilter.js';
import { implies, simplify, type PrefilterLiteral } from '../../src/compile/prefilter-literals.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(root, '../shared');

/** The literal set of a query, each literal as `describeLiteral` writes it, sorted. */
function literals(query: string, options?: ExtractOptions): string[] | null {
  const set = extractLiterals(parseQuery(query), options);
  return set === null ? null : set.literals.map(describeLiteral).sort();
}

const where = (condition: string): string => `any where ${condition}`;

describe('extractLiterals', () => {
  it('should take an equality value whole, quoted on both sides, case-sensitive', () => {
    expect(literals(where('process.name == "cmd.exe"'))).toEqual(['"cmd.exe"']);
    expect(literals(where('"cmd.exe" == process.name'))).toEqual(['"cmd.exe"']);
  });

  it('should unite the values of in, folded for in~', () => {
    expect(literals(where('a in ("x.exe", "y.exe")'))).toEqual(['"x.exe"', '"y.exe"']);
    expect(literals(where('a in~ ("X.EXE", "y.exe")'))).toEqual(['"x.exe" /i', '"y.exe" /i']);
  });

  it('should take the longest run of a wildcard pattern, anchored where the pattern is', () => {
    expect(literals(where('a : "C:\\\\Windows\\\\*\\\\cmd.exe"'))).toEqual([
      '"c:\\\\windows\\\\… /i',
    ]);
    expect(literals(where('a like "*/Library/Keychains/*"'))).toEqual([
      '…/Library/Keychains/…',
    ]);
    expect(literals(where('a like~ "*.EXE"'))).toEqual(['….exe" /i']);
    expect(literals(where('a : "cmd.exe"'))).toEqual(['"cmd.exe" /i']);
  });

  it('should give nothing for negations, inequalities, orderings and nulls', () => {
    expect(literals(where('not a == "abcdef"'))).toBeNull();
    expect(literals(where('a != "abcdef"'))).toBeNull();
    expect(literals(where('a not in ("abcdef")'))).toBeNull();
    expect(literals(where('a > "abcdef"'))).toBeNull();
    expect(literals(where('a == null'))).toBeNull();
    expect(literals(where('a in ("abcdef", null)'))).toBeNull();
    expect(literals(where('a == ?b'))).toBeNull();
  });

  it('should push not inward through double negation and De Morgan', () => {
    expect(literals(where('not a != "abcdef"'))).toEqual(['"abcdef"']);
    expect(literals(where('not a not in ("abcdef")'))).toEqual(['"abcdef"']);
    expect(literals(where('not (a != "abcdef" or b == 1)'))).toEqual(['"abcdef"']);
  });

  it('should give nothing where a number could match without the text', () => {
    expect(literals(where('a == 5'))).toBeNull();
    expect(literals(where('a == "5"'))).toBeNull();
    expect(literals(where('a in ("1.5", "abc")'))).toBeNull();
    expect(literals(where('a : "12*"'))).toBeNull();
    expect(literals(where('a : "inf*"'))).toBeNull();
    expect(literals(where('a regex "[0-9]+\\\\.5"'))).toBeNull();
    // A letter rules numbers out, so the digits may be used.
    expect(literals(where('a : "12345x*"'))).toEqual(['"12345x… /i']);
  });

  it('should drop the anchors of a pattern that can match true or false', () => {
    expect(literals(where('a : "tr*"'))).toEqual(['…tr… /i']);
    expect(literals(where('a like "fal?e"'))).toEqual(['…fal…']);
    expect(literals(where('a like "f*a*l*s*e"'))).toEqual(['…f…']);
    expect(literals(where('a like "xfalse*"'))).toEqual(['"xfalse…']);
  });

  it('should drop the anchors whenever the pattern matches true or false', () => {
    const pattern = fc.array(fc.constantFrom('t', 'r', 'u', 'f', 'a', 'l', 's', 'e', 'T', 'x', '*', '?'), {
      minLength: 1, maxLength: 9,
    }).map((chars) => chars.join(''));
    fc.assert(fc.property(pattern, fc.boolean(), (p, ci) => {
      const set = extractLiterals(parseQuery(where(`a ${ci ? ':' : 'like'} "${p}"`)));
      if (set === null) return;
      const wildcard = compileWildcard(p, ci);
      const bare = wildcard.test('true') || wildcard.test('false');
      for (const literal of set.literals) {
        if (bare) expect({ p, ci, anchored: literal.atStart || literal.atEnd }).toEqual({ p, ci, anchored: false });
      }
      // A pattern with no wildcard keeps both anchors unless it is bare.
      if (!bare && !/[*?]/.test(p)) {
        expect({ p, ci, anchors: set.literals.map((l) => l.atStart && l.atEnd) }).toEqual({ p, ci, anchors: [true] });
      }
    }), { numRuns: 2000 });
  });

  it('should give nothing for fields typed by meaning or with a null_value', () => {
    expect(literals(where('@timestamp == "2020-01-01"'))).toBeNull();
    const schema = createSchema({ 'source.ip': 'ip' }, {}, { 'user.name': 'N/A' });
    expect(literals(where('source.ip == "::1"'), { schema })).toBeNull();
    expect(literals(where('user.name : "N/A"'), { schema })).toBeNull();
    expect(literals(where('user.name == "nobody"'), { schema })).toBeNull();
  });

  it('should keep the most selective conjunct of and, and unite or', () => {
    expect(literals(where('host.os.type == "macos" and a : "*keychain-db*"'))).toEqual([
      '…keychain-db… /i',
    ]);
    expect(literals(where('a == "abcdef" or b == "ghijkl"'))).toEqual(['"abcdef"', '"ghijkl"']);
    expect(literals(where('a == "abcdef" or b > 1'))).toBeNull();
    expect(literals(where('(a == "abcdef" or b > 1) and c == 1'))).toBeNull();
  });

  it('should use the category when the condition gives nothing, case-sensitive', () => {
    expect(literals('process where true')).toEqual(['"process"']);
    expect(literals('any where true')).toBeNull();
  });

  it('should use string functions over a field, and nothing else computed', () => {
    expect(literals(where('stringContains(a, "evil")'))).toEqual(['…evil…']);
    expect(literals(where('startsWith~(a, "EVIL")'))).toEqual(['"evil… /i']);
    expect(literals(where('endsWith(a, ".ps1")'))).toEqual(['….ps1"']);
    expect(literals(where('stringContains(concat(a, b), "evil")'))).toBeNull();
    expect(literals(where('length(a) == 12345'))).toBeNull();
    expect(literals(where('concat(a, "x") == "abcx"'))).toBeNull();
  });

  it('should prove regex runs necessary, and only those', () => {
    expect(literals(where('a regex ".*keychain[0-9]+"'))).toEqual(['…keychain…']);
    expect(literals(where('a regex~ "[a-f0-9]{8}\\\\.EXE"'))).toEqual(['….exe… /i']);
    expect(literals(where('a regex "abc(def)?"'))).toEqual(['…abc…']);
    expect(literals(where('a regex "ab+cde"'))).toEqual(['…bcde…']);
    expect(literals(where('a regex "(foo|barbaz)x"'))).toEqual(['…barbaz…', '…foo…']);
    expect(literals(where('a regex "foo|.*"'))).toBeNull();
    expect(literals(where('a regex "(foo)*"'))).toBeNull();
  });

  it('should cut case-insensitive literals at non-ASCII letters, which may fold to ASCII', () => {
    // The Kelvin sign folds to `k`; the ASCII runs around it remain.
    expect(literals(where('a : "*kelvin\u212aabc*"'))).toEqual(['…kelvinkabc… /i']);
    expect(literals(where('a : "*ÉCOLE*"'))).toEqual(['…cole… /i']);
    expect(literals(where('a == "École"'))).toEqual(['"École"']);
  });

  it('should unite the stages of a sequence, until included', () => {
    const q =
      'sequence by host.id [process where process.name == "aaaaaa"] ' +
      '[network where destination.port == 443] until [process where process.name == "bbbbbb"]';
    expect(literals(q)).toEqual(['"aaaaaa"', '"bbbbbb"', '"network"']);
  });

  it('should unite a pack, and give nothing when one rule has nothing', () => {
    const plans = ['any where a == "abcdef"', 'any where b : "*ghijkl*"'].map((text) => ({
      query: parseQuery(text),
    }));
    expect(packLiterals(plans)?.literals.map(describeLiteral)).toEqual([
      '"abcdef"',
      '…ghijkl… /i',
    ]);
    expect(packLiterals([...plans, { query: parseQuery('any where x > 1') }])).toBeNull();
  });

  it('should give nothing for a pack whose set nearly every line holds', () => {
    // `"process"` is spelled by every line with a `process` object: searching is no use.
    const plans = ['any where a == "abcdef"', 'process where process.pid > 4', 'file where file.size > 1'].map((text) => ({
      query: parseQuery(text),
    }));
    expect(packLiterals(plans)).toBeNull();
    expect(packLiterals(plans.slice(0, 1))).not.toBeNull();
  });

  it('should drop literals another literal of the set covers', () => {
    expect(literals(where('a : ("*cmd.exe*", "c:\\\\cmd.exe")'))).toEqual(['…cmd.exe… /i']);
  });
});

const rulesFile = path.join(shared, 'rules/eql-rules.jsonl');
if (!existsSync(rulesFile)) console.warn(`skipping Elastic rules: ${rulesFile} is missing`);

describe.skipIf(!existsSync(rulesFile))('extractLiterals on the Elastic rules', () => {
  it('should never throw, and find a prefilter for most rules', () => {
    const lines = readFileSync(rulesFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
    let parsed = 0;
    let withSet = 0;
    for (const line of lines) {
      const record = JSON.parse(line) as { query?: unknown };
      if (typeof record.query !== 'string') continue;
      let query;
      try {
        query = parseQuery(record.query);
      } catch {
        continue;
      }
      parsed++;
      if (extractLiterals(query) !== null) withSet++;
    }
    console.info(`prefilter literals for ${withSet} of ${parsed} parsed Elastic rules`);
    expect(parsed).toBeGreaterThan(800);
    expect(withSet / parsed).toBeGreaterThan(0.6);
  });
});

const seed = path.join(shared, 'seeds/000_5c3b739e41ce6fb8.txt');
const seedToml = path.join(root, 'corpus/rules/macos_keychain_credentials_access.toml');

describe.skipIf(!existsSync(seedToml))('the keychain rule', () => {
  it('should search only keychain literals', async () => {
    const { loadRules } = await import('../../src/plan/index.js');
    const loaded = await loadRules([seedToml]);
    const rule = loaded.rules[0];
    expect(rule).toBeDefined();
    const set = extractLiterals(parseQuery(rule!.query));
    expect(set).not.toBeNull();
    for (const literal of set!.literals) expect(literal.text).toContain('keychain');
    if (!existsSync(seed)) console.warn(`seed ${seed} is missing; the TOML copy was used`);
  });
});

describe('simplify', () => {
  const literal: fc.Arbitrary<PrefilterLiteral> = fc
    .record({
      text: fc.string({ unit: fc.constantFrom('a', 'B', 'c', '.', 'é', 'K', '\u212A', 'dd', 'x', 'y'), maxLength: 5 }),
      caseInsensitive: fc.boolean(),
      atStart: fc.boolean(),
      atEnd: fc.boolean(),
    })
    .map((l) => (l.caseInsensitive ? { ...l, text: l.text.toLowerCase().replace(/[^\x00-\x7f]/g, '') } : l));

  /** The pair-by-pair definition `simplify` must agree with, however it finds the pairs. */
  const pairwise = (literals: readonly PrefilterLiteral[]): PrefilterLiteral[] => {
    const unique = new Map<string, PrefilterLiteral>();
    for (const l of literals) {
      unique.set(`${l.caseInsensitive ? 'i' : 's'}${l.atStart ? '^' : ''}${l.atEnd ? '$' : ''}:${l.text}`, l);
    }
    const all = [...unique.values()];
    return all.filter((b, i) => !all.some((a, j) => j !== i && implies(b, a) && (!implies(a, b) || j < i)));
  };

  it('should keep, of large sets as of small ones, the literals the pairwise rule keeps', () => {
    fc.assert(
      fc.property(fc.array(literal, { minLength: 30, maxLength: 120 }), (literals) => {
        expect(simplify(literals)).toEqual(pairwise(literals));
      }),
      { numRuns: 300 },
    );
  });
});
