/**
 * A rule set made ready to run inside a worker: plans, the matcher pack, the prefilter and
 * the line parser, built once per worker and reused for every shard under the same key.
 */
import { compilePack, interpretedPack } from '../compile/index.js';
import type { Pack } from '../compile/index.js';
import { compilePrefilter, packLiterals } from '../compile/prefilter.js';
import type { Prefilter } from '../compile/prefilter.js';
import { InternalError } from '../errors.js';
import { createParser } from '../pool/standin.js';
import type { Parser } from '../pool/standin.js';
import { planRules, type Rule, type RulePlan } from '../plan/index.js';
import type { ExecOptions, RulePayload } from '../pool/messages.js';

/** Everything needed to turn lines into matches for one rule set. */
export interface Executor {
  readonly options: ExecOptions;
  /** Single-event rule plans, in the order of the rules they came from. */
  readonly plans: readonly RulePlan[];
  readonly pack: Pack;
  /** Null when the prefilter is off. */
  readonly prefilter: Prefilter | null;
  readonly parser: Parser;
}

/**
 * Plans and compiles single-event rules.
 *
 * Sequence and sample rules never reach this point: the scan sets them aside before rules
 * are sent to workers (see `splitRules`). Running them needs events from every shard in
 * timestamp order, which is a different pipeline from this per-line one.
 *
 * @throws InternalError when a rule does not plan: the main thread planned them all already.
 */
export function createExecutor(rules: readonly Rule[], options: ExecOptions): Executor {
  const { plans, failed } = planRules(rules, { categoryField: options.categoryField });
  if (failed.length > 0) throw new InternalError(`rule did not plan in a worker: ${failed[0]!.message}`);
  const notEvent = plans.find((p) => p.kind !== 'event');
  if (notEvent) throw new InternalError(`${notEvent.kind} rule sent to a worker: ${notEvent.rule.id}`);

  const packOptions = { categoryField: options.categoryField };
  const pack = options.engine === 'compiled'
    ? compilePack(plans, packOptions)
    : interpretedPack(plans, packOptions);
  const prefilter = options.prefilter ? compilePrefilter(packLiterals(plans)) : null;
  return { options, plans, pack, prefilter, parser: createParser(options.parser) };
}

const cache = new Map<string, Executor>();

/** The executor for a payload, compiled on first use and kept for the worker's life. */
export function executorFor(payload: RulePayload): Executor {
  let exec = cache.get(payload.key);
  if (!exec) {
    // A worker serves one scan at a time; an old rule set is garbage once the key changes.
    cache.clear();
    exec = createExecutor(payload.rules, payload.options);
    cache.set(payload.key, exec);
  }
  return exec;
}
