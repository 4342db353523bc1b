/**
 * Random events and schemas for the differential tests.
 *
 * Values are drawn from a deliberately small alphabet that the query generator shares, so
 * that generated patterns and constants often meet equal or nearly equal event values:
 * mixed case, characters whose case folding changes their length (`İ`, `ß`), the Kelvin sign
 * (U+212A, which lower-cases to `k`), an astral character, backslashes and the wildcard
 * characters themselves. Events place each field nested, under flat dotted keys, or a mix of
 * both, and mix in arrays (of scalars and of objects), nulls and numbers written as strings.
 */
import fc from 'fast-check';

import { createSchema, type Schema } from '../../src/event/index.js';
import type { Scalar } from '../../src/query/ast.js';

/** Pieces strings are built from, in queries and events alike. */
export const UNITS = [
  'a', 'A', 'b', 'B', '.', '/', '\\', '*', '?', ' ', '-', '1', '5',
  'é', 'É', 'ß', 'SS', 's', 'İ', 'i', 'ı', '\u212A', 'k', 'K', '😀',
  'cmd', 'CMD', '.exe', 'C:\\Windows\\',
  // Folding traps: final sigma depends on context, ẞ and the Ohm sign fold to other letters,
  // ǅ is title case, ﬀ is one letter that upper-cases to two.
  'Σ', 'ς', 'ẞ', 'ǅ', 'ﬀ', '\u2126',
];

/** Strings with meaning to some rule of the engine: numbers, addresses, versions, dates. */
const SPECIAL_STRINGS = [
  '', '5', '-1.5', '1e3', ' 5', '0x1F', '10', '007', 'true', 'null',
  '10.0.0.1', '192.168.1.5', '::1', 'fe80::1', '300.1.1.1',
  '1.2.3', '1.10.0', '1.2.3-beta',
  '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z', '2023-12-31',
  'C:\\Windows\\System32\\cmd.exe', 'c:\\windows\\system32\\CMD.EXE', '/bin/sh', 'İstanbul',
  'istanbul', 'straße', 'STRASSE', '\u212Aelvin', 'kelvin', 'a\nb', 'a*b', 'a?b',
];

/** A string from the shared alphabet, 0 to 4 units long. */
export const textArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_STRINGS) },
);

/** Numbers an event or a query may hold: small integers mostly, and awkward ones. */
export const numberArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 12 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0.5, 2.5, -1.5, 1e3, 1e21, 2 ** 53, -0, 1704067200000, 255),
  },
);

/** One JSON scalar. */
export const scalarArb: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 5, arbitrary: textArb },
  { weight: 3, arbitrary: numberArb },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

/** Keys objects nested inside values use; `b.c` is itself dotted. */
const INNER_KEYS = ['b', 'c', 'k', 'b.c', 'name', 'Case', 'hasOwnProperty', '0'];

/** A JSON value for a field: a scalar, an array, or an object a longer path reads into. */
export const fieldValueArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 2, depthIdentifier: 'event-value' },
    { weight: 10, arbitrary: scalarArb },
    { weight: 3, arbitrary: fc.array(tie('value'), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...INNER_KEYS), tie('value')), { maxLength: 2 })
        .map(objectFrom),
    },
  ),
})).value;

/**
 * Field paths events are built on, as segment lists. Queries read these and a few paths
 * with indexes (`arr[0]`) or that no event has.
 */
export const EVENT_PATHS: readonly string[][] = [
  ['a'], ['b'], ['a', 'b'], ['a', 'b', 'c'], ['s'], ['n'], ['arr'], ['obj', 'k'],
  ['Mixed', 'Case'], ['mixed', 'case'], ['é', 'ß'], ['@timestamp'], ['process', 'name'],
  ['where'], ['sp ace'], ['ip'], ['v'], ['t'], ['d'], ['al'], ['nv'], ['constructor'],
  ['__proto__'], ['toString'],
];

const CATEGORY_VALUES: unknown[] = [
  'process', 'process', 'process', 'process', ['process', 'start'], ['process', 'start'],
  'network', 'network', 'Process', null, 5,
];

/** One field assignment: where, how its path is split into keys, and what it holds. */
export interface Placement {
  path: readonly string[];
  /** For each gap between segments: true starts a new nested key, false joins with a dot. */
  nest: boolean[];
  value: unknown;
}

/** Paths most events have, so that most conditions find values to compare. */
export const CORE_PATHS: readonly string[][] = [
  ['a'], ['s'], ['n'], ['process', 'name'], ['a', 'b'], ['arr'], ['ip'], ['t'],
];

