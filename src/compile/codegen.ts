/**
 * Conditions to JavaScript source.
 *
 * A condition compiles in one of two polarities, "is it true?" and "is it false?", each a
 * plain boolean expression. Kleene logic then needs no third value in the generated code:
 * `and` is `&&` of "true" parts, or `||` of "false" parts; `not` swaps the polarity. A query
 * selects an event when its condition is true, so the top level asks "true?".
 *
 * Leaves (comparisons, `in`, `:` / `like` / `regex`) inline the common case, one string
 * value, and hand everything else to a per-scalar test that mirrors the interpreter. Operands
 * of `and` / `or` are sorted cheapest first; with no side effects and commutative Kleene
 * connectives, the order changes the cost, never the answer. (A chain with an operand that
 * can throw, such as an unparsable pattern, keeps the order it was written in.)
 *
 * Every literal, field name and pattern enters the source as a named constant (`k12`)
 * bound from an array, so rule text never becomes code.
 */
import {
  compareScalars,
  compileLuceneRegex,
  equalScalars,
  fieldTypeOf,
  isFractionalType,
  ORDER_TESTS,
  resolveAlias,
  schemaKey,
  toText,
  type FieldType,
  type Schema,
  type Tri,
} from '../event/index.js';
import type { CompareOp, Compare, Expr, Field, In, Literal, Match, Scalar } from '../query/ast.js';
import { compileInList } from './in-list.js';
import { compilePatternSet } from './pattern-set.js';
import type { SlotTable } from './readers.js';
import { arithOf, callOf, cidrMatchOf, negateOf, NULL_LITERAL, type ScalarTest } from './runtime.js';
import { describeReduction } from './wildcard.js';

/** What one leaf of a condition became, for `eqlscan explain`. */
export interface LeafNote {
  /** The leaf's source text. */
  text: string;
  notes: string[];
}

/** A compiled condition: "true?" and "false?" code, and a cost for ordering. */
interface Cond {
  t: string;
  f: string;
  cost: number;
  mayThrow: boolean;
}

const SPECIAL_TYPES = new Set<FieldType>(['date', 'date_nanos', 'ip', 'version']);

/** The fast-path guard of string leaves. */
const isString = (assign: string): string => `typeof ${assign} === "string"`;

/** Collects the constants, temporaries and slots of one generated function. */
export class Emitter {
  readonly consts: unknown[] = [];
  private readonly pendingNotes: (() => LeafNote)[] = [];
  /** Patterns that cannot run: each fails, as in the interpreter, when a value reaches it. */
  readonly problems: string[] = [];
  readonly slotsUsed = new Set<number>();
  private readonly constNames = new Map<unknown, string>();
  private temps = 0;

  constructor(
    private readonly table: SlotTable,
    private readonly schema: Schema | undefined,
    private readonly source: string,
  ) {}

  /** The name bound to a constant (equal strings and numbers share one). */
  k(value: unknown): string {
    const key =
      typeof value === 'string' || typeof value === 'number'
        ? `${typeof value}:${String(value)}`
        : value;
    let name = this.constNames.get(key);
    if (name === undefined) {
      name = `k${this.consts.length}`;
      this.consts.push(value);
      this.constNames.set(key, name);
    }
    return name;
  }

  temp(): string {
    return `t${this.temps++}`;
  }

  /** How each leaf was compiled, worked out only when asked for. */
  get notes(): LeafNote[] {
    return this.pendingNotes.map((make) => make());
  }

  /** The declarations the function body starts with. */
  prologue(): string {
    const lines = [
      `const any = rt.any, isNullValue = rt.isNullValue, foldValue = rt.foldValue, compare = rt.compare;`,
      `const inValues = rt.inValues, fan = rt.fan, toTri = rt.toTri, not = rt.not, hasValue = rt.hasValue;`,
      `const V = S.V, G = S.G, L = S.L, H = S.H;`,
    ];
    if (this.consts.length > 0) {
      lines.push(`const ${this.consts.map((_, i) => `k${i} = c[${i}]`).join(', ')};`);
    }
    return lines.join('\n');
  }

  /** `let t0, t1, ...;` for the function body, or nothing. */
  tempDecl(): string {
    if (this.temps === 0) return '';
    return `let ${Array.from({ length: this.temps }, (_, i) => `t${i}`).join(', ')};`;
  }

  /** Code for "is the condition true?". */
  isTrue(expr: Expr): string {
    return this.cond(expr).t;
  }

  /** The value of a field, read once per event through its slot. */
  fieldValue(field: Field, folded = false): string {
    const path = resolveAlias(this.schema, field.path);
    const slot = this.table.slot(path, this.schema?.nullValues.get(schemaKey(path)));
    this.slotsUsed.add(slot.index);
    const i = slot.index;
    const raw = `(G[${i}] === ep ? V[${i}] : S.get(${i}, e, ep))`;
    if (!folded) return raw;
    slot.folded = true;
    return `(H[${i}] === ep ? L[${i}] : (H[${i}] = ep, L[${i}] = foldValue(${raw})))`;
  }

