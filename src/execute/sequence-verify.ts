/**
 * Verification of sequence and sample rules: the scan engine (stage hits in workers, merged
 * and matched on the main thread) against the reference (`runQuery` over every event held
 * in memory), on the same inputs. The two must report the same matches, in the same order:
 * the same events, by file and line, in stage order, under the same join keys.
 *
 * The reference holds the whole input in memory, so this is for small corpora: it is the
 * check that the two-phase design (sharding, merging, caps) changes nothing.
 */
import { interpreterEngine } from '../interpret/run-engine.js';
import { runQuery } from '../interpret/run.js';
import type { RulePlan } from '../plan/index.js';
import type { ExecOptions } from '../pool/messages.js';
import type { runScan } from '../pool/scan.js';
import type { SequenceAlert } from '../pool/stats.js';
import type { Scalar } from '../query/ast.js';
import { lineOf, planShards, readShard, resolveInputs } from '../source/index.js';
import { schemaOf } from './executor.js';
import type { StageLimits } from './sequence-run.js';

/** One rule's matches by both engines, each match as `key=[..] file:line file:line ...`. */
export interface SequenceComparison {
  plan: RulePlan;
  interpreter: string[];
  scan: string[];
  /** Index of the first match on which they differ; null when they agree. */
  firstDifference: number | null;
}

/** How to run both engines. */
export interface SequenceVerifyOptions {
  /**
   * The scan engine, passed in so that this folder does not depend on the pool's (the
   * pool runs executors, not the other way round).
   */
  scan: typeof runScan;
  exec: ExecOptions;
  workers: number;
  /** Small shards make sure matches cross shards; default chosen by the scan. */
  shardBytes?: number;
  stageLimits?: Partial<StageLimits>;
}

/**
 * Runs the sequence and sample rules among `plans` both ways over `inputs`.
 *
 * @example
 * const out = await verifySequences(plans, ['events.ndjson'], { scan: runScan, exec, workers: 2 });
 * out.filter((c) => c.firstDifference !== null); // []
 */
export async function verifySequences(
  plans: readonly RulePlan[],
  inputs: readonly string[],
  options: SequenceVerifyOptions,
): Promise<SequenceComparison[]> {
  const stagePlans = plans.filter((p) => p.kind !== 'event');
  if (stagePlans.length === 0) return [];
  const reference = await referenceMatches(stagePlans, inputs, options);

  const scanned = new Map<string, string[]>(stagePlans.map((p) => [p.rule.id, []]));
  const scan = options.scan({
    inputs,
    rules: { rules: stagePlans.map((p) => p.rule), unsupported: [], skipped: [], failed: [] },
    options: options.exec,
    workers: options.workers,
    shardBytes: options.shardBytes,
    stageLimits: options.stageLimits,
  });
  for (let step = await scan.next(); !step.done; step = await scan.next()) {
    if (!('kind' in step.value)) continue;
    const alert: SequenceAlert = step.value;
    const places = alert.events.map((e) => (e === null ? '-' : `${e.file}:${e.line}`));
    scanned.get(alert.rule.id)!.push(signature(alert.joinKeys, places));
  }

  return stagePlans.map((plan, i) => {
    const want = reference[i]!;
    const got = scanned.get(plan.rule.id)!;
    let first: number | null = null;
    for (let m = 0; m < Math.max(want.length, got.length); m++) {
      if (want[m] !== got[m]) {
        first = m;
        break;
      }
    }
    return { plan, interpreter: want, scan: got, firstDifference: first };
  });
}

/** Every rule's matches by `runQuery` over all events, in memory. */
async function referenceMatches(
  plans: readonly RulePlan[],
  inputs: readonly string[],
  options: SequenceVerifyOptions,
): Promise<string[][]> {
  const events: object[] = [];
  const places = new Map<object, string>();
  const { files } = await resolveInputs([...inputs]);
  for (const shard of planShards(files, { shardBytes: Number.MAX_SAFE_INTEGER })) {
    await readShard(shard, {}, (batch) => {
      for (let i = 0; i < batch.count; i++) {
        const text = batch.buf.toString('utf8', batch.starts[i]!, batch.ends[i]!);
        if (text.trim() === '') continue;
        let event: unknown;
        try {
          event = JSON.parse(text);
        } catch {
          continue;
        }
        if (typeof event !== 'object' || event === null || Array.isArray(event)) continue;
        events.push(event);
        places.set(event, `${shard.file.path}:${lineOf(batch, i) + 1}`);
      }
    });
  }

  const exec = options.exec;
  const schema = schemaOf(exec.schema);
  const engine = interpreterEngine({ categoryField: exec.categoryField, schema });
  const run = {
    categoryField: exec.categoryField,
    timestampField: exec.timestampField,
    tiebreakerField: exec.tiebreakerField ?? undefined,
    maxSamplesPerKey: options.stageLimits?.maxSamplesPerKey,
    schema,
  };
  return plans.map((plan) => {
    const result = runQuery(plan.query, events, engine, run);
    const matches = result.kind === 'sequences' ? result.sequences
      : result.kind === 'samples' ? result.samples
        : [];
    const placeOf = (e: object | null): string => (e === null ? '-' : places.get(e)!);
    return matches.map((m) => signature(m.joinKeys, m.events.map(placeOf)));
  });
}

function signature(keys: readonly Scalar[], places: readonly string[]): string {
  return `key=${JSON.stringify(keys)} ${places.join(' ')}`;
}
