import { describe, expect, test } from 'vitest';

import { compiledEngine, compileEventQuery } from '../../src/compile/index.js';
import { createSchema, type Schema } from '../../src/event/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import { parseQuery, type EventQuery, type Sequence } from '../../src/query/index.js';

const OPTIONS = { categoryField: 'event.category' };

function both(text: string, event: object, schema?: Schema) {
  const query = parseQuery(text).body as EventQuery;
  const options = { ...OPTIONS, schema };
  return {
    compiled: compileEventQuery(query, options, text).test(event),
    interpreted: matchesEventQuery(query, event, options),
  };
}

// Events with the corners every leaf must handle the reference's way.
const EVENTS: object[] = [
  {},
  { event: { category: 'process' } },
  { event: { category: ['network', 'process'] }, x: 'Abc', n: 5, b: true },
  { event: { category: 'process' }, x: ['abc', 'xyz'], n: [1, 5], b: [false, true] },
  { event: { category: 'process' }, x: null, n: null, b: null },
  { event: { category: 'process' }, x: [], n: [null], b: [] },
  { event: { category: 'process' }, x: 5, n: '5', b: 'true' },
  { event: { category: 'process' }, x: '5.0', n: 5.5, b: 0 },
  { event: { category: 'process' }, x: { y: 'abc' }, 'x.y': 'flat', n: -0 },
  { 'event.category': 'process', x: [{ y: 'A' }, { y: ['b', null] }], n: [] },
  { event: { category: 'process', 'x.y': 'dotted' }, x: 'İstanbul', n: 1e21 },
  { event: { category: 'process' }, x: '😀C:\\Windows\\cmd.exe', n: 0.1 },
  { event: [{ category: 'process' }, { category: 'file' }], x: 'c:\\windows\\cmd.exe' },
];

const QUERIES = [
  'process where x == "abc"',
  'process where x != "abc"',
  'process where x : "abc"',
  'process where x : ("a*", "*z", "?:\\\\windows\\\\*", "*bc*")',
  'process where x like "A*"',
  'process where x like~ "A*"',
  'process where x in ("abc", "xyz")',
  'process where x in~ ("ABC", "İSTANBUL")',
  'process where x not in ("abc", 5, true)',
  'process where x in ("5", null)',
  'process where n == 5',
  'process where n != 5',
  'process where n > 2 and n <= 5',
  'process where n < "6"',
  'process where n in (1, 5)',
  'process where b == true',
  'process where b != false',
  'process where x == null',
  'process where x != null',
  'process where ?x == "abc"',
  'process where ?x != "abc"',
  'process where ?missing != "abc"',
  'process where ?missing == ?other',
  'process where ?x < 5',
  'process where not (x == "abc" or n == 5)',
  'process where not (x : "a*" and not n > 1)',
  'process where x.y : "*"',
  'process where x regex "a.c"',
  'process where x regex~ "A.C|xyz"',
  'process where length(x) > 2',
  'process where startsWith~(x, "AB")',
  'process where stringContains(x, "b") and n + 1 == 6',
  'process where n / 2 == 2',
  'process where x == x',
  'process where -n < 0',
  'process where b',
  'process where x',
  'process where cidrMatch(x, "10.0.0.0/8")',
  'process where string(n) : "5*"',
  'process where (x == "abc") == true',
  'any where x : "abc"',
  'file where x : "abc"',
];

describe('the compiled matcher gives the interpreter\'s verdict', () => {
  test.each(QUERIES)('%s', (text) => {
    for (const event of EVENTS) {
      const { compiled, interpreted } = both(text, event);
      expect([JSON.stringify(event), compiled]).toEqual([JSON.stringify(event), interpreted]);
    }
  });

  test('cidrMatch over constant blocks, on addresses that recur', () => {
    const ips = ['10.1.2.3', '192.168.0.1', '::1', '::ffff:10.0.0.1', '10.1.2.3%eth0', '300.1.1.1', 'x', 5, null];
    const events = ips.flatMap((ip, k) => [
      { event: { category: 'process' }, ip },
      { event: { category: 'process' }, ip: [ip, ips[(k + 1) % ips.length]] },
    ]);
    const queries = [
      'process where cidrMatch(ip, "10.0.0.0/8", "::1/128")',
      'process where not cidrmatch(ip, "192.168.0.0/16")',
      'process where cidrMatch(ip, "10.0.0.0/8", 5) == null',
    ];
    for (const text of queries) {
      const query = parseQuery(text).body as EventQuery;
      // One matcher for every event, so that what it remembers of one address meets the next.
      const matcher = compileEventQuery(query, OPTIONS, text);
      for (const event of [...events, ...events]) {
        expect([text, event, matcher.test(event)]).toEqual([text, event, matchesEventQuery(query, event, OPTIONS)]);
      }
    }
    const bad = parseQuery('process where cidrMatch(ip, "10.0.0.0/99")').body as EventQuery;
    const event = { event: { category: 'process' }, ip: '10.0.0.1' };
    expect(() => matchesEventQuery(bad, event, OPTIONS)).toThrow(/Invalid CIDR/);
    expect(() => compileEventQuery(bad, OPTIONS, '').test(event)).toThrow(/Invalid CIDR/);
  });

  test('with a schema: dates, ips, aliases and null_value', () => {
    const schema = createSchema(
      { '@timestamp': 'date', ip: 'ip', v: 'version', d: 'date' },
      { alias: 'x' },
      { nv: 'N/A' },
    );
    const events = [
      { event: { category: 'process' }, '@timestamp': '2020-01-01T00:00:00Z', ip: '10.0.0.1', x: 'a', nv: null, v: '1.10.0', d: 0 },
      { event: { category: 'process' }, '@timestamp': 1577836800000, ip: '::1', x: 'b', nv: 'N/A', v: '1.9', d: '1970-01-01' },
      { event: { category: 'process' } },
    ];
    const queries = [
      'process where @timestamp == "2020-01-01"',
      'process where @timestamp >= 1577836800000',
      'process where ip == "10.0.0.1"',
      'process where ip in ("::1", "10.0.0.2")',
      'process where alias == "a"',
      'process where nv == "N/A"',
      'process where v > "1.9.5"',
      'process where d : "1970*"',
      'process where ?ip == null',
    ];
    for (const text of queries) {
      for (const event of events) {
        const { compiled, interpreted } = both(text, event, schema);
        expect([text, JSON.stringify(event), compiled]).toEqual([text, JSON.stringify(event), interpreted]);
      }
    }
  });
});

