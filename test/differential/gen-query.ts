/**
 * Random syntax trees over the grammar eqlscan runs.
 *
 * Trees are built in the shapes the parser produces, so that printing one and parsing the
 * text gives the same tree back: `and`/`or` with two or more operands, no unary minus over a
 * number literal (the parser folds `-5` into a constant), `:` always case-insensitive, and
 * `~` only on the functions that compare strings. Types are mostly sensible (strings where a
 * function wants text, numbers where it wants numbers) but not always: fields have no type
 * offline, and mixing is where engines tend to disagree.
 */
import fc from 'fast-check';

import {
  type ArithOp,
  type CompareOp,
  type EventQuery,
  type Expr,
  type Field,
  type FunctionName,
  type Literal,
  type Pipe,
  type Query,
  type Sample,
  type Scalar,
  type Sequence,
  type Span,
  type Stage,
} from '../../src/query/ast.js';
import { CORE_PATHS, EVENT_PATHS, numberArb, textArb, typicalScalar, UNITS } from './gen-values.js';

/** The span every generated node carries: trees are compared with spans left out. */
export const NO_SPAN: Span = { start: 0, end: 0, line: 1, column: 1 };

/** Paths queries read: every event path, indexed paths, and paths no event has. */
const OTHER_PATHS: readonly (string | number)[][] = [
  ...EVENT_PATHS,
  ['arr', 0], ['arr', 1], ['a', 0], ['obj', 'k', 0], ['a', 'b', 'c', 'd'], ['missing'],
  ['event', 'category'], ['obj'],
];

/** Mostly the paths most events have, so that most conditions find values. */
const pathArb: fc.Arbitrary<readonly (string | number)[]> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...CORE_PATHS) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_PATHS) },
);

const CIDRS = ['10.0.0.0/8', '192.168.0.0/16', '0.0.0.0/0', '10.0.0.1/32', '::1/128', 'fe80::/10'];

/** Lucene regex pieces and quantifiers; any sequence of them is a valid expression. */
const REGEX_ATOMS = [
  'a', 'A', 'b', '.', '\\.', '[a-c]', '[^a]', '(a|b)', '(A|é)', 'é', 'ß', 'İ', '\u212A', 'k',
  '\\\\', '/', '"a.b"', '@', '😀', '[é-ü]', '[A-Z]', '1', '\\*',
];
const REGEX_QUANTIFIERS = ['', '', '', '*', '+', '?', '{1,2}', '{2}', '*?'];

const CASE_AWARE = new Set<FunctionName>([
  'between', 'endsWith', 'indexOf', 'startsWith', 'stringContains',
]);

/** A literal node. */
export function lit(value: Scalar, decimal = false): Literal {
  return decimal
    ? { kind: 'literal', value, decimal, span: NO_SPAN }
    : { kind: 'literal', value, span: NO_SPAN };
}

/** A literal for a value, marked decimal when it has a fraction, as the parser would. */
function constant(value: Scalar): Literal {
  return lit(value, typeof value === 'number' && !Number.isInteger(value));
}

const fieldAt = (path: readonly (string | number)[]): fc.Arbitrary<Field> =>
  fc.nat(4).map((roll) => ({
    kind: 'field',
    path: [...path],
    optional: roll === 0,
    span: NO_SPAN,
  }));

/** A field over the shared vocabulary, optional now and then. */
export const fieldArb: fc.Arbitrary<Field> = pathArb.chain(fieldAt);

/** A field and constants of the kind it usually holds, so comparisons often decide. */
const typedArb: fc.Arbitrary<{ field: Field; constants: Literal[] }> = pathArb
  .chain((path) =>
    fc.record({
      field: fieldAt(path),
      constants: manyOf(
        fc.oneof(
          { weight: 8, arbitrary: typicalScalar(path).map(constant) },
          { weight: 1, arbitrary: fc.constant(lit(null)) },
        ),
      ),
    }),
  );

