/**
 * `eqlscan bench --rules R... INPUT...`: which of your rules cost the most on your data.
 *
 * Reads up to N events from the inputs once, then times every rule alone over them, compiled
 * and interpreted, and ranks the rules by compiled cost: nanoseconds per event, matches, and
 * share of the whole. Reading and decoding are not timed: this is the matching alone, on one
 * core, which is what adding or removing a rule changes.
 */
import { EqlError } from '../../errors.js';
import { loadRuleSet } from '../../execute/rules.js';
import { planRules } from '../../plan/index.js';
import { benchJson, benchTable } from '../../report/bench-format.js';
import { readBenchEvents } from '../../report/bench-events.js';
import { measureRuleCosts } from '../../report/bench.js';
import { formatRuleProblems } from '../../report/summary.js';

const USAGE = `usage: eqlscan bench --rules PATH... [options] INPUT...

Times every rule alone over the first events of the inputs (files, folders, globs, or -),
compiled and interpreted, and ranks the rules by compiled cost per event.

  --rules PATH            rule files or folders; repeatable
  --query EQL             an EQL query to time as well; repeatable
  --events N              events to read and time each rule on (default 5000)
  --top N                 rules in the table (default 20; 0 for all); --json has all
  --min-ms N              milliseconds timed per rule and engine (default 10)
  --category-field FIELD  the event category field (default event.category)
  --json                  print one JSON document instead of the table

exit codes: 0 done; 2 usage error, no rule or no event
`;

/** `eqlscan bench` options after checking. */
export interface BenchArgs {
  rulePaths: string[];
  queries: string[];
  inputs: string[];
  events: number;
  top: number;
  minMs: number;
  categoryField: string;
  json: boolean;
  help: boolean;
}

/**
 * Parses `eqlscan bench` arguments.
 *
 * @throws EqlError 'option' naming the option at fault.
 */
export function parseBenchArgs(args: readonly string[]): BenchArgs {
  const parsed: BenchArgs = {
    rulePaths: [], queries: [], inputs: [], events: 5000, top: 20, minMs: 10,
    categoryField: 'event.category', json: false, help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      parsed.inputs.push(arg);
      continue;
    }
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new EqlError('option', `${arg}: missing value`);
      return v;
    };
    const integer = (min: number): number => {
      const text = value();
      if (!/^\d+$/.test(text) || Number(text) < min) {
        throw new EqlError('option', `${arg}: expected an integer >= ${min}, got '${text}'`);
      }
      return Number(text);
    };
    switch (arg) {
      case '-h': case '--help': parsed.help = true; break;
      case '--rules': case '-r': parsed.rulePaths.push(value()); break;
      case '--query': case '-q': parsed.queries.push(value()); break;
      case '--events': parsed.events = integer(1); break;
      case '--top': parsed.top = integer(0); break;
      case '--min-ms': parsed.minMs = integer(1); break;
      case '--category-field': parsed.categoryField = value(); break;
      case '--json': parsed.json = true; break;
      default: throw new EqlError('option', `unknown option ${arg} (see eqlscan bench --help)`);
    }
  }
  if (!parsed.help) {
    if (parsed.rulePaths.length === 0 && parsed.queries.length === 0) {
      throw new EqlError('option', 'no rules: give --rules PATH or --query EQL');
    }
    if (parsed.inputs.length === 0) throw new EqlError('option', 'no input: give files, folders or -');
  }
  return parsed;
}

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[]): Promise<number> {
  const parsed = parseBenchArgs(args);
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const set = await loadRuleSet({
    paths: parsed.rulePaths, queries: parsed.queries, categoryField: parsed.categoryField,
  });
  process.stderr.write(formatRuleProblems(set));
  const { plans } = planRules(set.rules, { categoryField: parsed.categoryField });
  if (plans.length === 0) {
    process.stderr.write(`eqlscan: no rule to time (${set.failed.length} failed, ` +
      `${set.skipped.length} not EQL)\n`);
    return 2;
  }

  const read = await readBenchEvents(parsed.inputs, parsed.events);
  for (const f of read.failed) process.stderr.write(`eqlscan: ${f.path}: ${f.reason}\n`);
  if (read.events.length === 0) {
    process.stderr.write('eqlscan: no event in the inputs\n');
    return 2;
  }

  const progress = process.stderr.isTTY === true;
  const costs = measureRuleCosts(plans, read.events, {
    categoryField: parsed.categoryField,
    minMs: parsed.minMs,
    onRule: progress ? (done, total) => process.stderr.write(`\rtiming rules: ${done}/${total}`) : undefined,
  });
  if (progress) process.stderr.write('\r\x1b[K');

  const summary = { ...read, events: read.events.length, costs };
  process.stdout.write(parsed.json ? benchJson(summary) : benchTable(summary, parsed.top));
  return 0;
}
