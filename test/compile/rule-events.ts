/**
 * Events built from rules' own literals, so that rules match some of them and fail on others
 * for many different reasons: values taken from `==`, `in` and pattern leaves (wildcards
 * filled in, case changed), category arrays, multi-valued fields, flat dotted keys, numbers
 * where strings are expected, missing fields. Seeded, so every run sees the same events.
 */
import type { RulePlan } from '../../src/plan/index.js';
import type { EventQuery, Expr, Field } from '../../src/query/ast.js';

/** A small seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Leaf {
  path: string[];
  values: unknown[];
}

/** The field-to-literal pairs of a condition (patterns instantiated later). */
function leavesOf(expr: Expr, out: Leaf[]): void {
  const pathOf = (f: Field): string[] => f.path.map(String);
  switch (expr.kind) {
    case 'and':
    case 'or':
      expr.operands.forEach((o) => leavesOf(o, out));
      return;
    case 'not':
      leavesOf(expr.operand, out);
      return;
    case 'compare':
      if (expr.left.kind === 'field' && expr.right.kind === 'literal') {
        out.push({ path: pathOf(expr.left), values: [expr.right.value] });
      }
      return;
    case 'in':
      if (expr.left.kind === 'field') {
        const values = expr.values.flatMap((v) => (v.kind === 'literal' ? [v.value] : []));
        out.push({ path: pathOf(expr.left), values });
      }
      return;
    case 'match':
      if (expr.left.kind === 'field') {
        out.push({ path: pathOf(expr.left), values: expr.patterns.map((p) => ({ pattern: p.value, op: expr.op })) });
      }
      return;
    case 'call':
      for (const arg of expr.args) if (arg.kind === 'field') out.push({ path: pathOf(arg), values: ['x', 'abc', 1] });
      return;
    default:
      return;
  }
}

const FILLERS = ['', 'x', 'AbC', '\\', '/tmp/', 'Windows', '😀', '.exe', ' ', '*'];

function instantiate(value: unknown, rnd: () => number): unknown {
  if (typeof value === 'object' && value !== null && 'pattern' in value) {
    const { pattern, op } = value as { pattern: unknown; op: string };
    if (typeof pattern !== 'string') return pattern;
    if (op === 'regex') return pattern.replace(/[^a-zA-Z0-9 ._-]/g, '');
    let out = '';
    for (const ch of pattern) {
      if (ch === '*') out += FILLERS[Math.floor(rnd() * FILLERS.length)];
      else if (ch === '?') out += rnd() < 0.9 ? 'C' : '😀';
      else out += ch;
    }
    return rnd() < 0.3 ? out.toUpperCase() : out;
  }
  if (typeof value === 'string' && rnd() < 0.1) return value.toUpperCase();
  if (typeof value === 'number' && rnd() < 0.2) return String(value);
  return value;
}

function setPath(event: Record<string, unknown>, path: string[], value: unknown, rnd: () => number): void {
  // Nest the first `split` segments and join the rest into one flat dotted key.
  const split = rnd() < 0.15 ? Math.floor(rnd() * path.length) : path.length - 1;
  let node = event;
  for (const key of path.slice(0, split)) {
    const existing = node[key];
    if (typeof existing !== 'object' || existing === null || Array.isArray(existing)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.slice(split).join('.')] = value;
}

/** The event queries of a plan. */
export function queriesOf(plan: RulePlan): EventQuery[] {
  const body = plan.query.body;
  if (body.kind === 'event') return [body];
  return [...body.stages.map((s) => s.query), ...(body.kind === 'sequence' && body.until ? [body.until.query] : [])];
}

/**
 * `count` events aimed at the given rules (each event takes literals from one or two).
 *
 * @example ruleEvents(plans, 300, 42).length // 300
 */
export function ruleEvents(plans: readonly RulePlan[], count: number, seed: number): object[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const events: object[] = [];
  for (let n = 0; n < count; n++) {
    const event: Record<string, unknown> = {};
    const sources = [pick(plans), ...(rnd() < 0.3 ? [pick(plans)] : [])];
    const categories = new Set<string>();
    for (const plan of sources) {
      const query = pick(queriesOf(plan));
      if (query.category !== null) categories.add(query.category);
      const leaves: Leaf[] = [];
      leavesOf(query.condition, leaves);
      for (const leaf of leaves) {
        if (rnd() < 0.15 || leaf.values.length === 0) continue;
        let value: unknown = instantiate(pick(leaf.values), rnd);
        if (rnd() < 0.1) value = [value, instantiate(pick(leaf.values), rnd)];
        if (rnd() < 0.03) value = null;
        setPath(event, leaf.path, value, rnd);
      }
    }
    if (rnd() < 0.1) categories.add('network');
    const cats = [...categories];
    if (cats.length > 0) setPath(event, ['event', 'category'], cats.length === 1 && rnd() < 0.5 ? cats[0] : cats, rnd);
    events.push(event);
  }
  return events;
}
