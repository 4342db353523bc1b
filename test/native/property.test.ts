import fc from 'fast-check';
import { describe, test } from 'vitest';

import { expectParity, frame, native } from './helpers.js';

// A small key alphabet, so that random events and random field paths meet often, with
// flat dotted keys, prototype names and (through `keyText`) escaped spellings.
const KEYS = ['a', 'b', 'c', 'a.b', 'b.c', 'a.b.c', '__proto__', 'constructor', 'é'];

const FIELD_PATHS = [
  'a', 'b', 'c', 'a.b', 'a.c', 'b.c', 'a.b.c', 'c.a.b', 'a.a', '__proto__', '__proto__.a',
  'constructor.b', 'é', 'a.é', 'a[0]', 'a[1].b', 'a.b[0]',
];

const escapeFirst = (key: string): string => {
  const code = key.charCodeAt(0).toString(16).padStart(4, '0');
  return `"\\u${code}${JSON.stringify(key).slice(2)}`;
};
const keyText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS).map((k) => JSON.stringify(k)) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS).map(escapeFirst) },
);

const scalarText = fc.oneof(
  fc.constantFrom(
    'null', 'true', 'false', '-0', '0', '-0.0', '1e400', '-1e400', '1e-400', '1.5E+3',
    '12345678901234567890123', '9007199254740993', '"\\ud800"', '"\\udc00x"', '"\\ud83d\\ude00"',
    '"\\u0000"', '"a\\nb\\t\\"c\\\\"', '""', '"josé 😀"',
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.integer().map(String),
  fc.string({ unit: 'binary', maxLength: 6 }).map((s) => JSON.stringify(s)),
);

const space = fc.constantFrom('', '', '', ' ', '\t', ' \r\n ');

type JsonTexts = { value: string; object: string; array: string };
const { object: objectText } = fc.letrec<JsonTexts>(
  (tie) => ({
    value: fc.oneof({ depthSize: 'small', maxDepth: 4 }, scalarText, tie('object'), tie('array')),
    object: fc
      .array(fc.tuple(space, keyText, space, tie('value')), { maxLength: 5 })
      .map((entries) => `{${entries.map(([s, k, t, v]) => `${s}${k}${t}:${v}`).join(',')}}`),
    array: fc
      .array(fc.tuple(space, tie('value')), { maxLength: 4 })
      .map((items) => `[${items.map(([s, v]) => `${s}${v}`).join(',')}]`),
  }),
);

const fields = fc.uniqueArray(fc.constantFrom(...FIELD_PATHS), { minLength: 1, maxLength: 8 });

// One random edit of valid text: most results are malformed, some stay valid.
const EDIT_CHARS = [...'{}[],:"\\ 01a.e-+tnu'];
const edited = objectText.chain((text) =>
  fc
    .tuple(
      fc.nat({ max: Math.max(0, text.length - 1) }),
      fc.constantFrom('delete', 'insert', 'replace'),
      fc.constantFrom(...EDIT_CHARS),
    )
    .map(([at, kind, ch]) => {
      if (kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
      if (kind === 'insert') return text.slice(0, at) + ch + text.slice(at);
      return text.slice(0, at) + ch + text.slice(at + 1);
    }),
);

// EQLSCAN_PROPERTY_RUNS=50 multiplies the runs, for a longer hunt than CI wants.
const SCALE = Number(process.env.EQLSCAN_PROPERTY_RUNS ?? 1);

describe.skipIf(!native)('the native projector on random events', () => {
  test.each([true, false])('reads what JSON.parse + readField read (validate %s)', (validate) => {
    fc.assert(
      fc.property(fc.array(objectText, { minLength: 1, maxLength: 8 }), fields, (events, paths) => {
        const projector = native!.createProjector(paths, { validate });
        expectParity(projector, frame(events));
      }),
      { numRuns: 400 * SCALE },
    );
  }, 60_000 * SCALE);

  test('rejects exactly what JSON.parse rejects, for the same reason', () => {
    fc.assert(
      fc.property(fc.array(edited, { minLength: 1, maxLength: 8 }), fields, (lines, paths) => {
        const projector = native!.createProjector(paths);
        expectParity(projector, frame(lines));
      }),
      { numRuns: 600 * SCALE },
    );
  }, 60_000 * SCALE);
});