  /** The category test: some value of the category field is exactly `category`. */
  categoryTest(path: readonly (string | number)[], category: string): string {
    const slot = this.table.slot(resolveAlias(this.schema, path), undefined);
    this.slotsUsed.add(slot.index);
    const i = slot.index;
    return `hasValue((G[${i}] === ep ? V[${i}] : S.get(${i}, e, ep)), ${this.k(category)})`;
  }

  private cond(expr: Expr): Cond {
    switch (expr.kind) {
      case 'and':
      case 'or':
        return this.logical(expr.kind, expr.operands.map((o) => this.cond(o)));
      case 'not': {
        const inner = this.cond(expr.operand);
        return { ...inner, t: inner.f, f: inner.t };
      }
      case 'compare':
        return this.compare(expr);
      case 'in':
        return this.inList(expr);
      case 'match':
        return this.match(expr);
      case 'literal': {
        const tri = typeof expr.value === 'boolean' ? expr.value : null;
        return { t: String(tri === true), f: String(tri === false), cost: 0, mayThrow: false };
      }
      default: {
        const tri = `toTri(${this.value(expr)})`;
        return { t: `(${tri} === true)`, f: `(${tri} === false)`, cost: 10, mayThrow: false };
      }
    }
  }

  private logical(kind: 'and' | 'or', parts: Cond[]): Cond {
    const mayThrow = parts.some((p) => p.mayThrow);
    const ordered = mayThrow ? parts : [...parts].sort((a, b) => a.cost - b.cost);
    const t = ordered.map((p) => p.t).join(kind === 'and' ? ' && ' : ' || ');
    const f = ordered.map((p) => p.f).join(kind === 'and' ? ' || ' : ' && ');
    const cost = parts.reduce((n, p) => n + p.cost, 0);
    return { t: `(${t})`, f: `(${f})`, cost, mayThrow };
  }

  /** A condition as a three-valued value, where one is used as an operand. */
  private tri(expr: Expr): string {
    const c = this.cond(expr);
    return `(${c.t} ? true : ${c.f} ? false : null)`;
  }

  /** Code for the value of an expression: a scalar, an array of scalars, or undefined. */
  value(expr: Expr): string {
    switch (expr.kind) {
      case 'literal':
        if (expr.value === null || typeof expr.value === 'boolean') return String(expr.value);
        return this.k(expr.value);
      case 'field':
        return this.fieldValue(expr);
      case 'call': {
        const info = {
          caseInsensitive: expr.caseInsensitive,
          integral: expr.args.every((arg) => !this.isFractional(arg)),
        };
        const [address, ...blocks] = expr.args;
        if (expr.name === 'cidrMatch' && address && blocks.every((b): b is Literal => b.kind === 'literal')) {
          const test = cidrMatchOf(blocks.map((b) => b.value));
          if (test !== null) return `fan([${this.value(address)}], ${this.k(test)})`;
        }
        const fn = this.k(callOf(expr.name, info));
        return `fan([${expr.args.map((a) => this.value(a)).join(', ')}], ${fn})`;
      }
      case 'arith': {
        const integral = !this.isFractional(expr.left) && !this.isFractional(expr.right);
        const fn = this.k(arithOf(expr.op, integral));
        return `fan([${this.value(expr.left)}, ${this.value(expr.right)}], ${fn})`;
      }
      case 'neg':
        return `fan([${this.value(expr.operand)}], ${this.k(negateOf())})`;
      default:
        return this.tri(expr);
    }
  }

  // Mirrors the interpreter's rule for integer division.
  private isFractional(expr: Expr): boolean {
    switch (expr.kind) {
      case 'literal':
        if (expr.decimal === true) return true;
        return typeof expr.value === 'number' && !Number.isInteger(expr.value);
      case 'field':
        return isFractionalType(this.typeOf(expr));
      case 'arith':
        return this.isFractional(expr.left) || this.isFractional(expr.right);
      case 'neg':
        return this.isFractional(expr.operand);
      case 'call':
        return (
          ['add', 'subtract', 'multiply', 'divide', 'modulo'].includes(expr.name) &&
          expr.args.some((arg) => this.isFractional(arg))
        );
      default:
        return false;
    }
  }

  private typeOf(expr: Expr): FieldType | undefined {
    return expr.kind === 'field' ? fieldTypeOf(this.schema, expr.path) : undefined;
  }

