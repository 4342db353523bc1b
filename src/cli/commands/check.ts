/**
 * `eqlscan check PATH...`: loads every rule in the given files and folders, parses, verifies
 * and compiles each, and reports every failure as `FILE:LINE:COL: message`.
 *
 * The last line counts the outcome: `N rules: A compiled, B failed, C skipped (not EQL)`.
 * Exit codes: 0 when every EQL rule compiled, 1 when any failed, 2 on a usage error.
 */
import { compileEventQuery } from '../../compile/index.js';
import { EqlError } from '../../errors.js';
import {
  inRuleFile,
  loadRules,
  planRules,
  type RuleFailure,
  type RulePlan,
} from '../../plan/index.js';

const USAGE = 'usage: eqlscan check PATH...   (rule files or folders: .toml, .md, .ndjson, .eql)\n';

/** How `check` turns a plan into something runnable; throws EqlError when it cannot. */
export type CompileCheck = (plan: RulePlan) => void;

/** Options for `checkRules` and `run`. */
export interface CheckOptions {
  /** The compile step; `compileWithMatcher` when absent. */
  compileCheck?: CompileCheck;
}

/**
 * Compiles every event query of a plan (the query of a single-event rule, or each stage and
 * the `until` of a sequence or sample) into a compiled matcher, as a scan would.
 */
export const compileWithMatcher: CompileCheck = (plan) => {
  const body = plan.query.body;
  const queries = body.kind === 'event' ? [body] : body.stages.map((s) => s.query);
  if (body.kind === 'sequence' && body.until) queries.push(body.until.query);
  for (const query of queries) {
    compileEventQuery(query, { categoryField: 'event.category' }, plan.query.source);
  }
};

/** The outcome of checking some rule files. */
export interface CheckReport {
  /** Rules compiled, failed and skipped, together. */
  total: number;
  compiled: number;
  /** In file order, load failures and rule failures together. */
  failures: RuleFailure[];
  skipped: number;
}

/**
 * Loads, plans and compiles every rule under `paths`.
 *
 * @example (await checkRules(['rules/'])).compiled // 884
 * @throws EqlError 'io' when a path does not exist.
 */
export async function checkRules(
  paths: string[],
  options: CheckOptions = {},
): Promise<CheckReport> {
  const compile = options.compileCheck ?? compileWithMatcher;
  const loaded = await loadRules(paths);
  const planned = planRules(loaded.rules);

  const failures = [...loaded.failed, ...planned.failed];
  let compiled = 0;
  for (const plan of planned.plans) {
    try {
      compile(plan);
      compiled++;
    } catch (err) {
      if (!(err instanceof EqlError) || err.code === 'internal') throw err;
      failures.push(inRuleFile(err, plan.rule).toFailure(plan.rule));
    }
  }
  failures.sort(
    (a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column,
  );
  const skipped = loaded.skipped.length;
  return { total: compiled + failures.length + skipped, compiled, failures, skipped };
}

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[], options: CheckOptions = {}): Promise<number> {
  const paths: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      paths.push(arg);
    } else if (arg === '--') {
      optionsEnded = true;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    } else {
      process.stderr.write(`eqlscan check: unknown option '${arg}'\n${USAGE}`);
      return 2;
    }
  }
  if (paths.length === 0) {
    process.stderr.write(USAGE);
    return 2;
  }

  let report: CheckReport;
  try {
    report = await checkRules(paths, options);
  } catch (err) {
    if (!(err instanceof EqlError) || err.code !== 'io') throw err;
    process.stderr.write(`eqlscan check: ${err.message}\n`);
    return 2;
  }

  const { total, compiled, failures, skipped } = report;
  const lines = failures.map((f) => `${f.message}\n`);
  const counts = `${compiled} compiled, ${failures.length} failed, ${skipped} skipped (not EQL)`;
  lines.push(`${total} rules: ${counts}\n`);
  process.stdout.write(lines.join(''));
  return failures.length > 0 ? 1 : 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
