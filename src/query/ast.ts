/**
 * The syntax tree of an Elasticsearch EQL query.
 *
 * Every node carries the span of source text it came from, so that later stages (planning,
 * compiling, explaining) can point back at the query. Operators keep the case rule they were
 * written with: `==` and `:` are different operators, not one operator with a flag folded in
 * later.
 */

/** A half-open range of source text, with the 1-based line and column of its start. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

/** A JavaScript value as EQL sees it: strings, numbers, booleans and null. */
export type Scalar = string | number | boolean | null;

export interface Literal {
  kind: 'literal';
  value: Scalar;
  /** True for a number written with a fraction or exponent (`2.0`): integer arithmetic
   * (`7 / 2 == 3`) applies only when both sides are integers as written. */
  decimal?: boolean;
  span: Span;
}

/**
 * A field reference. `path` holds names and `[n]` indexes in order: `a.b[0].c` is
 * `['a', 'b', 0, 'c']`. `optional` is the `?field` form.
 */
export interface Field {
  kind: 'field';
  path: (string | number)[];
  optional: boolean;
  span: Span;
}

export interface Not {
  kind: 'not';
  operand: Expr;
  span: Span;
}

/** `and` / `or` chains are flattened: `a and b and c` is one node with three operands. */
export interface Logical {
  kind: 'and' | 'or';
  operands: Expr[];
  span: Span;
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

export interface Compare {
  kind: 'compare';
  op: CompareOp;
  left: Expr;
  right: Expr;
  span: Span;
}

/**
 * `left : pattern(s)`, `left like[~] pattern(s)`, `left regex[~] pattern(s)`.
 * `:` is a case-insensitive wildcard match (it is `like~`, spelled differently).
 * The patterns are string constants, as the grammar allows nothing else there.
 */
export interface Match {
  kind: 'match';
  op: ':' | 'like' | 'regex';
  caseInsensitive: boolean;
  left: Expr;
  patterns: Literal[];
  span: Span;
}

/** `left [not] in[~] (values)`. */
export interface In {
  kind: 'in';
  negated: boolean;
  caseInsensitive: boolean;
  left: Expr;
  values: Expr[];
  span: Span;
}

export type ArithOp = '+' | '-' | '*' | '/' | '%';

export interface Arith {
  kind: 'arith';
  op: ArithOp;
  left: Expr;
  right: Expr;
  span: Span;
}

export interface Negate {
  kind: 'neg';
  operand: Expr;
  span: Span;
}

/** The functions Elasticsearch EQL defines, by their canonical (camelCase) names. */
export const FUNCTION_NAMES = [
  'add',
  'between',
  'cidrMatch',
  'concat',
  'divide',
  'endsWith',
  'indexOf',
  'length',
  'modulo',
  'multiply',
  'number',
  'startsWith',
  'string',
  'stringContains',
  'substring',
  'subtract',
] as const;

export type FunctionName = (typeof FUNCTION_NAMES)[number];

/** A function call; `name` is canonical whatever case it was written in; `fn~()` sets caseInsensitive. */
export interface Call {
  kind: 'call';
  name: FunctionName;
  caseInsensitive: boolean;
  args: Expr[];
  span: Span;
}

export type Expr = Literal | Field | Not | Logical | Compare | Match | In | Arith | Negate | Call;

/** `CATEGORY where CONDITION`; `category` is null for `any`. */
export interface EventQuery {
  kind: 'event';
  category: string | null;
  condition: Expr;
  span: Span;
}

/** One bracketed stage of a sequence or sample, with its own `by` keys. */
export interface Stage {
  query: EventQuery;
  by: Expr[];
  /** `with runs=N`: the stage stands for N consecutive stages. 1 when absent. */
  runs: number;
  /** `![...]`: a missing-event stage (sequences only). */
  missing: boolean;
  span: Span;
}

export interface Sequence {
  kind: 'sequence';
  /** Keys shared by every stage (`sequence by a, b`). */
  by: Expr[];
  /** `with maxspan=...` in milliseconds; null when absent. */
  maxspan: number | null;
  stages: Stage[];
  until: Stage | null;
  span: Span;
}

export interface Sample {
  kind: 'sample';
  by: Expr[];
  stages: Stage[];
  span: Span;
}

export interface HeadTail {
  kind: 'head' | 'tail';
  count: number;
  span: Span;
}

export type Pipe = HeadTail;

export interface Query {
  body: EventQuery | Sequence | Sample;
  pipes: Pipe[];
  /** The query text as given, for error messages and explain output. */
  source: string;
}