const stringLitArb = textArb.map((s) => lit(s));
/** Wildcards that often match the generated values, besides random ones. */
const COMMON_PATTERNS = [
  '*', '?*', '*a*', '*A*', 'cmd*', '*.exe', '*.EXE', 'C:\\Windows\\*', '*\\cmd.exe', '*İ*', '*i*',
  '*k*', '*ß', '*ss*', '?', '??', '*?', '*😀*', '/bin/*', '*/*', '1*', '*5', '10.*', '*:*',
];
const patternArb = fc
  .oneof(
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom(...COMMON_PATTERNS) },
  )
  .map((s) => lit(s));
const regexArb = fc
  .array(fc.tuple(fc.constantFrom(...REGEX_ATOMS), fc.constantFrom(...REGEX_QUANTIFIERS)), {
    maxLength: 4,
  })
  .map((parts) => lit(parts.map(([atom, q]) => atom + q).join('')));

const numberLitArb: fc.Arbitrary<Literal> = fc
  .tuple(numberArb, fc.nat(5))
  .map(([n, roll]) => lit(n, !Number.isInteger(n) || roll === 0));

const literalArb: fc.Arbitrary<Literal> = fc.oneof(
  { weight: 4, arbitrary: stringLitArb },
  { weight: 3, arbitrary: numberLitArb },
  { weight: 1, arbitrary: fc.boolean().map((b) => lit(b)) },
  { weight: 1, arbitrary: fc.constant(lit(null)) },
);

const leafArb: fc.Arbitrary<Expr> = fc.oneof(
  { weight: 3, arbitrary: fieldArb },
  { weight: 2, arbitrary: literalArb },
);

function call(name: FunctionName, args: Expr[], caseInsensitive = false): Expr {
  const ci = caseInsensitive && CASE_AWARE.has(name);
  return { kind: 'call', name, caseInsensitive: ci, args, span: NO_SPAN };
}

const tilde = fc.boolean();

/**
 * One to three items mostly, and now and then up to 12: long lists and pattern sets are
 * compiled differently (Sets, tries, automata).
 */
function manyOf<T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.array(item, { minLength: 1, maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(item, { minLength: 4, maxLength: 12 }) },
  );
}

type Trees = Record<'cond' | 'value' | 'text' | 'num', fc.Arbitrary<Expr>>;

