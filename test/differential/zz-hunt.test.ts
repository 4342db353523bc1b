import fc from 'fast-check';
import { test } from 'vitest';
import { compileEventQuery } from '../../src/compile/index.js';
import { caseArb, describeDisagreement, interpreted, parseCase, verdictMatcher, type MatcherFactory } from './cases.js';
const compiled: MatcherFactory = (q, o) => { const m = compileEventQuery(q, o); return (e) => m.test(e); };
test('hunt', { timeout: 3_600_000 }, () => {
  const seen = new Set<string>();
  for (let seed = 1; seed <= Number(process.env.SEEDS ?? 20); seed++) {
    const r = fc.check(fc.property(caseArb.filter((c) => (!process.env.NOOPT || !/\?[A-Za-z`@é]/.test(c.query)) && (!process.env.NONOT || !/\bnot /.test(c.query))), (c) => {
      const p = parseCase(c);
      const a = process.env.POS ? (() => { const m = interpreted(p.query, p.options); return (e: object) => m(e); })() : verdictMatcher(interpreted, p);
      const b = process.env.POS ? (() => { const m = compiled(p.query, p.options); return (e: object) => m(e); })() : verdictMatcher(compiled, p);
      for (const e of c.events) { const w = a(e), g = b(e); if (w !== g) throw new Error(describeDisagreement(c, e, { interpreter: w, compiled: g })); }
    }), { numRuns: 3000, seed });
    if (r.failed) {
      const msg = String((r.errorInstance as Error)?.message ?? r.error).split('\n').slice(0, 5).join('\n');
      const key = msg.split('\n')[0]!;
      if (!seen.has(key)) { seen.add(key); console.log(`--- seed ${seed}\n${msg}`); }
    }
  }
});
