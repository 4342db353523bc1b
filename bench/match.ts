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
 * Every pack and engine is timed in a process of its own (see `lib/match-child.ts`), in
 * rounds that alternate the engines so that a burst of outside load cannot favour one of
 * them; the figure kept is the fastest pass, the one least disturbed by the rest of the
 * machine.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { benchEvents } from './fixtures/events.js';
import type { ChildTask, PackTiming, RuleTiming } from './lib/match-child.js';
import { matchReport, type PackResult, type RuleResult } from './lib/match-report.js';
import { saveReport } from './lib/results.js';
import { loadRuleSet, type RuleSet } from './lib/rules.js';
import type { BenchOptions } from './lib/stage.js';

const DEFAULT_EVENTS = 20_000;
/** Events each rule alone, and the interpreted packs, are timed on: the first ones. */
const PER_RULE_EVENTS = 2_000;
const CHILD = fileURLToPath(new URL('./lib/match-child.js', import.meta.url));
const run$ = promisify(execFile);

/** Runs a measurement in a fresh process and returns what it printed. */
async function child<T>(task: ChildTask): Promise<T> {
  const { stdout } = await run$(process.execPath, [CHILD, JSON.stringify(task)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as T;
}

/** Runs the benchmark, prints the report and saves it. */
export async function run(options: BenchOptions): Promise<void> {
  const events = options.events ?? DEFAULT_EVENTS;
  const seed = options.seed ?? 1;
  const quick = options.quick;
  const fixture = benchEvents({ count: events, seed });
  const sets: RuleSet[] = [];
  const notes: string[] = [];
  for (const name of ['elastic', 'demo'] as const) {
    const set = await loadRuleSet(name);
    if (set) sets.push(set);
    else notes.push(`Rule set \`${name}\` not found; skipped.`);
  }
  for (const note of notes) process.stderr.write(`match: ${note}\n`);
  if (sets.length === 0) return;

  const packs: PackResult[] = [];
  for (const set of sets) {
    const name = set.name as ChildTask['set'];
    const perEvent = { compiled: Infinity, interpreted: Infinity };
    let last: Record<'compiled' | 'interpreted', PackTiming> | undefined;
    for (let round = 0; round < (quick ? 1 : 2); round++) {
      const slice = Math.min(PER_RULE_EVENTS, events);
      const task = { kind: 'pack', set: name, events, slice, seed, quick } as const;
      const timing = {
        compiled: await child<PackTiming>({ ...task, engine: 'compiled' }),
        interpreted: await child<PackTiming>({ ...task, engine: 'interpreted' }),
      };
      for (const engine of ['compiled', 'interpreted'] as const) {
        const t = timing[engine];
        perEvent[engine] = Math.min(perEvent[engine], (t.bestMs * 1e6) / t.timedEvents);
      }
      last = timing;
    }
    const { compiled, interpreted } = last!;
    if (compiled.failing.length > 0) {
      const list = compiled.failing.map((n) => `\`${n}\``).join(', ');
      notes.push(`Left out of \`${set.name}\` as matching them throws on these events: ${list}`);
    }
    packs.push({
      set: set.name,
      rules: compiled.rules,
      compiledNs: perEvent.compiled,
      interpretedNs: perEvent.interpreted,
      matches: { compiled: compiled.matches, interpreted: interpreted.matches },
    });
  }

  const slice = Math.min(PER_RULE_EVENTS, events);
  const perRule: RuleResult[] = [];
  for (const set of sets) {
    const name = set.name as ChildTask['set'];
    const task = { kind: 'rules', set: name, events, slice, seed, quick } as const;
    const timings = await child<RuleTiming[]>(task);
    perRule.push(...timings.map((t) => ({ set: set.name, ...t })));
  }

  const markdown = matchReport({ fixture, sets, packs, perRule, perRuleEvents: slice, notes });
  process.stdout.write(`${markdown}\n`);
  if (options.save) {
    const saved = saveReport('match', markdown, { events, packs, perRule });
    process.stdout.write(`\nsaved ${saved.latest}\n  and ${saved.raw}\n`);
  }
}