const trees = fc.letrec((tie): Trees => {
  const depth = { maxDepth: 3, depthIdentifier: 'expr', withCrossShrink: true };
  const cond = tie('cond') as fc.Arbitrary<Expr>;
  const value = tie('value') as fc.Arbitrary<Expr>;
  const text = tie('text') as fc.Arbitrary<Expr>;
  const num = tie('num') as fc.Arbitrary<Expr>;
  const textOrField = fc.oneof({ weight: 3, arbitrary: fieldArb }, { weight: 1, arbitrary: text });

  const compareOp = fc.constantFrom<CompareOp>('==', '!=', '<', '<=', '>', '>=');
  const compareOf = (left: fc.Arbitrary<Expr>, right: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
    fc
      .record({ op: compareOp, left, right })
      .map((c) => ({ kind: 'compare', ...c, span: NO_SPAN }));

  const matchOf = (left: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
    fc
      .record({
        op: fc.constantFrom<':' | 'like' | 'regex'>(':', 'like', 'regex'),
        ci: fc.boolean(),
        left,
        wild: manyOf(patternArb),
        regex: fc.array(regexArb, { minLength: 1, maxLength: 2 }),
      })
      .map(({ op, ci, left, wild, regex }) => ({
        kind: 'match',
        op,
        caseInsensitive: op === ':' || ci,
        left,
        patterns: op === 'regex' ? regex : wild,
        span: NO_SPAN,
      }));

  const inOf = (left: fc.Arbitrary<Expr>, item: fc.Arbitrary<Expr>): fc.Arbitrary<Expr> =>
    fc
      .record({
        negated: fc.boolean(),
        ci: fc.boolean(),
        left,
        values: manyOf(item),
      })
      .map(({ negated, ci, left, values }) => ({
        kind: 'in',
        negated,
        caseInsensitive: ci,
        left,
        values,
        span: NO_SPAN,
      }));

  const logical = (kind: 'and' | 'or'): fc.Arbitrary<Expr> =>
    fc
      .array(cond, { minLength: 2, maxLength: 3 })
      .map((operands) => ({ kind, operands, span: NO_SPAN }));

  const typedCompare = fc
    .record({ op: compareOp, typed: typedArb, flip: fc.boolean() })
    .map(({ op, typed, flip }): Expr => {
      const constant = typed.constants[0]!;
      const [left, right] = flip ? [constant, typed.field] : [typed.field, constant];
      return { kind: 'compare', op, left, right, span: NO_SPAN };
    });
  const typedIn = fc
    .record({ negated: fc.boolean(), ci: fc.boolean(), typed: typedArb })
    .map(({ negated, ci, typed }): Expr => ({
      kind: 'in',
      negated,
      caseInsensitive: ci,
      left: typed.field,
      values: typed.constants,
      span: NO_SPAN,
    }));

  const baseCond = fc.oneof(
    { weight: 3, arbitrary: typedCompare },
    { weight: 2, arbitrary: typedIn },
    { weight: 1, arbitrary: compareOf(fieldArb, literalArb) },
    { weight: 3, arbitrary: matchOf(fieldArb) },
    { weight: 2, arbitrary: inOf(fieldArb, literalArb) },
    { weight: 1, arbitrary: fc.boolean().map((b) => lit(b)) },
    { weight: 1, arbitrary: fieldArb },
  );

  const stringTest = fc
    .record({
      name: fc.constantFrom<FunctionName>('startsWith', 'endsWith', 'stringContains'),
      ci: tilde,
      a: textOrField,
      b: fc.oneof(stringLitArb, textOrField),
    })
    .map(({ name, ci, a, b }) => call(name, [a, b], ci));

  const cidr = fc
    .record({
      ip: textOrField,
      blocks: fc.array(fc.constantFrom(...CIDRS), { minLength: 1, maxLength: 3 }),
    })
    .map(({ ip, blocks }) => call('cidrMatch', [ip, ...blocks.map((b) => lit(b))]));

  return {
    cond: fc.oneof(
      depth,
      { weight: 2, arbitrary: baseCond },
      { weight: 3, arbitrary: compareOf(value, value) },
      { weight: 3, arbitrary: matchOf(textOrField) },
      { weight: 2, arbitrary: inOf(value, fc.oneof(literalArb, value)) },
      { weight: 2, arbitrary: logical('and') },
      { weight: 2, arbitrary: logical('or') },
      {
        weight: 2,
        arbitrary: cond.map((operand): Expr => ({ kind: 'not', operand, span: NO_SPAN })),
      },
      { weight: 2, arbitrary: stringTest },
      { weight: 1, arbitrary: cidr },
    ),

    value: fc.oneof(
      depth,
      { weight: 3, arbitrary: leafArb },
      { weight: 2, arbitrary: num },
      { weight: 2, arbitrary: text },
      { weight: 1, arbitrary: cond },
    ),

    text: fc.oneof(
      depth,
      { weight: 3, arbitrary: fc.oneof(fieldArb, stringLitArb) },
      {
        weight: 1,
        arbitrary: fc.array(value, { maxLength: 3 }).map((args) => call('concat', args)),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ s: textOrField, from: num, to: fc.option(num, { freq: 2 }) })
          .map(({ s, from, to }) => call('substring', to === null ? [s, from] : [s, from, to])),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            s: textOrField,
            l: fc.oneof(stringLitArb, text),
            r: fc.oneof(stringLitArb, text),
            greedy: fc.option(fc.boolean(), { freq: 2 }),
            ci: tilde,
          })
          .map(({ s, l, r, greedy, ci }) =>
            call('between', greedy === null ? [s, l, r] : [s, l, r, lit(greedy)], ci),
          ),
      },
      { weight: 1, arbitrary: value.map((v) => call('string', [v])) },
    ),

    num: fc.oneof(
      depth,
      { weight: 3, arbitrary: fc.oneof(fieldArb, numberLitArb) },
      {
        weight: 2,
        arbitrary: fc
          .record({ op: fc.constantFrom<ArithOp>('+', '-', '*', '/', '%'), left: num, right: num })
          .map(({ op, left, right }): Expr => ({ kind: 'arith', op, left, right, span: NO_SPAN })),
      },
      {
        weight: 1,
        arbitrary: num
          .filter((operand) => !(operand.kind === 'literal' && typeof operand.value === 'number'))
          .map((operand): Expr => ({ kind: 'neg', operand, span: NO_SPAN })),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({
            name: fc.constantFrom<FunctionName>('add', 'subtract', 'multiply', 'divide', 'modulo'),
            a: num,
            b: num,
          })
          .map(({ name, a, b }) => call(name, [a, b])),
      },
      { weight: 1, arbitrary: textOrField.map((s) => call('length', [s])) },
      {
        weight: 1,
        arbitrary: fc
          .record({
            s: textOrField,
            t: fc.oneof(stringLitArb, text),
            from: fc.option(num),
            ci: tilde,
          })
          .map(({ s, t, from, ci }) => call('indexOf', from === null ? [s, t] : [s, t, from], ci)),
      },
      {
        weight: 1,
        arbitrary: fc
          .record({ s: textOrField, base: fc.option(fc.constantFrom(2, 8, 10, 16, 36)) })
          .map(({ s, base }) => call('number', base === null ? [s] : [s, lit(base)])),
      },
    ),
  };
});

