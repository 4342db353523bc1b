/**
 * Random packs whose rules share opening keys, so that a compiled pack builds a dispatch
 * tree (rules filed by category, then by the values an opening `==`, `in`, `in~`, `:` or
 * `like` allows) and events walk it.
 *
 * Every rule of a pack keys on the same one or two fields, with values from a small pool
 * that events draw from too, so lookups often hit; the pool has the case-folding traps of
 * the value alphabet and numeric strings, which a dispatch must not file as plain text.
 */
import fc from 'fast-check';

import type { EventQuery, Expr, Field } from '../../src/query/ast.js';
import { conditionArb, lit, NO_SPAN } from './gen-query.js';
import { eventArb, place } from './gen-values.js';

/** Values keys and event fields share. */
const KEY_VALUES = [
  'cmd.exe', 'CMD.EXE', 'Cmd.Exe', 'sh', 'SH', 'İ', 'i̇', 'i', 'ß', 'SS', 'ss', 'Σ', 'σ', 'ς',
  'k', '\u212A', 'K', '', '5', '05', 'x y', 'a*b', 'a?b', 'true',
];

/** Fields packs key on. */
export const KEY_FIELDS: string[][] = [['process', 'name'], ['a'], ['s'], ['a', 'b']];

type Opening = '==' | 'in' | 'in~' | ':' | 'like' | 'like~';

const field = (path: readonly string[]): Field => ({
  kind: 'field',
  path: [...path],
  optional: false,
  span: NO_SPAN,
});

/** The opening conjunct `path OP values`. */
function opening(path: readonly string[], op: Opening, values: string[]): Expr {
  const left = field(path);
  const constants = values.map((v) => lit(v));
  if (op === '==') return { kind: 'compare', op: '==', left, right: constants[0]!, span: NO_SPAN };
  if (op === 'in' || op === 'in~') {
    const caseInsensitive = op === 'in~';
    return { kind: 'in', negated: false, caseInsensitive, left, values: constants, span: NO_SPAN };
  }
  const caseInsensitive = op !== 'like';
  const matchOp = op === ':' ? ':' : 'like';
  return { kind: 'match', op: matchOp, caseInsensitive, left, patterns: constants, span: NO_SPAN };
}

export const openingArb = (path: readonly string[]): fc.Arbitrary<Expr> =>
  fc
    .record({
      op: fc.constantFrom<Opening>('==', 'in', 'in~', ':', 'like', 'like~'),
      values: fc.subarray(KEY_VALUES, { minLength: 1, maxLength: 4 }),
    })
    .map(({ op, values }) => opening(path, op, values));

const keyedQueryArb = (fields: readonly (readonly string[])[], category: string | null) =>
  fc
    .record({
      keys: fc.tuple(...fields.map((f) => fc.option(openingArb(f), { freq: 6 }))),
      rest: fc.option(conditionArb, { freq: 3 }),
      otherCategory: fc.nat(5),
    })
    .map(({ keys, rest, otherCategory }): EventQuery => {
      const operands = [...keys, rest].filter((e): e is Expr => e !== null);
      const condition: Expr =
        operands.length === 0
          ? lit(true)
          : operands.length === 1
            ? operands[0]!
            : { kind: 'and', operands, span: NO_SPAN };
      // Mostly the pack's category, so that rules meet under one dispatch node.
      const cat = otherCategory === 0 ? null : otherCategory === 1 ? 'network' : category;
      return { kind: 'event', category: cat, condition, span: NO_SPAN };
    });

/** A pack's rules and events: 3 to 12 rules keyed on one or two shared fields. */
export const keyedPackArb: fc.Arbitrary<{ bodies: EventQuery[]; events: object[] }> = fc
  .record({
    fields: fc.subarray(KEY_FIELDS, { minLength: 1, maxLength: 2 }),
    category: fc.constantFrom<string | null>('process', 'process', null),
  })
  .chain(({ fields, category }) =>
    fc.record({
      bodies: fc.array(keyedQueryArb(fields, category), { minLength: 3, maxLength: 12 }),
      events: fc.array(keyedEventArb(fields), { minLength: 1, maxLength: 6 }),
    }),
  );

/** Events that hold pool values (or lists of them) in the key fields, nested or dotted. */
export function keyedEventArb(fields: readonly (readonly string[])[]): fc.Arbitrary<object> {
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...KEY_VALUES) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...KEY_VALUES), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(5, null, true) },
  );
  const placements = fields.map((path) =>
    fc.option(
      fc.record({
        path: fc.constant(path),
        nest: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
        value,
      }),
      { freq: 8 },
    ),
  );
  return fc.tuple(eventArb, ...placements).map(([event, ...chosen]) => {
    for (const p of chosen) if (p !== null) place(event, p);
    return event;
  });
}
