/**
 * `eqlscan verify --rules PATH... INPUT...`: runs the compiled matchers and the reference
 * interpreter side by side over a corpus and reports every event on which they disagree.
 *
 * Each disagreement is one line, `FILE:LINE: RULE_ID (NAME): interpreter=V compiled=V`; the
 * last line counts the outcome: `N events, M rules, K disagreements`. Sequence and sample
 * rules are verified whole instead: the scan engine's matches against the interpreter's
 * over all events in memory (`RULE_ID (NAME): sequence matches differ at #I: ...`, then
 * `N sequence/sample rules, K differ`). With `--parser native` the compiled matchers (and the
 * scan engine) read the native parser's projected events, so the two are verified together.
 * Exit codes: 0 when the engines agree on every event and
 * rule, 1 on any disagreement (or a rule the compiler rejects, or an unreadable input), 2 on
 * a usage error.
 */
import { EqlError } from '../../errors.js';
import { createVerifier, type EventVerifier, type VerifyOptions } from '../../execute/verify.js';
import { verifyInputs, type VerifyTotals } from '../../execute/verify-run.js';
import { verifySequences } from '../../execute/sequence-verify.js';
import { loadNative, nativeUnavailableReason, type NativeBackend } from '../../native/index.js';
import { runScan } from '../../pool/scan.js';
import {
  loadRules,
  planRules,
  queryRule as bareRule,
  type Rule,
  type RuleFailure,
  type RulePlan,
} from '../../plan/index.js';

const USAGE = `usage: eqlscan verify [options] INPUT...

Runs every single-event rule with the compiled matchers and with the reference interpreter
over the events in INPUT (NDJSON files, plain or .gz, folders, globs, or - for stdin), and
prints each event and rule on which the two disagree.

  --rules PATH            rule files or folders (TOML, .md, NDJSON, .eql); repeatable
  --query EQL             an EQL query to verify as a rule of its own; repeatable
  --category-field FIELD  the event category field (default event.category)
  --timestamp-field FIELD sequences: the event time field (default @timestamp)
  --tiebreaker-field FIELD sequences: orders events with equal timestamps (default none)
  --max-reports N         print at most N disagreements (default 100; totals count all)
  --parser PARSER         json (default) or native: with native, the compiled matchers
                          read the events the native parser projects (only the fields the
                          rules read), the interpreter still JSON.parse's

exit codes: 0 the engines agree, 1 they disagree (or a rule does not compile, or an input
cannot be read), 2 usage error (or no rule or no input that can be used)
`;

interface VerifyArgs {
  rulePaths: string[];
  queries: string[];
  inputs: string[];
  categoryField: string;
  timestampField: string;
  tiebreakerField: string | null;
  maxReports: number;
  parser: 'json' | 'native';
  help: boolean;
}

/** Options for `run`. */
export interface VerifyCommandOptions {
  /** Builds the engines to compare; `createVerifier` when absent. */
  createVerifier?: (plans: readonly RulePlan[], options: VerifyOptions) => EventVerifier;
}

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[], options: VerifyCommandOptions = {}): Promise<number> {
  let parsed: VerifyArgs;
  try {
    parsed = parseArgs(args);
  } catch (err) {
    if (!(err instanceof EqlError)) throw err;
    process.stderr.write(`eqlscan verify: ${err.message}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.rulePaths.length + parsed.queries.length === 0 || parsed.inputs.length === 0) {
    const missing = parsed.inputs.length === 0 ? 'no INPUT given' : 'no --rules or --query given';
    process.stderr.write(`eqlscan verify: ${missing}\n${USAGE}`);
    return 2;
  }

  const rules = await gatherRules(parsed);
  if (rules === null) return 2;
  const native = parsed.parser === 'native' ? nativeBackend() : null;
  if (native === null) parsed.parser = 'json';
  const planned = planRules(rules.rules, { categoryField: parsed.categoryField });
  const failures = [...rules.failed, ...planned.failed];
  const build = options.createVerifier ?? createVerifier;
  // With the native parser, the pack is compiled and fed as a native scan does it.
  const access = native !== null ? { fieldAccess: 'walk' as const } : {};
  const verifier = build(planned.plans, { categoryField: parsed.categoryField, ...access });
  failures.push(...verifier.failed);
  for (const f of failures) process.stderr.write(`${f.message}\n`);
  if (verifier.plans.length === 0 && verifier.setAside.length === 0) {
    process.stderr.write('eqlscan verify: no rule to verify\n');
    return 2;
  }
  const sequencesDiffer = await verifyStageRules(verifier.setAside, parsed);
  if (verifier.plans.length === 0) return sequencesDiffer ? 1 : 0;

  const totals = await verifyAll(verifier, parsed, native);
  if (totals.inputs === 0) {
    process.stderr.write('eqlscan verify: no input could be read\n');
    return 2;
  }
  const { interpreted, compiled } = verifier.matched;
  process.stdout.write(
    `${totals.events} events, ${verifier.plans.length} rules, ` +
      `${totals.disagreements} disagreements (matches: interpreter ${interpreted}, ` +
      `compiled ${compiled})\n`,
  );
  const bad = totals.disagreements > 0 || failures.length > 0 || totals.inputFailures > 0 ||
    sequencesDiffer;
  return bad ? 1 : 0;
}

/** Sequence and sample rules, scan engine against interpreter; true when any differ. */
async function verifyStageRules(plans: readonly RulePlan[], args: VerifyArgs): Promise<boolean> {
  if (plans.length === 0) return false;
  const compared = await verifySequences(plans, args.inputs, {
    scan: runScan,
    exec: {
      categoryField: args.categoryField, timestampField: args.timestampField,
      tiebreakerField: args.tiebreakerField, engine: 'compiled', parser: args.parser,
      prefilter: true, validate: false,
    },
    workers: 2,
  });
  let differ = 0;
  for (const c of compared) {
    if (c.firstDifference === null) continue;
    const i = c.firstDifference;
    differ++;
    process.stdout.write(
      `${c.plan.rule.id} (${c.plan.rule.name}): sequence matches differ at #${i + 1}: ` +
        `interpreter ${c.interpreter[i] ?? '(none)'}, scan ${c.scan[i] ?? '(none)'} ` +
        `(${c.interpreter.length} vs ${c.scan.length} matches)\n`,
    );
  }
  const found = compared.reduce((n, c) => n + c.interpreter.length, 0);
  process.stdout.write(
    `${compared.length} sequence/sample rules, ${differ} differ (matches: interpreter ${found}, ` +
      `scan ${compared.reduce((n, c) => n + c.scan.length, 0)})\n`,
  );
  return differ > 0;
}

