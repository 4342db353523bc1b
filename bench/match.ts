/**
 * The matcher benchmark: compiled packs against interpreted packs, over the same events
 * decoded once up front, so the timed loop is matching alone (no reading, no JSON parsing).
 *
 * Two views, measured in one run:
 * - whole packs (the Elastic detection rules when present, and the demo rules), compiled and
 *   interpreted side by side: ns per event and the ratio;
 * - each rule alone, in a pack of its own, on a slice of the same events: which rules cost
 *   the most compiled, their share of the sum, and how much compiling gained on each.
 */
import { Bench } from 'tinybench';

import { compilePack, interpretedPack, type Pack } from '../src/compile/index.js';
import type { RulePlan } from '../src/plan/index.js';
import { benchEvents, type EventFixture } from './fixtures/events.js';
import { hostLine, saveReport } from './lib/results.js';
import { loadRuleSet, type RuleSet } from './lib/rules.js';
import type { BenchOptions } from './lib/stage.js';
import {
  cell,
  formatCount,
  formatNs,
  formatRatio,
  formatShare,
  markdownTable,
} from './lib/table.js';

const DEFAULT_EVENTS = 20_000;
/** Events each rule alone is timed on: the first ones of the fixture. */
const PER_RULE_EVENTS = 5_000;
const TOP_RULES = 20;
const PACK_OPTIONS = { categoryField: 'event.category' };

/** One pack measured both ways. */
interface PackResult {
  set: string;
  rules: number;
  compiledNs: number;
  interpretedNs: number;
  /** Rule matches over the fixture, per engine: they must be equal for the figures to count. */
  matches: { compiled: number; interpreted: number };
}

/** One rule measured alone both ways. */
interface RuleResult {
  set: string;
  id: string;
  name: string;
  compiledNs: number;
  interpretedNs: number;
}

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
      notes.push(
        `Left out of \`${set.name}\` because matching them throws on these events: ` +
          failing.map((p) => `\`${p.rule.name}\``).join(', '),
      );
    }
  }
  for (const note of notes) process.stderr.write(`match: ${note}\n`);
  if (sets.length === 0) return;

  const packs = await measurePacks(sets, fixture, options.quick);
  const perRule = await measureRules(sets, fixture, options.quick);
  const markdown = report(fixture, sets, packs, perRule, notes);
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

/** Mean milliseconds per iteration of a finished task. */
function meanMs(bench: Bench, name: string): number {
  const result = bench.getTask(name)?.result;
  if (!result || !('latency' in result)) {
    const why = result && 'error' in result ? `: ${result.error.message}` : '';
    throw new Error(`benchmark task ${name} did not complete${why}`);
  }
  return result.latency.mean;
}

async function measurePacks(
  sets: RuleSet[],
  fixture: EventFixture,
  quick: boolean,
): Promise<PackResult[]> {
  const { events } = fixture;
  // The interpreter takes up to a minute per pass over a large pack, so it gets a fixed
  // number of passes; the compiled packs run for a time budget, long enough to settle.
  const compiledBench = new Bench({
    time: quick ? 300 : 3000,
    iterations: quick ? 3 : 10,
    warmupTime: quick ? 100 : 1000,
    warmupIterations: quick ? 1 : 5,
    throws: true,
  });
  const interpretedBench = new Bench({
    time: 0,
    iterations: quick ? 1 : 2,
    // The pass that counts matches below has warmed it up already.
    warmup: false,
    throws: true,
  });
  const built = sets.map((set) => {
    const compiled = compilePack(set.plans, PACK_OPTIONS);
    const interpreted = interpretedPack(set.plans, PACK_OPTIONS);
    const matches = { compiled: pass(compiled, events), interpreted: pass(interpreted, events) };
    compiledBench.add(set.name, () => pass(compiled, events));
    interpretedBench.add(set.name, () => pass(interpreted, events));
    return { set, matches };
  });
  await compiledBench.run();
  await interpretedBench.run();

  return built.map(({ set, matches }) => ({
    set: set.name,
    rules: set.plans.length,
    compiledNs: (meanMs(compiledBench, set.name) * 1e6) / events.length,
    interpretedNs: (meanMs(interpretedBench, set.name) * 1e6) / events.length,
    matches,
  }));
}

