import { describe, expect, test } from 'vitest';

import { readField } from '../../src/event/index.js';
import { TAG } from '../../src/native/index.js';
import { expectParity, frame, native, project } from './helpers.js';

const FIELDS = [
  'a',
  'a.b',
  'a.b.c',
  'x',
  'process.args',
  'process.name',
  'threat.technique.id',
  'n',
  's',
  '__proto__.x',
  'constructor',
  'toString.y',
];

describe.skipIf(!native)('the native projector', () => {
  const projector = native!.createProjector(FIELDS);

  test('names simdjson kernels that exist', () => {
    const impl = native!.implementation;
    const kernels = ['icelake', 'haswell', 'westmere', 'arm64', 'ppc64', 'lsx', 'lasx', 'fallback'];
    expect(kernels).toContain(impl.active);
    expect(kernels).toContain(impl.builtin);
    expect(impl.simdjson).toBe('3.9.4');
  });

  test('blank lines are neither events nor rejections', () => {
    const batch = project(projector, frame(['', ' ', '\t \r', '{}']));
    expect([0, 1, 2, 3].map((i) => batch.isBlank(i))).toEqual([true, true, true, false]);
    expect(batch.rejection(0)).toBeNull();
    expect(batch.isEvent(3)).toBe(true);
  });

  test('malformed lines get the json backend reason and detail', () => {
    const lines = [
      '{"a":',
      '{"a":1,}',
      '{"a" 1}',
      '{"a":1} x',
      '{"a":1}{"b":2}',
      '\ufeff{"a":1}',
      '{a:1}',
      "{'a':1}",
      '{"a":[1,]}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":tru}',
      '{"a":nul}',
      '{"a":"\\q"}',
      '{"\\q":1}',
      '{"a":"\\u12"}',
      '{"a":"tab\there"}',
      // Malformed only inside values no field reads: validated all the same.
      '{"zz":[1 2]}',
      '{"zz":{"y":tru}}',
      '{"zz":01}',
      '{"zz":"\\x"}',
      '{"zz":{"\\q":1}}',
      '{"zz":[1,,2]}',
      '{"zz":+1}',
      // A string read raw and followed by `:` must not pass as a key.
      '{"a":"b" :1}}',
      '{"zz":"b" :1}}',
      '{"zz":["b" :1]]}',
      '{"a":{"b":"c" :1}}}',
    ];
    const framed = frame(lines);
    expect(expectParity(projector, framed)).toBe(0);
  });

  test('raw NUL bytes, invalid UTF-8 and non-objects are rejected as JSON.parse words it', () => {
    const lines: (string | Uint8Array)[] = [
      Buffer.from('{"a":"x\u0000y"}'),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]),
      Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d]),
      '[1,2]',
      '"text"',
      '12',
      'null',
      'true',
      '[1,',
    ];
    const framed = frame(lines);
    expect(expectParity(projector, framed)).toBe(0);
    const batch = project(projector, framed);
    expect(batch.rejection(0)?.reason).toBe('nul-byte');
    expect(batch.rejection(1)?.reason).toBe('invalid-utf8');
    expect(batch.rejection(4)?.reason).toBe('not-an-object');
    expect(batch.rejection(9)?.reason).toBe('malformed-json');
  });

  test('escapes, non-ASCII text and surrogate pairs read as JSON.parse reads them', () => {
    const lines = [
      '{"s":"caf\\u00e9 \\n\\t\\"q\\" \\\\ \\/ \\b\\f\\r"}',
      '{"s":"josé – 日本語 😀"}',
      '{"s":"\\ud83d\\ude00 pair"}',
      '{"s":"\\ud800 lone high"}',
      '{"s":"lone low \\udc00"}',
      '{"s":"nul \\u0000 inside"}',
      '{"s":["é", "😀", "ascii", "\\u20ac"]}',
      '{"proc\\u0065ss":{"n\\u0061me":"escaped keys"}}',
      '{"s":"' + 'long '.repeat(500) + '"}',
      '{"s":"\u2028\u2029"}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
  });

  test('numbers: huge, tiny, negative zero, big integers', () => {
    const lines = [
      '{"n":-0}',
      '{"n":[-0, 0, -0.0]}',
      '{"n":1e400}',
      '{"n":-1e400}',
      '{"n":1e-400}',
      '{"n":12345678901234567890123}',
      '{"n":9007199254740993}',
      '{"n":18446744073709551616}',
      '{"n":-9223372036854775809}',
      '{"n":0.1}',
      '{"n":1E+2}',
      '{"n":-1.5e-3}',
      '{"n":2.2250738585072011e-308}',
      '{"n":1.7976931348623157e308}',
      '{"n":123456789012345678901234567890.123456789e-10}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
    const batch = project(projector, frame(lines));
    expect(Object.is(batch.value(0, FIELDS.indexOf('n')), -0)).toBe(true);
    expect(batch.value(2, FIELDS.indexOf('n'))).toBe(Infinity);
  });

  test('duplicate keys keep the last value, as JSON.parse does', () => {
    const lines = [
      '{"a":1,"a":2}',
      '{"a":{"b":1},"a":{"c":2}}',
      '{"a":{"b":1},"a":null}',
      '{"a":{"b":{"c":1}},"a":{"b":2}}',
      '{"x":1,"x":[2,3],"x":"last"}',
      '{"a":{"b":1,"b":[2,3]}}',
      '{"a":5,"a.b":6,"a":{"b":7}}',
      '{"x":1,"\\u0078":2}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
  });

  test('flat dotted keys mix with nesting in readField order', () => {
    const lines = [
      '{"a.b":1}',
      '{"a":{"b.c":2}}',
      '{"a":{"b":1},"a.b":2}',
      '{"a.b":1,"a":{"b":2}}',
      '{"a.b.c":3,"a.b":{"c":2},"a":{"b":{"c":1},"b.c":4}}',
      '{"process.args":["x","y"],"process":{"args":"z","name":"n"},"process.name":"m"}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
    const batch = project(projector, frame(lines));
    expect(batch.value(3, FIELDS.indexOf('a.b'))).toEqual([2, 1]);
  });

  test('arrays along the path flatten; nulls count only with a null_value', () => {
    const lines = [
      '{"threat":{"technique":[{"id":"T1"},{"id":["T2","T3"]},{"name":"no id"},{"id":null}]}}',
      '{"threat":[{"technique":{"id":"T4"}},{"technique":[{"id":"T5"}]}]}',
      '{"process":{"args":[["a",["b"]],[],null,{"x":1},"c"]}}',
      '{"process":{"args":[null]}}',
      '{"process":{"args":null}}',
      '{"process":{"args":[]}}',
      '{"process":{"args":{}}}',
      '{"process":[{"args":"a"},{"args":["b",null]}]}',
      '{"a":[1,{"b":2},[{"b":[3,{"c":4}]}]]}',
      '{"x":[true,false,null,1,"s"]}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
    const batch = project(projector, frame(lines));
    const id = FIELDS.indexOf('threat.technique.id');
    expect(batch.value(0, id)).toEqual(['T1', 'T2', 'T3']);
    expect(batch.value(0, id, 'none')).toEqual(['T1', 'T2', 'T3', 'none']);
  });

  test('names on the Object prototype read event data only', () => {
    const lines = [
      '{"__proto__":{"x":1}}',
      '{"constructor":"c","toString":{"y":2}}',
      '{"a":1}',
      '{"__proto__":{"x":1},"__proto__":{"x":2}}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
    const batch = project(projector, frame(lines));
    const built = batch.event(0);
    expect(Object.getPrototypeOf(built)).toBe(Object.prototype);
    expect(readField(built, '__proto__.x')).toBe(1);
  });

  test('a field that is also the prefix of another reads right from the built event', () => {
    const lines = [
      '{"a":[1,{"b":[2,{"c":3}]}],"a.b":4}',
      '{"a":{"b":{"c":"deep"}}}',
      '{"a":"flat"}',
    ];
    expect(expectParity(projector, frame(lines))).toBe(lines.length);
    expect(projector.builderSource).toContain('withObject(');
  });

  test('field names reach the generated event builder as data, never as code', () => {
    const hostile = [
      'evil"); globalThis.pwned = 1; ("',
      "x'}) || (globalThis.pwned = 2) || ({'",
      'a\\b\u2028',
    ];
    const projector = native!.createProjector(hostile.map((h) => `g.${h}`));
    const line = JSON.stringify({ g: Object.fromEntries(hostile.map((h, i) => [h, i])) });
    expect(expectParity(projector, frame([line]))).toBe(1);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });

  test('array indexes in field paths select one element', () => {
    const indexed = native!.createProjector(['a[0]', 'a[1].b', 'a.b[1]', 'c[0][1]', 'a']);
    expect(indexed.buildsEvents).toBe(false);
    const lines = [
      '{"a":[1,2]}',
      '{"a":[{"b":1},{"b":[2,3]}]}',
      '{"a":{"b":[4,5,6]}}',
      '{"c":[[1,2],[3]]}',
      '{"a.b":[7,8],"a":[{"b":[9,10]}]}',
      '{"a":"x"}',
    ];
    expect(expectParity(indexed, frame(lines))).toBe(lines.length);
  });

  test('nesting deeper than maxDepth is too-deep, on a field path or off it', () => {
    const shallow = native!.createProjector(['a.b'], { maxDepth: 3 });
    const lines = [
      '{"a":{"b":{"c":1}}}',
      '{"a":{"b":{"c":{}}}}',
      '{"z":[[[1]]]}',
      '{"z":[[1]]}',
      '{"a":{"b":[[1]]}}',
      '{"z":[[[1]]],"a":}',
    ];
    expect(expectParity(shallow, frame(lines), 3)).toBe(2);
  });

  test('very deep lines: too-deep by default, read by JSON.parse past the native limit', () => {
    const deep = (n: number): string => `{"a":${'['.repeat(n)}1${']'.repeat(n)}}`;
    const lines = [deep(510), deep(511), deep(600), deep(1500)];
    expect(expectParity(projector, frame(lines))).toBe(2);
    const roomy = native!.createProjector(['a'], { maxDepth: 5000 });
    expect(expectParity(roomy, frame(lines), 5000)).toBe(4);
  });

  test('lines at the very end of a buffer and in a subarray read the same', () => {
    const line = '{"a":{"b":"end"},"s":"é"}';
    const bytes = Buffer.from(line);
    const exact = new Uint8Array(bytes.length);
    exact.set(bytes);
    const framed = {
      buf: Buffer.from(exact.buffer),
      starts: Int32Array.of(0),
      ends: Int32Array.of(bytes.length),
      count: 1,
    };
    expect(expectParity(projector, framed)).toBe(1);
    const outer = Buffer.from(`xxxx${line}`);
    const sub = outer.subarray(4);
    const batch = projector.project(sub, Int32Array.of(0), Int32Array.of(sub.length), 1);
    expect(batch.value(0, FIELDS.indexOf('a.b'))).toBe('end');
  });

  test('slots hold tags and refs in the documented layout', () => {
    // Interned strings are laid out apart (see intern.test.ts).
    const small = native!.createProjector(['n', 's', 'x', 'l', 'w'], { intern: false });
    const line = '{"n":1.5,"s":"hi","x":[true,null],"l":"café","w":"日本 😀"}';
    const batch = project(small, frame([line]));
    expect([...batch.tags]).toEqual([TAG.number, TAG.string, TAG.array, TAG.string, TAG.wideString]);
    expect(batch.numbers[batch.refs[0]!]).toBe(1.5);
    const r = batch.refs[1]!;
    expect(batch.text.slice(batch.strOffsets[r], batch.strOffsets[r + 1])).toBe('hi');
    const a = batch.refs[2]!;
    const items = batch.poolTags.subarray(batch.arrStarts[a], batch.arrStarts[a + 1]);
    expect([...items]).toEqual([TAG.true, TAG.null]);
    // Latin-1 text stays in the one-byte string; the rest goes to `wide`.
    expect(batch.text).toBe('hicafé');
    const w = batch.refs[4]!;
    expect(batch.wide.slice(batch.wideOffsets[w], batch.wideOffsets[w + 1])).toBe('日本 😀');
  });

  test('an empty field table still sorts events from rejections', () => {
    const none = native!.createProjector([]);
    expect(expectParity(none, frame(['{"a":1}', '{"a":', '[]', '']))).toBe(1);
    const empty = none.project(Buffer.from('{}'), Int32Array.of(0), Int32Array.of(2), 1);
    expect(empty.event(0)).toEqual({});
  });

  test('offsets outside the buffer are a RangeError, not a crash', () => {
    const buf = Buffer.from('{}');
    expect(() => projector.project(buf, Int32Array.of(0), Int32Array.of(3), 1)).toThrow(RangeError);
    expect(() => projector.project(buf, Int32Array.of(1), Int32Array.of(0), 1)).toThrow(RangeError);
    expect(() => projector.project(buf, Int32Array.of(0), Int32Array.of(2), 2)).toThrow(RangeError);
  });

  test('without validation, values off the field paths are skipped unread', () => {
    const lazy = native!.createProjector(FIELDS, { validate: false });
    const valid = ['{"a":{"b":1},"zz":{"deep":[1,2,{"q":"r"}]}}', '{"s":"x","n":[1,2]}'];
    expect(expectParity(lazy, frame(valid))).toBe(2);
    // Malformed on a field's path (or in the structure) is still caught...
    const caught = ['{"a":{"b":tru}}', '{"a":', '{"s":"\\q"}', '{"a":1,}'];
    expect(expectParity(lazy, frame(caught))).toBe(0);
    // ...but not inside a value no field reads: the documented price of skipping.
    const batch = project(lazy, frame(['{"zz":[1 2],"a":3}']));
    expect(batch.isEvent(0)).toBe(true);
    expect(batch.value(0, FIELDS.indexOf('a'))).toBe(3);
  });
});
