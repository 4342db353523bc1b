/**
 * The matcher benchmark: compiled against interpreted, over the same events decoded once up
 * front, so the timed loops do matching alone (no reading, no JSON parsing).
 *
 * Two views, measured in one run:
 * - whole packs (the Elastic detection rules when present, and the demo rules): a compiled
 *   pack and an interpreted pack side by side, ns per event and the ratio;
 * - each rule alone, as a compiled matcher (`compileEventQuery`) and through the
 *   interpreter, on a slice of the same events: which rules cost the most compiled, their
 *   share of the sum, and how much compiling gained on each.
 *
 * Figures are the fastest pass over the events, the one least disturbed by whatever else the
 * machine is doing; packs are measured in several rounds that alternate the two engines, so
 * that a burst of outside load cannot favour one of them.
 */
import { Bench } from 'tinybench';

import {
  compileEventQuery,
  compilePack,
  interpretedPack,
  type Pack,
} from '../src/compile/index.js';
import { matchesEventQuery } from '../src/interpret/index.js';
import type { RulePlan } from '../src/plan/index.js';
import type { EventQuery } from '../src/query/ast.js';
import { benchEvents, type EventFixture } from './fixtures/events.js';
import { matchReport, type PackResult, type RuleResult } from './lib/match-report.js';
import { saveReport } from './lib/results.js';
import { loadRuleSet, type RuleSet } from './lib/rules.js';
import type { BenchOptions } from './lib/stage.js';

const DEFAULT_EVENTS = 20_000;
/** Events each rule alone is timed on: the first ones of the fixture. */
const PER_RULE_EVENTS = 2_000;
const PACK_OPTIONS = { categoryField: 'event.category' };

/** Runs the benchmark, prints the report and saves it. */
export async function run(options: BenchOptions): Promise<void> {
  const count = options.events ?? DEFAULT_EVENTS;
  const fixture = benchEvents({ count, seed: options.seed ?? 1 });
  const sets: RuleSet[] = [];
  const notes: string[] = [];
  for (const name of ['elastic', 'demo'] as const) {
    const set = await loadRuleSet(name);
    if (set) sets.push(set);
    else notes.push(`Rule set \`${name}\` not found; skipped.`);
  }
  for (const set of sets) {
    const failing = dropFailingRules(set, fixture.events);
    if (failing.length > 0) {
      const names = failing.map((p) => `\`${p.rule.name}\``).join(', ');
      notes.push(`Left out of \`${set.name}\` as matching them throws on these events: ${names}`);
    }
  }
  for (const note of notes) process.stderr.write(`match: ${note}\n`);
  if (sets.length === 0) return;

  const perRuleEvents = fixture.events.slice(0, PER_RULE_EVENTS);
  const packs = await measurePacks(sets, fixture.events, options.quick);
  const perRule: RuleResult[] = [];
  for (const set of sets) {
    for (const plan of set.plans) {
      perRule.push(await measureRule(set.name, plan, perRuleEvents, options.quick));
    }
  }

  const markdown = matchReport({
    fixture,
    sets,
    packs,
    perRule,
    perRuleEvents: perRuleEvents.length,
    notes,
  });
  process.stdout.write(`${markdown}\n`);
  if (options.save) {
    const saved = saveReport('match', markdown, { events: count, packs, perRule });
    process.stdout.write(`\nsaved ${saved.latest}\n  and ${saved.raw}\n`);
  }
}

/**
 * Removes from the set the rules whose matching throws on some event (a regular expression
 * that cannot run in linear time fails when first reached, in both engines), and returns them.
 */
function dropFailingRules(set: RuleSet, events: readonly object[]): RulePlan[] {
  const failing = set.plans.filter((plan) => {
    const pack = compilePack([plan], PACK_OPTIONS);
    try {
      pass(pack, events);
      return false;
    } catch {
      return true;
    }
  });
  set.plans = set.plans.filter((plan) => !failing.includes(plan));
  return failing;
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

/** One pass of a single-rule predicate over every event. */
function passOne(test: (event: object) => boolean, events: readonly object[]): number {
  let matches = 0;
  for (let i = 0; i < events.length; i++) if (test(events[i]!)) matches++;
  return matches;
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

async function measurePacks(
  sets: RuleSet[],
  events: readonly object[],
  quick: boolean,
): Promise<PackResult[]> {
  const built = sets.map((set) => {
    const compiled = compilePack(set.plans, PACK_OPTIONS);
    const interpreted = interpretedPack(set.plans, PACK_OPTIONS);
    // These passes also warm both engines up before any timing.
    const matches = { compiled: pass(compiled, events), interpreted: pass(interpreted, events) };
    const best = { compiled: Infinity, interpreted: Infinity };
    return { set, compiled, interpreted, matches, best };
  });

  const rounds = quick ? 1 : 3;
  for (let round = 0; round < rounds; round++) {
    // The interpreter takes many seconds a pass over a large pack: one pass a round. The
    // compiled packs run for a time budget instead, long enough to settle.
    const compiledBench = new Bench({
      time: quick ? 200 : 1500,
      iterations: quick ? 2 : 5,
      warmup: round === 0,
      warmupIterations: 2,
      warmupTime: 200,
      throws: true,
    });
    const interpretedBench = new Bench({ time: 0, iterations: 1, warmup: false, throws: true });
    for (const b of built) {
      compiledBench.add(b.set.name, () => pass(b.compiled, events));
      interpretedBench.add(b.set.name, () => pass(b.interpreted, events));
    }
    await compiledBench.run();
    await interpretedBench.run();
    for (const b of built) {
      b.best.compiled = Math.min(b.best.compiled, fastestMs(compiledBench, b.set.name));
      b.best.interpreted = Math.min(b.best.interpreted, fastestMs(interpretedBench, b.set.name));
    }
  }

  return built.map(({ set, matches, best }) => ({
    set: set.name,
    rules: set.plans.length,
    compiledNs: (best.compiled * 1e6) / events.length,
    interpretedNs: (best.interpreted * 1e6) / events.length,
    matches,
  }));
}

async function measureRule(
  set: string,
  plan: RulePlan,
  events: readonly object[],
  quick: boolean,
): Promise<RuleResult> {
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
    set,
    id: plan.rule.id,
    name: plan.rule.name,
    compiledNs: (fastestMs(bench, 'compiled') * 1e6) / events.length,
    interpretedNs: (fastestMs(bench, 'interpreted') * 1e6) / events.length,
  };
}