describe('rule text never becomes code', () => {
  const hostile = [
    '"; throw new Error("x"); "',
    '`${process.exit(1)}`',
    "'); globalThis.pwned = 1; ('",
    '\u2028globalThis.pwned = 1;\u2029',
    '*/ globalThis.pwned = 1; /*',
    '\\"); globalThis.pwned = 1; //',
  ];

  test.each(hostile)('a hostile literal stays a literal: %s', (literal) => {
    const quoted = JSON.stringify(literal);
    for (const text of [
      `process where x == ${quoted}`,
      `process where x : (${quoted}, "*${literal.replace(/["\\]/g, '')}*")`,
      `process where x in~ (${quoted})`,
      `process where x like ${quoted}`,
    ]) {
      const query = parseQuery(text).body as EventQuery;
      const compiled = compileEventQuery(query, OPTIONS, text);
      expect(compiled.source).not.toContain('pwned');
      expect(compiled.test({ event: { category: 'process' }, x: literal })).toBe(true);
      expect(compiled.test({ event: { category: 'process' }, x: 'other' })).toBe(false);
    }
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  test('prototype names read event data or nothing', () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf']) {
      const text = `any where \`${name}\` == null and ?\`${name}\`.name == null and a.\`${name}\` != "x"`;
      const query = parseQuery(text).body as EventQuery;
      const compiled = compileEventQuery(query, OPTIONS, text);
      expect(compiled.source).not.toContain(name);
      expect(compiled.test({ a: {} })).toBe(false); // a.<name> is absent, so != is unknown
      const own = JSON.parse(`{"a": {"${name}": "y"}}`) as object;
      expect(compiled.test(own)).toBe(true);
      expect(compiled.test(own)).toBe(matchesEventQuery(query, own, OPTIONS));
    }
  });

  test('a pathological regex on a long value runs in linear time', () => {
    const query = parseQuery('any where x regex "(a+)+b"').body as EventQuery;
    const compiled = compileEventQuery(query, OPTIONS);
    const started = performance.now();
    expect(compiled.test({ x: 'a'.repeat(100_000) })).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('a regex the linear engine refuses still runs, on the automaton, in the same order', () => {
    const text = 'any where x == "a" and y regex "[a-z]{1,254}"';
    const query = parseQuery(text).body as EventQuery;
    const compiled = compileEventQuery(query, OPTIONS, text);
    expect(compiled.test({ x: 'b', y: 'abc' })).toBe(false);
    expect(compiled.test({ x: 'a', y: 'abc' })).toBe(true);
    expect(compiled.test({ x: 'a', y: 'ab1' })).toBe(false);
    expect(compiled.test({ x: 'a', y: 'a'.repeat(300) })).toBe(false);
  });
});

describe('generated source', () => {
  const golden = [
    ['equality-and-list', 'process where host.os.type == "windows" and process.name : ("cmd.exe", "*\\\\powershell.exe")'],
    ['not-in-and-null', 'file where not file.extension in~ ("TMP", "swp") and ?file.path != null'],
    ['regex-and-call', 'network where destination.port > 1024 and length(process.name) > 3 or dns.question.name regex ".*[.]onion"'],
  ];

  test.each(golden)('matches the golden file %s', async (name, text) => {
    const query = parseQuery(text).body as EventQuery;
    const compiled = compileEventQuery(query, OPTIONS, text);
    await expect(`// ${text}\n${compiled.source}`).toMatchFileSnapshot(`../golden/${name}.js`);
  });

  test('and/or operands run cheapest first: equality before patterns before regex', () => {
    const text = 'any where a regex "x.*" and b : "*y*" and c == "z"';
    const source = compileEventQuery(parseQuery(text).body as EventQuery, OPTIONS, text).source;
    const at = (needle: string) => source.indexOf(needle);
    expect(at('V[2]')).toBeLessThan(at('V[1]'));
    expect(at('L[1]')).toBeLessThan(at('V[0]'));
  });
});

describe('compiledEngine', () => {
  test('gives compiled stage predicates and the reference keys', () => {
    const engine = compiledEngine(OPTIONS);
    const query = parseQuery('process where x : "a*"').body as EventQuery;
    const predicate = engine.predicate(query);
    expect(engine.predicate(query)).toBe(predicate); // compiled once per stage
    expect(predicate({ event: { category: 'process' }, x: 'ABC' })).toBe(true);
    const sequence = parseQuery('sequence by x [any where true] [any where true]').body as Sequence;
    const keys = engine.keys(sequence.by);
    expect(keys({ x: ['a', 'b'] })).toEqual([['a'], ['b']]);
  });
});