async function measureRules(
  sets: RuleSet[],
  fixture: EventFixture,
  quick: boolean,
): Promise<RuleResult[]> {
  const events = fixture.events.slice(0, PER_RULE_EVENTS);
  const results: RuleResult[] = [];
  for (const set of sets) {
    for (const plan of set.plans) results.push(await measureRule(set.name, plan, events, quick));
  }
  return results;
}

async function measureRule(
  set: string,
  plan: RulePlan,
  events: object[],
  quick: boolean,
): Promise<RuleResult> {
  const compiled = compilePack([plan], PACK_OPTIONS);
  const interpreted = interpretedPack([plan], PACK_OPTIONS);
  const bench = new Bench({
    time: quick ? 5 : 25,
    iterations: 2,
    warmupTime: quick ? 2 : 10,
    warmupIterations: 1,
    throws: true,
  });
  bench.add('compiled', () => pass(compiled, events));
  bench.add('interpreted', () => pass(interpreted, events));
  await bench.run();
  return {
    set,
    id: plan.rule.id,
    name: plan.rule.name,
    compiledNs: (meanMs(bench, 'compiled') * 1e6) / events.length,
    interpretedNs: (meanMs(bench, 'interpreted') * 1e6) / events.length,
  };
}

function report(
  fixture: EventFixture,
  sets: RuleSet[],
  packs: PackResult[],
  perRule: RuleResult[],
  notes: string[],
): string {
  const lines: string[] = [
    '# Matcher benchmark: compiled vs interpreted packs',
    '',
    `- ${new Date().toISOString().slice(0, 10)}, ${hostLine()}`,
    `- ${formatCount(fixture.events.length)} events (corpus generator, seed ${fixture.seed}, ` +
      `${(fixture.bytes / 1e6).toFixed(1)} MB as NDJSON), decoded before timing`,
    `- command: \`npm run bench -- match\``,
    ...sets.map(
      (s) =>
        `- rule set \`${s.name}\`: ${s.plans.length} single-event rules ` +
        `(${s.otherKinds} sequence/sample rules and ${s.failed} failed rules not included)`,
    ),
    ...notes.map((n) => `- ${n}`),
    '',
    '## Whole packs',
    '',
    markdownTable(
      [
        { title: 'rule set' },
        { title: 'rules', numeric: true },
        { title: 'compiled ns/event', numeric: true },
        { title: 'interpreted ns/event', numeric: true },
        { title: 'speed-up', numeric: true },
        { title: 'compiled events/s', numeric: true },
        { title: 'matches', numeric: true },
      ],
      packs.map((p) => [
        p.set,
        String(p.rules),
        formatNs(p.compiledNs),
        formatNs(p.interpretedNs),
        formatRatio(p.interpretedNs / p.compiledNs),
        formatCount(Math.round(1e9 / p.compiledNs)),
        p.matches.compiled === p.matches.interpreted
          ? formatCount(p.matches.compiled)
          : `MISMATCH ${p.matches.compiled} vs ${p.matches.interpreted}`,
      ]),
    ),
  ];

  for (const set of sets) {
    const rules = perRule.filter((r) => r.set === set.name);
    const total = rules.reduce((sum, r) => sum + r.compiledNs, 0);
    const totalInterpreted = rules.reduce((sum, r) => sum + r.interpretedNs, 0);
    const top = [...rules].sort((a, b) => b.compiledNs - a.compiledNs).slice(0, TOP_RULES);
    const events = Math.min(PER_RULE_EVENTS, fixture.events.length);
    lines.push(
      '',
      `## Rules alone: \`${set.name}\`, ${top.length} most expensive compiled`,
      '',
      `Each rule in a pack of its own, over the first ${formatCount(events)} events. Sum over ` +
        `all ${rules.length} rules: ${formatNs(total)} ns/event compiled, ` +
        `${formatNs(totalInterpreted)} ns/event interpreted ` +
        `(${formatRatio(totalInterpreted / total)}).`,
      '',
      markdownTable(
        [
          { title: '#', numeric: true },
          { title: 'rule' },
          { title: 'compiled ns/event', numeric: true },
          { title: 'share', numeric: true },
          { title: 'interpreted ns/event', numeric: true },
          { title: 'speed-up', numeric: true },
        ],
        top.map((r, i) => [
          String(i + 1),
          cell(r.name),
          formatNs(r.compiledNs),
          formatShare(r.compiledNs, total),
          formatNs(r.interpretedNs),
          formatRatio(r.interpretedNs / r.compiledNs),
        ]),
      ),
    );
  }
  return lines.join('\n');
}