  /** 'yes' for the literal null; 'maybe' for a `?field` the schema does not type. */
  private nullLiteral(expr: Expr): 'yes' | 'maybe' | 'no' {
    if (expr.kind === 'literal') return expr.value === null ? 'yes' : 'no';
    if (expr.kind !== 'field' || !expr.optional) return 'no';
    if (this.schema !== undefined && fieldTypeOf(this.schema, expr.path) !== undefined) return 'no';
    return 'maybe';
  }

  private note(expr: Expr, notes: string[] | (() => string[])): void {
    const source = this.source;
    this.pendingNotes.push(() => ({
      text: source.slice(expr.span.start, expr.span.end).replace(/\s+/g, ' '),
      notes: typeof notes === 'function' ? notes() : notes,
    }));
  }

  /** A leaf over a value: the string fast path inline, the per-scalar test otherwise. */
  private leaf(
    value: string,
    test: ScalarTest,
    fast: { guard: (assign: string, t: string) => string; test: (t: string) => string } | null,
    cost: number,
    negated = false,
    mayThrow = false,
  ): Cond {
    const p = this.k(test);
    let t: string;
    let f: string;
    if (fast) {
      const x = this.temp();
      const guard = fast.guard(`(${x} = ${value})`, x);
      t = `(${guard} ? (${fast.test(x)}) : any(${x}, ${p}) === true)`;
      f = `(${guard} ? !(${fast.test(x)}) : any(${x}, ${p}) === false)`;
    } else {
      t = `(any(${value}, ${p}) === true)`;
      f = `(any(${value}, ${p}) === false)`;
    }
    return negated ? { t: f, f: t, cost, mayThrow } : { t, f, cost, mayThrow };
  }

  private compare(expr: Compare): Cond {
    const leftNull = this.nullLiteral(expr.left);
    const rightNull = this.nullLiteral(expr.right);
    const op = expr.op;

    // `x == null`, `null != x`: whether the other side is null; never unknown.
    if (leftNull === 'yes' || rightNull === 'yes') {
      const other = leftNull === 'yes' ? expr.right : expr.left;
      const test = `isNullValue(${this.value(other)})`;
      this.note(expr, ['null test']);
      if (op === '==') return { t: test, f: `!${test}`, cost: 1, mayThrow: false };
      if (op === '!=') return { t: `!${test}`, f: test, cost: 1, mayThrow: false };
      return { t: 'false', f: 'false', cost: 0, mayThrow: false };
    }

    const type = this.typeOf(expr.left) ?? this.typeOf(expr.right);
    const right = expr.right;
    if (expr.left.kind === 'field' && right.kind === 'literal' && rightNull === 'no') {
      const literal = right.value as Exclude<Scalar, null>;
      const cond = this.fieldVersusLiteral(op, expr.left, literal, type);
      this.note(expr, [`${op} ${JSON.stringify(literal)}${type ? ` (${type})` : ''}`]);
      if (leftNull === 'no') return cond;
      // An absent `?field` stands for the literal null: `==` is false, `!=` true, others null.
      const x = this.temp();
      const absent = `((${x} = ${this.value(expr.left)}) === undefined)`;
      const whenAbsent = op === '!=';
      return {
        t: `(${absent} ? ${whenAbsent} : ${cond.t})`,
        f: `(${absent} ? ${op === '=='} : ${cond.f})`,
        cost: cond.cost,
        mayThrow: false,
      };
    }

    const a = this.temp();
    const b = this.temp();
    const leftIs = leftNull === 'maybe' ? `${a} === undefined` : 'false';
    const rightIs = rightNull === 'maybe' ? `${b} === undefined` : 'false';
    const sides = `(${a} = ${this.value(expr.left)}), (${b} = ${this.value(expr.right)})`;
    const tri = `compare(${this.k(op)}, ${sides}, ${leftIs}, ${rightIs}, ${this.k(type)})`;
    this.note(expr, [`general comparison ${op}`]);
    return { t: `(${tri} === true)`, f: `(${tri} === false)`, cost: 5, mayThrow: false };
  }

  private fieldVersusLiteral(
    op: CompareOp,
    field: Field,
    literal: string | number | boolean,
    type: FieldType | undefined,
  ): Cond {
    const options = { type };
    const value = this.fieldValue(field);
    const special = type !== undefined && SPECIAL_TYPES.has(type);
    const k = this.k(literal);
    const guard = (assign: string, x: string): string =>
      typeof literal === 'string'
        ? `typeof ${assign} === "string"`
        : typeof literal === 'number'
          ? `(typeof ${assign} === "number" && ${x} - ${x} === 0)`
          : `typeof ${assign} === "boolean"`;
    const usable = !special && (typeof literal !== 'number' || Number.isFinite(literal));

    if (op === '==' || op === '!=') {
      const test: ScalarTest = (a) => equalScalars(a, literal, options);
      const fast = usable ? { guard, test: (x: string) => `${x} === ${k}` } : null;
      return this.leaf(value, test, fast, 1, op === '!=');
    }
    const holds = ORDER_TESTS[op];
    const test: ScalarTest = (a) => {
      const order = compareScalars(a, literal, options);
      return order === null ? null : holds(order);
    };
    const fast = usable ? { guard, test: (x: string) => `${x} ${op} ${k}` } : null;
    return this.leaf(value, test, fast, 1);
  }

