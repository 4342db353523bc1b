/**
 * One measurement of the matcher benchmark, in a process of its own.
 *
 * V8 tunes shared code (the pack's walk and dispatch, the runtime helpers, the interpreter)
 * to the types it has seen, so a pack timed after another pack, or after hundreds of
 * single-rule matchers, runs slower than the same pack in a worker that only ever runs it.
 * Each pack and engine is therefore timed in a fresh process, as a worker would run it; the
 * parent (`bench/match.ts`) alternates them and keeps the fastest pass.
 *
 * Usage (from `dist/`): `node bench/lib/match-child.js JSON`, where JSON is a `ChildTask`;
 * the result is printed as one line of JSON.
 */
import { Bench } from 'tinybench';

import {
  compileEventQuery,
  compilePack,
  interpretedPack,
  type Pack,
} from '../../src/compile/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import type { RulePlan } from '../../src/plan/index.js';
import type { EventQuery } from '../../src/query/ast.js';
import { benchEvents } from '../fixtures/events.js';
import { loadRuleSet, RULE_SETS, type RuleSet } from './rules.js';

const PACK_OPTIONS = { categoryField: 'event.category' };

/** What to measure. */
export type ChildTask = PackTask | RulesTask;

/** Time a whole pack with one engine over the fixture of `events` events. */
export interface PackTask {
  kind: 'pack';
  set: keyof typeof RULE_SETS;
  engine: 'compiled' | 'interpreted';
  events: number;
  /** Both engines are timed on the first `slice` events: the interpreter is ~100x slower. */
  slice: number;
  seed: number;
  quick: boolean;
}

/** Time each rule alone, both ways, over the first `slice` events of the fixture. */
export interface RulesTask {
  kind: 'rules';
  set: keyof typeof RULE_SETS;
  events: number;
  slice: number;
  seed: number;
  quick: boolean;
}

/** A pack timed on the whole fixture. */
export interface PackTiming {
  rules: number;
  /** Fastest pass, in milliseconds, over `timedEvents` events. */
  bestMs: number;
  timedEvents: number;
  /** Matches over the first `slice` events, which both engines see. */
  matches: number;
  /** Rules left out because matching them throws on these events. */
  failing: string[];
  otherKinds: number;
  failed: number;
}

/** One rule timed alone, both ways, in nanoseconds per event. */
export interface RuleTiming {
  id: string;
  name: string;
  compiledNs: number;
  interpretedNs: number;
}

/** One pass of a pack over every event; the count of matches keeps the work observable. */
function pass(pack: Pack, events: readonly object[]): number {
  const out: number[] = [];
  let matches = 0;
  for (let i = 0; i < events.length; i++) {
    out.length = 0;
    matches += pack.match(events[i]!, out).length;
  }
  return matches;
}

/**
 * Removes from the set the rules whose matching throws on some event (a pattern that fails
 * when first reached, in both engines), and returns their names.
 */
function dropFailingRules(set: RuleSet, events: readonly object[]): string[] {
  const failing = set.plans.filter((plan) => {
    try {
      pass(compilePack([plan], PACK_OPTIONS), events);
      return false;
    } catch {
      return true;
    }
  });
  set.plans = set.plans.filter((plan) => !failing.includes(plan));
  return failing.map((p) => p.rule.name);
}

/** The fastest iteration of a finished task, in milliseconds. */
function fastestMs(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('latency' in result)) {
    const why = result && 'error' in result ? `: ${result.error.message}` : '';
    throw new Error(`benchmark task ${name} did not complete${why}`);
  }
  return result.latency.min;
}

async function timePack(task: PackTask): Promise<PackTiming> {
  const all = benchEvents({ count: task.events, seed: task.seed }).events;
  const set = await loadRuleSet(task.set);
  if (!set) throw new Error(`rule set ${task.set} not found`);
  const failing = dropFailingRules(set, all);
  const make = task.engine === 'compiled' ? compilePack : interpretedPack;
  const pack = make(set.plans, PACK_OPTIONS);
  const shared = all.slice(0, Math.min(task.slice, all.length));
  // Both engines time the same events: the first ones of the fixture can cost more or less
  // than the average, and a ratio over different events would mislead.
  const events = shared;
  // This pass warms the engine up as well.
  const matches = pass(pack, shared);
  // The interpreter takes seconds a pass over a large pack: a fixed number of passes. The
  // compiled pack runs for a time budget instead, long enough to settle.
  const quick = task.quick;
  const bench =
    task.engine === 'compiled'
      ? new Bench({
          time: quick ? 200 : 1500,
          iterations: quick ? 2 : 5,
          warmupIterations: 2,
          warmupTime: 200,
          throws: true,
        })
      : new Bench({ time: 0, iterations: quick ? 1 : 2, warmup: false, throws: true });
  bench.add('pass', () => pass(pack, events));
  await bench.run();
  return {
    rules: set.plans.length,
    bestMs: fastestMs(bench, 'pass'),
    timedEvents: events.length,
    matches,
    failing,
    otherKinds: set.otherKinds,
    failed: set.failed,
  };
}

/** One pass of a single-rule predicate over every event. */
function passOne(test: (event: object) => boolean, events: readonly object[]): number {
  let matches = 0;
  for (let i = 0; i < events.length; i++) if (test(events[i]!)) matches++;
  return matches;
}

async function timeRule(
  plan: RulePlan,
  events: readonly object[],
  quick: boolean,
): Promise<RuleTiming> {
  const query = plan.query.body as EventQuery;
  const compiled = compileEventQuery(query, PACK_OPTIONS, plan.query.source);
  const compiledTest = (event: object): boolean => compiled.test(event);
  const interpretedTest = (event: object): boolean =>
    matchesEventQuery(query, event, PACK_OPTIONS);
  const bench = new Bench({
    time: quick ? 3 : 10,
    iterations: quick ? 2 : 3,
    warmupTime: quick ? 1 : 5,
    warmupIterations: 1,
    throws: true,
  });
  bench.add('compiled', () => passOne(compiledTest, events));
  bench.add('interpreted', () => passOne(interpretedTest, events));
  await bench.run();
  return {
    id: plan.rule.id,
    name: plan.rule.name,
    compiledNs: (fastestMs(bench, 'compiled') * 1e6) / events.length,
    interpretedNs: (fastestMs(bench, 'interpreted') * 1e6) / events.length,
  };
}

async function timeRules(task: RulesTask): Promise<RuleTiming[]> {
  const fixture = benchEvents({ count: task.events, seed: task.seed });
  const events = fixture.events.slice(0, task.slice);
  const set = await loadRuleSet(task.set);
  if (!set) throw new Error(`rule set ${task.set} not found`);
  dropFailingRules(set, events);
  const timings: RuleTiming[] = [];
  for (const plan of set.plans) timings.push(await timeRule(plan, events, task.quick));
  return timings;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '') as ChildTask;
  const result = task.kind === 'pack' ? await timePack(task) : await timeRules(task);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