/** A condition (the part after `where`). */
export const conditionArb: fc.Arbitrary<Expr> = trees.cond;

/** Any expression, boolean or not. */
export const exprArb: fc.Arbitrary<Expr> = fc.oneof(trees.cond, trees.value);

/** Categories queries ask for; `null` is `any`. */
const CATEGORIES = [null, null, null, null, 'process', 'process', 'process', 'network', 'Process'];

/** An event query over the shared field vocabulary. */
export const eventQueryArb: fc.Arbitrary<EventQuery> = fc
  .record({ category: fc.constantFrom(...CATEGORIES), condition: conditionArb })
  .map(({ category, condition }) => ({ kind: 'event', category, condition, span: NO_SPAN }));

/**
 * Event queries that open with an equality, a `:` or an `in` on a field, as most detection
 * rules do: a pack may index rules by these, so packs are tested with many of them.
 */
export const openingQueryArb: fc.Arbitrary<EventQuery> = fc
  .record({
    category: fc.constantFrom(...CATEGORIES),
    typed: typedArb,
    opening: fc.constantFrom('==', ':', 'in', 'in~'),
    rest: fc.option(conditionArb, { freq: 2 }),
  })
  .map(({ category, typed, opening, rest }) => {
    const { field, constants } = typed;
    const strings = constants.filter((k) => typeof k.value === 'string');
    let first: Expr;
    if (opening === '==') {
      first = { kind: 'compare', op: '==', left: field, right: constants[0]!, span: NO_SPAN };
    } else if (opening === ':' && strings.length > 0) {
      first = {
        kind: 'match',
        op: ':',
        caseInsensitive: true,
        left: field,
        patterns: strings,
        span: NO_SPAN,
      };
    } else {
      const caseInsensitive = opening === 'in~';
      const values = constants;
      first = { kind: 'in', negated: false, caseInsensitive, left: field, values, span: NO_SPAN };
    }
    const condition: Expr =
      rest === null ? first : { kind: 'and', operands: [first, rest], span: NO_SPAN };
    return { kind: 'event', category, condition, span: NO_SPAN };
  });
