/**
 * A rule set made ready to run inside a worker: plans, the matcher pack, the prefilter and
 * the line parser (with the native backend, the addon's line filter and projector too),
 * built once per worker and reused for every shard under the same key.
 */
import { deserialize } from 'node:v8';

import { compilePack, interpretedPack } from '../compile/pack.js';
import type { Pack } from '../compile/index.js';
import { compilePrefilter, packLiterals } from '../compile/prefilter.js';
import type { Prefilter } from '../compile/prefilter.js';
import { createSchema } from '../event/index.js';
import type { Schema } from '../event/index.js';
import { InternalError } from '../errors.js';
import { createParser } from '../event/parse/index.js';
import type { Parser } from '../event/parse/index.js';
import { loadNative } from '../native/index.js';
import { planRules } from '../plan/plan.js';
import type { Rule, RulePlan } from '../plan/index.js';
import type { ExecOptions, SchemaSpec, SharedContent, TaskPayload } from '../pool/messages.js';
import { recordedPaths, StageHitRecorder } from './hits.js';
import { createNativeLines, type NativeLines } from './native-lines.js';

/** Everything needed to turn lines into matches for one rule set. */
export interface Executor {
  readonly options: ExecOptions;
  /** Rule plans, in the order of the rules they came from. */
  readonly plans: readonly RulePlan[];
  readonly pack: Pack;
  /** Null when the prefilter is off. */
  readonly prefilter: Prefilter | null;
  readonly parser: Parser;
  /** Finds sequence and sample stage hits; null when the rule set has no such rule. */
  readonly stages: StageHitRecorder | null;
  /**
   * The addon's line filter and projector, for `scanNativeLines`; null unless the parser
   * is `native` and the addon loads (then `scanLines` runs, with the same results).
   */
  readonly native: NativeLines | null;
}

/**
 * Plans and compiles the rules. Single-event rules match here; of sequence and sample rules
 * only the stage predicates run here, and their hits go back to the main thread, which
 * alone sees events from every shard in time order.
 *
 * @throws InternalError when a rule does not plan: the main thread planned them all already.
 */
export function createExecutor(rules: readonly Rule[], options: ExecOptions): Executor {
  const { plans, failed } = planRules(rules, { categoryField: options.categoryField });
  if (failed.length > 0) throw new InternalError(`rule did not plan in a worker: ${failed[0]!.message}`);
  return executorOf(plans, options);
}

/** Compiles rules planned already, for `options.categoryField`. */
export function executorOf(plans: readonly RulePlan[], options: ExecOptions): Executor {
  const schema = schemaOf(options.schema);
  // On the native parser a pack reads each line from its projected batch (`LineSource`),
  // which stands in for the walk whatever the pack's size, and needs no event built.
  const fromBatch = options.parser === 'native' && loadNative() !== null;
  const packOptions = {
    categoryField: options.categoryField, schema, readPaths: recordedPaths({ ...options, schema }),
    ...(fromBatch ? { fieldAccess: 'walk' as const } : {}),
  };
  const pack = options.engine === 'compiled'
    ? compilePack(plans, packOptions)
    : interpretedPack(plans, packOptions);
  const prefilter = options.prefilter ? compilePrefilter(packLiterals(plans, { schema })) : null;
  const stages = StageHitRecorder.create(plans, pack, { ...options, schema });
  const native = options.parser === 'native'
    ? createNativeLines(pack, prefilter, options, schema, stages)
    : null;
  return { options, plans, pack, prefilter, parser: createParser(options.parser), stages, native };
}

/** The schema a payload describes; undefined for the default one. */
export function schemaOf(spec: SchemaSpec | null | undefined): Schema | undefined {
  return spec ? createSchema(spec.types, spec.aliases, spec.nullValues) : undefined;
}

const cache = new Map<string, Executor>();

/**
 * The executor for a payload, compiled on first use and kept for the worker's life. A shared
 * payload's plans are deserialized only then.
 */
export function executorFor(payload: TaskPayload): Executor {
  let exec = cache.get(payload.key);
  if (!exec) {
    // A worker serves one scan at a time; an old rule set is garbage once the key changes.
    cache.clear();
    if ('shared' in payload) {
      const { plans, options } = deserialize(new Uint8Array(payload.shared)) as SharedContent;
      exec = executorOf(plans, options);
    } else {
      exec = createExecutor(payload.rules, payload.options);
    }
    cache.set(payload.key, exec);
  }
  return exec;
}
