/**
 * Verification over inputs: reads every event of the given files (one thread, in file and
 * line order), checks each with an `EventVerifier`, and hands every disagreement, and every
 * line that is not an event, to the caller as it is found.
 *
 * With the native backend, each batch is also projected by the addon and the compiled pack
 * reads the projected lines (as a `--parser native` scan does: a big pack straight from the
 * batch, a small one from the projected events) while the interpreter reads JSON.parse's:
 * the native parser is verified along with the compiler.
 */
import type { SlotSource } from '../compile/matcher.js';
import { STATUS, type NativeBackend, type Projector } from '../native/index.js';
import {
  lineOf,
  planShards,
  readShard,
  resolveInputs,
  type InputFailure,
  type LineBatch,
} from '../source/index.js';
import { STAND_IN } from './line-source.js';
import type { EventVerifier, RuleVerdicts } from './verify.js';

/** Where an event came from: the input as the user named it, and its 1-based line. */
export interface EventPlace {
  file: string;
  line: number;
}

/** What to do with findings while the inputs are read. */
export interface VerifyRunHooks {
  /** One event on which the engines differ for one or more rules. */
  onDisagreement?(place: EventPlace, verdicts: RuleVerdicts[]): void;
  /** A line that is not a JSON object; `reason` says why. */
  onInvalid?(place: EventPlace, reason: string): void;
  /** An input that could not be read, wholly or from some offset on. */
  onInputFailure?(failure: InputFailure): void;
}

/** The totals of a verification run. */
export interface VerifyTotals {
  /** Events checked. */
  events: number;
  /** Events on which the engines differed for at least one rule. */
  eventsDiffering: number;
  /** (event, rule) pairs with different verdicts. */
  disagreements: number;
  /** Lines that were not JSON objects. */
  invalid: number;
  /** Inputs read (wholly or in part). */
  inputs: number;
  /** Inputs that could not be read (wholly or in part). */
  inputFailures: number;
}

const SHARD_WHOLE_FILE = Number.MAX_SAFE_INTEGER;

/** How events reach the compiled pack. */
export interface VerifyRunOptions {
  /** Project events for the compiled pack with this backend; default: JSON.parse's. */
  native?: NativeBackend | null;
}

/**
 * Reads the inputs (`-` for stdin) and checks every event.
 *
 * @example
 * const totals = await verifyInputs(verifier, ['events.ndjson.gz'], {
 *   onDisagreement: ({ file, line }, verdicts) => console.log(file, line, verdicts),
 * });
 */
export async function verifyInputs(
  verifier: EventVerifier,
  specs: readonly string[],
  hooks: VerifyRunHooks = {},
  options: VerifyRunOptions = {},
): Promise<VerifyTotals> {
  const totals: VerifyTotals = {
    events: 0,
    eventsDiffering: 0,
    disagreements: 0,
    invalid: 0,
    inputs: 0,
    inputFailures: 0,
  };
  const fail = (failure: InputFailure): void => {
    totals.inputFailures++;
    hooks.onInputFailure?.(failure);
  };

  const { files, failed } = await resolveInputs(specs);
  failed.forEach(fail);
  totals.inputs = files.length;
  const projector: Projector | null = options.native?.createProjector(verifier.fields) ?? null;
  // As a native scan reads a big pack: each line's fields from the batch, through slots.
  const source = projector === null ? null : verifier.lineSource(projector);

  for (const shard of planShards(files, { shardBytes: SHARD_WHOLE_FILE })) {
    const file = shard.file.path;
    const onBatch = (batch: LineBatch): void => {
      const projected = projector?.project(batch.buf, batch.starts, batch.ends, batch.count) ?? null;
      for (let i = 0; i < batch.count; i++) {
        const place = { file, line: lineOf(batch, i) + 1 };
        const text = batch.buf.toString('utf8', batch.starts[i]!, batch.ends[i]!);
        if (text.trim() === '') continue;
        const event = decodeEvent(text);
        if (typeof event === 'string') {
          totals.invalid++;
          hooks.onInvalid?.(place, event);
          continue;
        }
        // A line only JSON.parse takes (bad UTF-8, too deep) has no projection: the event.
        if (projected !== null && source !== null && projected.status[i] === STATUS.ok) {
          checkOne(verifier, event, STAND_IN, place, totals, hooks, source.at(projected, i, null));
        } else {
          const compiled = projected?.isEvent(i) ? projected.event(i) : event;
          checkOne(verifier, event, compiled, place, totals, hooks);
        }
      }
    };
    const summary = await readShard(shard, {}, onBatch);
    if (summary.error) {
      fail({ path: file, reason: `${summary.error.reason} at byte ${summary.error.offset}` });
    }
    for (const skipped of summary.skipped) {
      totals.invalid++;
      hooks.onInvalid?.({ file, line: skipped.line + 1 }, `line too long (${skipped.bytes} bytes)`);
    }
  }
  return totals;
}

function checkOne(
  verifier: EventVerifier,
  event: object,
  compiled: object,
  place: EventPlace,
  totals: VerifyTotals,
  hooks: VerifyRunHooks,
  source?: SlotSource,
): void {
  totals.events++;
  const verdicts = verifier.check(event, compiled, source);
  if (verdicts.length === 0) return;
  totals.eventsDiffering++;
  totals.disagreements += verdicts.length;
  hooks.onDisagreement?.(place, verdicts);
}

/** The event a line holds, or why it holds none. */
function decodeEvent(text: string): object | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `invalid JSON: ${(err as Error).message}`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'not a JSON object';
  }
  return value;
}