const IPS = ['10.0.0.1', '10.1.2.3', '192.168.1.5', '8.8.8.8', '::1', 'fe80::1', '300.1.1.1', ''];
const VERSIONS = ['1.2.3', '1.10.0', '1.2.3-beta', '2.0.0', '1.2', 'x'];
const DATES: Scalar[] = [
  '2024-01-01T00:00:00Z', '2024-01-01T00:00:00.000Z', '2023-12-31', 1704067200000, 0, 'soon',
];

/** A scalar of the kind a field usually holds, by its last name. */
export function typicalScalar(path: readonly (string | number)[]): fc.Arbitrary<Scalar> {
  const names = path.filter((s): s is string => typeof s === 'string');
  switch (names[names.length - 1]) {
    case 'n':
    case 'd':
      return fc.oneof(numberArb, fc.constantFrom('5', '-1.5', '1e3', ' 5', '0x1F', '007'));
    case 'ip':
      return fc.constantFrom(...IPS);
    case 'v':
      return fc.constantFrom(...VERSIONS);
    case 't':
    case '@timestamp':
      return fc.constantFrom(...DATES);
    default:
      return textArb;
  }
}

/** What a field usually holds: `arr` and `ip` are often multi-valued. */
function typicalValue(path: readonly string[]): fc.Arbitrary<unknown> {
  const scalar = typicalScalar(path);
  const last = path[path.length - 1];
  if (last === 'arr') return fc.array(scalar, { minLength: 1, maxLength: 3 });
  if (last === 'ip') return fc.oneof(scalar, fc.array(scalar, { maxLength: 2 }));
  return scalar;
}

const placementAt = (path: readonly string[]): fc.Arbitrary<Placement> =>
  fc.record({
    path: fc.constant(path),
    nest: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    value: fc.oneof(
      { weight: 3, arbitrary: typicalValue(path) },
      { weight: 1, arbitrary: fieldValueArb },
    ),
  });

/**
 * A decoded event: the core fields (each with probability 7/8), up to 5 other placements and
 * usually a category, merged into one object. A placement that collides with a value already
 * there replaces it.
 */
export const eventArb: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    core: fc.tuple(...CORE_PATHS.map((p) => fc.option(placementAt(p), { freq: 8 }))),
    placements: fc.array(fc.oneof(...EVENT_PATHS.map(placementAt)), { maxLength: 5 }),
    category: fc.option(fc.constantFrom(...CATEGORY_VALUES), { freq: 6 }),
    flatCategory: fc.boolean(),
  })
  .map(({ core, placements, category, flatCategory }) => {
    const event: Record<string, unknown> = {};
    if (category !== null) {
      place(event, { path: ['event', 'category'], nest: [!flatCategory], value: category });
    }
    for (const p of [...core, ...placements]) if (p !== null) place(event, p);
    return event;
  });

/** Schemas a case may run under: none, the default, and one typing and aliasing fields. */
export const SCHEMAS: Readonly<Record<string, Schema | undefined>> = {
  none: undefined,
  default: createSchema(),
  typed: createSchema(
    { n: 'long', d: 'double', ip: 'ip', v: 'version', t: 'date', s: 'keyword', 'a.b': 'keyword' },
    { al: 'a.b' },
    { nv: 'NULLV' },
  ),
};

/** The name of one of `SCHEMAS`. */
export const schemaNameArb: fc.Arbitrary<string> = fc.constantFrom(...Object.keys(SCHEMAS));

/** Writes a value into an event at a path, nesting keys or joining them with dots. */
export function place(event: Record<string, unknown>, { path, nest, value }: Placement): void {
  const keys: string[] = [path[0]!];
  for (let i = 1; i < path.length; i++) {
    if (nest[i - 1] ?? true) keys.push(path[i]!);
    else keys[keys.length - 1] += `.${path[i]}`;
  }
  let node = event;
  for (const key of keys.slice(0, -1)) {
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Record<string, unknown>;
    } else {
      const fresh: Record<string, unknown> = {};
      define(node, key, fresh);
      node = fresh;
    }
  }
  define(node, keys[keys.length - 1]!, value);
}

function objectFrom(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) define(out, key, value);
  return out;
}

/** Sets an own property as JSON.parse would, even for names like `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  const writable = true;
  Object.defineProperty(target, key, { value, enumerable: true, writable, configurable: true });
}
