/**
 * The parser backends: each reject reason, and the same event or the same reason from every
 * backend for the same bytes, including hostile ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  createParser,
  DEFAULT_MAX_DEPTH,
  DEFAULT_PARSER,
  PARSER_NAMES,
  simdjsonIsNative,
  type ParseResult,
  type Parser,
} from '../../../src/event/parse/index.js';

const parsers = PARSER_NAMES.map((name) => createParser(name));

function parse(parser: Parser, input: string | Uint8Array): ParseResult {
  const buf = typeof input === 'string' ? Buffer.from(input) : Buffer.from(input);
  // Padding around the entry checks that parsers stay inside [start, end).
  const padded = Buffer.concat([Buffer.from('}{x'), buf, Buffer.from('"]\0')]);
  return parser.parse(padded, 3, 3 + buf.length);
}

function reasonOf(result: ParseResult): string {
  return result.ok ? 'ok' : result.reason;
}

const nested = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe.each(parsers)('the $name backend', (parser) => {
  it('parses an object line into the event JSON.parse gives', () => {
    const text = '{"process":{"name":"cmd.exe","args":["/c","dir"]},"n":-1.5e3,"ok":true,"z":null}';
    expect(parse(parser, text)).toEqual({ ok: true, event: JSON.parse(text) });
  });

  it.each([
    ['{"a":1', 'malformed-json'],
    ['{"a":1}}', 'malformed-json'],
    ["{'a':1}", 'malformed-json'],
    ['{"a":NaN}', 'malformed-json'],
    ['\uFEFF{"a":1}', 'malformed-json'],
    ['[1,2]', 'not-an-object'],
    ['42', 'not-an-object'],
    ['"text"', 'not-an-object'],
    ['null', 'not-an-object'],
    ['true', 'not-an-object'],
    ['{"a":"x\0y"}', 'nul-byte'],
    ['\0', 'nul-byte'],
    ['{"a":"x\\u0000y","b\\u0000c":1}', 'ok'],
  ])('reads %j as %s', (text, reason) => {
    expect(reasonOf(parse(parser, text))).toBe(reason);
  });

  it.each([
    ['a lone continuation byte', [0x7b, 0x22, 0x80, 0x22, 0x3a, 0x31, 0x7d], 2],
    ['an overlong encoding', [0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d], 2],
    ['an encoded surrogate', [0x7b, 0x22, 0x61, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d], 3],
    ['a sequence cut by the end of the line', [0x7b, 0x7d, 0xe2, 0x82], 2],
    ['a byte past U+10FFFF', [0x7b, 0x22, 0xf5, 0x80, 0x80, 0x80, 0x22, 0x3a, 0x31, 0x7d], 2],
  ])('rejects %s as invalid-utf8 with its position', (_, bytes, at) => {
    expect(parse(parser, new Uint8Array(bytes))).toEqual({
      ok: false,
      reason: 'invalid-utf8',
      detail: `invalid UTF-8 at byte ${at} of the line`,
    });
  });

  it('checks UTF-8 before NUL bytes and before JSON syntax', () => {
    expect(reasonOf(parse(parser, new Uint8Array([0x7b, 0x00, 0xff])))).toBe('invalid-utf8');
  });

  it(`accepts nesting ${DEFAULT_MAX_DEPTH} deep and rejects one level more as too-deep`, () => {
    expect(reasonOf(parse(parser, nested(DEFAULT_MAX_DEPTH)))).toBe('ok');
    expect(parse(parser, nested(DEFAULT_MAX_DEPTH + 1))).toEqual({
      ok: false,
      reason: 'too-deep',
      detail: `objects and arrays nest deeper than ${DEFAULT_MAX_DEPTH} levels`,
    });
  });

  it('rejects 10,000-deep nesting as too-deep without overflowing the stack', () => {
    expect(reasonOf(parse(parser, nested(10_000)))).toBe('too-deep');
    const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    expect(reasonOf(parse(parser, objects))).toBe('too-deep');
    // Deep but broken: the syntax error wins, as JSON.parse reports it first.
    expect(reasonOf(parse(parser, `{"a":${'['.repeat(10_000)}`))).toBe('malformed-json');
  });

  it('honours a smaller maxDepth', () => {
    const shallow = createParser(parser.name, { maxDepth: 2 });
    expect(reasonOf(parse(shallow, '{"a":{"b":1}}'))).toBe('ok');
    expect(reasonOf(parse(shallow, '{"a":{"b":[]}}'))).toBe('too-deep');
  });

  it('gives an own __proto__ property and keeps the prototype, as JSON.parse does', () => {
    const result = parse(parser, '{"__proto__":{"polluted":1},"a":1}');
    expect(result.ok).toBe(true);
    const event = (result as { event: Record<string, unknown> }).event;
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.hasOwn(event, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('backends agree', () => {
  const tricky = [
    '{"a":-0}',
    '{"id":"bce1-0dfa","a": -0,"b":"x-0"}',
    '{"a":[-0, -0.0, 0, -0e1]}',
    '{"a":1e400,"b":-1e400,"c":4.9e-325}',
    '{"a":123456789012345678901234567890}',
    '{"a":18446744073709551615,"b":-9223372036854775809,"c":9007199254740993}',
    '{"a":"\\ud800","b":"\\udc00x","c":"\\ud83d\\ude00"}',
    '{"a":1,"a":2,"b":3}',
    '{"2":1,"1":2,"b":3,"":4}',
    '{"constructor":{"prototype":1},"toString":2}',
    '{"é":"ünïcödé","\\u00e9":1}',
    '{"a":"\\u2028\\u2029\\/\\b\\f\\n\\r\\t\\"\\\\"}',
    ' \t{"a":1}\r ',
    '{"date":"2026-03-02T08:00:00.024Z","n":-07}',
    '{"a":1}x',
    '{"a":tru}',
    '{"a":[1,]}',
    '{"a":01}',
    '{"a":"\t"}',
  ];

  it.each(tricky)('on %j', (text) => {
    const [json, simd] = parsers.map((p) => parse(p, text));
    expect(simd).toEqual(json);
  });

  it('on any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify({ v: value });
        const [json, simd] = parsers.map((p) => parse(p, text));
        expect(json).toEqual({ ok: true, event: JSON.parse(text) });
        expect(simd).toEqual(json);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 500) },
    );
  });

  it('on arbitrary bytes and damaged JSON, without crashing (property)', () => {
    const damaged = fc
      .tuple(fc.jsonValue({ maxDepth: 3 }), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 }))
      .map(([value, at, junk]) => {
        const bytes = Buffer.from(JSON.stringify({ v: value }));
        const cut = at % (bytes.length + 1);
        return Buffer.concat([bytes.subarray(0, cut), junk, bytes.subarray(cut + 1)]);
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), damaged), (bytes) => {
        const [json, simd] = parsers.map((p) => parse(p, bytes));
        expect(simd).toEqual(json);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 1000) },
    );
  });
});

describe('createParser', () => {
  it('defaults to the json backend', () => {
    expect(DEFAULT_PARSER).toBe('json');
    expect(createParser().name).toBe('json');
  });

  it('names the option for an unknown backend or a bad depth', () => {
    expect(() => createParser('yaml')).toThrow(
      'parser: unknown parser "yaml" (use json, simdjson or native)',
    );
    expect(() => createParser('json', { maxDepth: 0 })).toThrow(
      'maxDepth: expected a positive integer, got 0',
    );
  });

  it('uses the native simdjson addon', () => {
    expect(simdjsonIsNative()).toBe(true);
  });
});