  private inList(expr: In): Cond {
    const type = this.typeOf(expr.left);
    const special = type !== undefined && SPECIAL_TYPES.has(type);
    if (expr.values.every((v) => v.kind === 'literal')) {
      const values = expr.values.map((v) => (v as { value: Scalar }).value);
      const list = compileInList(values, expr.caseInsensitive, type);
      const foldIn = expr.caseInsensitive && !special;
      const value =
        expr.left.kind === 'field'
          ? this.fieldValue(expr.left, foldIn)
          : foldIn
            ? `foldValue(${this.value(expr.left)})`
            : this.value(expr.left);
      const set = list.strings === null ? null : this.k(list.strings);
      const fast = set === null ? null : { guard: isString, test: (x: string) => `${set}.has(${x})` };
      this.note(expr, [list.describe]);
      return this.leaf(value, list.test, fast, 1, expr.negated);
    }

    const candidates = expr.values.map((v) =>
      v.kind === 'literal' && v.value === null ? this.k(NULL_LITERAL) : this.value(v),
    );
    const list = `[${candidates.join(', ')}]`;
    const tri = `inValues(${this.value(expr.left)}, ${list}, ${this.k(type)}, ${expr.caseInsensitive})`;
    this.note(expr, ['general in list']);
    const t = `(${tri} === true)`;
    const f = `(${tri} === false)`;
    return expr.negated ? { t: f, f: t, cost: 6, mayThrow: false } : { t, f, cost: 6, mayThrow: false };
  }

  private match(expr: Match): Cond {
    const type = this.typeOf(expr.left);
    const special = type !== undefined && SPECIAL_TYPES.has(type);
    const ci = expr.caseInsensitive;
    const values = expr.patterns.map((p) => p.value);
    const strings = values.filter((v): v is string => typeof v === 'string');
    const others = values.filter((v): v is number | boolean => v !== null && typeof v !== 'string');
    const hasNull = values.includes(null);
    const options = { type, caseInsensitive: ci };
    const otherTest = (a: Scalar): Tri => {
      let sawNull = false;
      for (const b of others) {
        const r = equalScalars(a, b, options);
        if (r === true) return true;
        if (r === null) sawNull = true;
      }
      return sawNull ? null : false;
    };

    let textTest: (text: string) => boolean;
    let cost: number;
    let mayThrow = false;
    const notes: string[] = [];
    let describe = (): string[] => notes;
    const glob = expr.op !== 'regex';
    // Wildcards test folded text (folded once per event, in the slot); regexes fold themselves.
    const foldIn = glob && ci && !special;
    if (glob) {
      const set = compilePatternSet(strings, ci);
      textTest = set.test;
      cost = 2 + set.cost;
      describe = () => [
        ...set.patterns.map((r) => `${JSON.stringify(r.pattern)} -> ${describeReduction(r.reduction)}`),
        ...(set.patterns.length > 1 ? set.structure.map((s) => `list: ${s}`) : []),
      ];
    } else {
      const regexes = strings.map((pattern) => {
        try {
          const re = compileLuceneRegex(pattern, ci);
          notes.push(`${JSON.stringify(pattern)} -> linear regex /${re.source}/`);
          return (text: string) => re.test(text);
        } catch (err) {
          // The interpreter fails only when it meets a value; so does this.
          mayThrow = true;
          this.problems.push(err instanceof Error ? err.message : String(err));
          notes.push(`${JSON.stringify(pattern)} -> error when reached: ${String(err)}`);
          return (): boolean => {
            throw err;
          };
        }
      });
      textTest = (text) => regexes.some((test) => test(text));
      cost = 8 * Math.max(1, regexes.length);
    }
    const fold = glob && ci && special;
    const test: ScalarTest = (a) => {
      if (a === null) return hasNull ? true : null;
      const text = toText(a) ?? '';
      if (strings.length > 0 && textTest(fold ? text.toLowerCase() : text)) return true;
      return others.length > 0 ? otherTest(a) : false;
    };

    const value =
      expr.left.kind === 'field'
        ? this.fieldValue(expr.left, foldIn)
        : foldIn
          ? `foldValue(${this.value(expr.left)})`
          : this.value(expr.left);
    const fastOk = others.length === 0 && strings.length > 0 && !fold;
    const m = this.k(textTest);
    const fast = fastOk ? { guard: isString, test: (x: string) => `${m}(${x})` } : null;
    this.note(expr, describe);
    return this.leaf(value, test, fast, cost, false, mayThrow);
  }
}
