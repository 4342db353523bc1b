/**
 * Verification: the compiled pack and the reference interpreter run side by side over real
 * events, and every rule on which they differ for an event is reported.
 *
 * This is the differential test of `test/differential/` taken to a user's corpus and rules:
 * random queries find the corner cases of the grammar, and a corpus finds the corner cases
 * of real data. Only single-event rules are verified: a sequence or sample rule is counted
 * and set aside, as its stages need the events in time order across the whole corpus.
 */
import { compileEventQuery, compilePack, type CompiledQuery, type Pack } from '../compile/index.js';
import { EqlError } from '../errors.js';
import type { Schema } from '../event/index.js';
import type { FieldAccess, SlotSource } from '../compile/matcher.js';
import { matchesEventQuery } from '../interpret/index.js';
import type { Projector } from '../native/index.js';
import { inRuleFile, type RuleFailure, type RulePlan } from '../plan/index.js';
import type { EventQuery } from '../query/ast.js';
import { lineSourceFor, type LineSource } from './line-source.js';
import { withAliasTargets } from './native-lines.js';

/** How the engines read events. */
export interface VerifyOptions {
  /** The dotted field holding the category (`event.category`). */
  categoryField: string;
  schema?: Schema | undefined;
  /** How the compiled pack reads fields; `walk` as a native scan compiles it. */
  fieldAccess?: FieldAccess | undefined;
}

/**
 * A verdict: whether the rule matched, or `error` when matching it threw (a regular
 * expression that cannot run in linear time fails when first reached, in both engines).
 */
export type Verdict = boolean | 'error';

/** One rule on which the engines differ for one event. */
export interface RuleVerdicts {
  /** Index into `EventVerifier.plans`. */
  index: number;
  /** The reference verdict. */
  interpreted: Verdict;
  /** The compiled verdict. */
  compiled: Verdict;
}

/** The engines, ready to check events one at a time. */
export interface EventVerifier {
  /** The single-event rules being verified, in the order they were given. */
  readonly plans: readonly RulePlan[];
  /** Sequence and sample rules, which are not verified. */
  readonly setAside: readonly RulePlan[];
  /** Single-event rules the compiler rejected, positioned in their rule files. */
  readonly failed: readonly RuleFailure[];
  /**
   * (event, rule) matches each engine has found so far: a verification in which nothing
   * ever matches proves little, and these show it.
   */
  readonly matched: { interpreted: number; compiled: number };
  /**
   * Every field the compiled rules read (alias targets included): what a projecting
   * parser must keep of an event for them.
   */
  readonly fields: readonly string[];
  /**
   * The rules on which the engines differ for this event, in rule order; empty when they
   * agree on every rule. The interpreter reads `event`; the compiled pack reads
   * `compiled`, the same line as a projecting parser decoded it (default: `event`), or,
   * given `source`, reads that as a native scan does, `compiled` being a stand-in.
   */
  check(event: object, compiled?: object, source?: SlotSource): RuleVerdicts[];
  /**
   * A source the pack can read `projector`'s lines through, as a native scan reads them; null
   * when it cannot (`lineSourceFor`).
   */
  lineSource(projector: Projector): LineSource | null;
}

/**
 * Compiles the single-event rules among `plans` into one pack and prepares the interpreter
 * beside it. A rule the compiler rejects is left out of both engines and listed in `failed`,
 * so that one such rule cannot hide disagreements on the others.
 *
 * @example
 * const verifier = createVerifier(plans, { categoryField: 'event.category' });
 * for (const d of verifier.check(event)) console.log(verifier.plans[d.index].rule.id, d);
 */
export function createVerifier(plans: readonly RulePlan[], options: VerifyOptions): EventVerifier {
  const setAside = plans.filter((p) => p.kind !== 'event');
  const failed: RuleFailure[] = [];
  const compilable: RulePlan[] = [];
  // Rule by rule too, for events on which the pack as a whole throws.
  const singles: CompiledQuery[] = [];
  for (const plan of plans) {
    if (plan.kind !== 'event') continue;
    try {
      singles.push(compileEventQuery(plan.query.body as EventQuery, options, plan.query.source));
      compilable.push(plan);
    } catch (err) {
      if (!(err instanceof EqlError) || err.code === 'internal') throw err;
      failed.push(inRuleFile(err, plan.rule).toFailure(plan.rule));
    }
  }

  const pack: Pack = compilePack(compilable, options);
  const queries = compilable.map((p) => p.query.body as EventQuery);
  const compiledVerdicts: Verdict[] = new Array<Verdict>(queries.length).fill(false);
  const out: number[] = [];
  const matched = { interpreted: 0, compiled: 0 };

  const runCompiled = (event: object, source: SlotSource | undefined): void => {
    compiledVerdicts.fill(false);
    out.length = 0;
    try {
      if (source !== undefined) pack.begin(event, source);
      for (const i of pack.match(event, out)) compiledVerdicts[i] = true;
      return;
    } catch {
      // Some rule threw; ask each rule alone so that the others still get verdicts.
    }
    const real = source?.event() ?? event;
    for (let i = 0; i < singles.length; i++) {
      compiledVerdicts[i] = attempt(() => singles[i]!.test(real));
    }
  };

  const check = (event: object, compiled: object = event, source?: SlotSource): RuleVerdicts[] => {
    runCompiled(compiled, source);
    const differ: RuleVerdicts[] = [];
    for (let i = 0; i < queries.length; i++) {
      const interpreted = attempt(() => matchesEventQuery(queries[i]!, event, options));
      const compiled = compiledVerdicts[i]!;
      if (interpreted === true) matched.interpreted++;
      if (compiled === true) matched.compiled++;
      if (interpreted !== compiled) differ.push({ index: i, interpreted, compiled });
    }
    return differ;
  };

  const fields = withAliasTargets(pack.fields, options.schema);
  const lineSource = (projector: Projector): LineSource | null => lineSourceFor(pack, projector);
  return { plans: compilable, setAside, failed, matched, fields, check, lineSource };
}

/** Runs one rule on one event; an EqlError (a pattern failing when reached) is `error`. */
function attempt(test: () => boolean): Verdict {
  try {
    return test();
  } catch (err) {
    if (err instanceof EqlError && err.code !== 'internal') return 'error';
    throw err;
  }
}