/** Loads rule files and `--query` texts; null (after saying why) when a path is unusable. */
async function gatherRules(
  args: VerifyArgs,
): Promise<{ rules: Rule[]; failed: RuleFailure[] } | null> {
  const rules: Rule[] = [];
  const failed: RuleFailure[] = [];
  if (args.rulePaths.length > 0) {
    try {
      const loaded = await loadRules(args.rulePaths);
      rules.push(...loaded.rules);
      failed.push(...loaded.failed);
    } catch (err) {
      if (!(err instanceof EqlError) || err.code !== 'io') throw err;
      process.stderr.write(`eqlscan verify: ${err.message}\n`);
      return null;
    }
  }
  args.queries.forEach((query, i) => rules.push(queryRule(query, i)));
  return { rules, failed };
}

/** The addon, or null after saying why the json parser is used instead. */
function nativeBackend(): NativeBackend | null {
  const native = loadNative();
  if (native === null) {
    process.stderr.write(
      `eqlscan verify: the native parser is not available: ${nativeUnavailableReason()}; ` +
        'using the json parser\n',
    );
  }
  return native;
}

async function verifyAll(
  verifier: EventVerifier,
  args: VerifyArgs,
  native: NativeBackend | null,
): Promise<VerifyTotals> {
  let printed = 0;
  let invalidShown = 0;
  const totals = await verifyInputs(verifier, args.inputs, {
    onDisagreement({ file, line }, verdicts) {
      for (const v of verdicts) {
        if (printed++ >= args.maxReports) return;
        const rule = verifier.plans[v.index]!.rule;
        process.stdout.write(
          `${file}:${line}: ${rule.id} (${rule.name}): ` +
            `interpreter=${v.interpreted} compiled=${v.compiled}\n`,
        );
      }
    },
    onInvalid({ file, line }, reason) {
      if (invalidShown++ < 5) process.stderr.write(`${file}:${line}: skipped: ${reason}\n`);
    },
    onInputFailure(failure) {
      process.stderr.write(`eqlscan verify: ${failure.path}: ${failure.reason}\n`);
    },
  }, { native });
  if (printed > args.maxReports) {
    process.stdout.write(`... ${printed - args.maxReports} more disagreements not shown\n`);
  }
  if (totals.invalid > 0) {
    process.stderr.write(`eqlscan verify: ${totals.invalid} lines were not JSON objects\n`);
  }
  return totals;
}

/** A `--query` text as a rule, numbered in the order given. */
function queryRule(query: string, i: number): Rule {
  const name = query.length > 60 ? `${query.slice(0, 57)}...` : query;
  return bareRule(query, { id: `query-${i + 1}`, name, file: `--query ${i + 1}`, severity: 'low' });
}

function parseArgs(args: readonly string[]): VerifyArgs {
  const parsed: VerifyArgs = {
    rulePaths: [],
    queries: [],
    inputs: [],
    categoryField: 'event.category',
    timestampField: '@timestamp',
    tiebreakerField: null,
    maxReports: 100,
    parser: 'json',
    help: false,
  };
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      parsed.inputs.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq >= 0) return arg.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new EqlError('option', `${name}: missing value`);
      return v;
    };
    switch (name) {
      case '--':
        optionsEnded = true;
        break;
      case '-h':
      case '--help':
        parsed.help = true;
        break;
      case '--rules':
      case '-r':
        parsed.rulePaths.push(value());
        break;
      case '--query':
      case '-q':
        parsed.queries.push(value());
        break;
      case '--category-field': {
        const field = value();
        if (field.trim() === '') throw new EqlError('option', `${name}: expected a field name`);
        parsed.categoryField = field;
        break;
      }
      case '--timestamp-field':
      case '--tiebreaker-field': {
        const field = value();
        if (field.trim() === '') throw new EqlError('option', `${name}: expected a field name`);
        if (name === '--timestamp-field') parsed.timestampField = field;
        else parsed.tiebreakerField = field;
        break;
      }
      case '--parser': {
        const parser = value();
        if (parser !== 'json' && parser !== 'native') {
          throw new EqlError('option', `${name}: expected json or native, got '${parser}'`);
        }
        parsed.parser = parser;
        break;
      }
      case '--max-reports': {
        const text = value();
        if (!/^\d+$/.test(text)) {
          throw new EqlError('option', `${name}: expected a non-negative integer, got '${text}'`);
        }
        parsed.maxReports = Number(text);
        break;
      }
      default:
        throw new EqlError('option', `unknown option ${name}`);
    }
  }
  return parsed;
}
