/**
 * `eqlscan explain QUERY|RULEFILE [--source] [--category-field NAME]`: shows how queries
 * compile.
 *
 * For each rule (a query given on the command line is one rule): how every pattern was
 * reduced (`"/users/*\/library/*"` -> prefix then contains), how lists became Sets, tries
 * and automata, which keys the dispatch files it under, and the raw-line prefilter's
 * literals. `--source` adds the generated matcher code. For several rules the dispatch tree
 * of the whole pack is printed too. Exit codes: 0, 1 when a rule failed to plan, 2 on usage.
 */
import { existsSync, statSync } from 'node:fs';

import { compilePack, type PackExplain } from '../../compile/index.js';
import { describeLiteral, extractLiterals } from '../../compile/prefilter.js';
import { EqlError } from '../../errors.js';
import {
  loadRules,
  planRule,
  planRules,
  queryRule as bareRule,
  type Rule,
  type RulePlan,
} from '../../plan/index.js';

const USAGE =
  'usage: eqlscan explain QUERY|RULEFILE... [--source] [--category-field NAME]\n\n' +
  '  --source               print the generated matcher code\n' +
  '  --category-field NAME  the field holding the event category (default event.category)\n';

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[]): Promise<number> {
  let source = false;
  let categoryField = 'event.category';
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--source') source = true;
    else if (arg === '--category-field') {
      const value = args[++i];
      if (value === undefined || value === '') return usageError('option --category-field needs a name');
      categoryField = value;
    } else if (arg.startsWith('--')) return usageError(`unknown option '${arg}'`);
    else inputs.push(arg);
  }
  if (inputs.length === 0) return usageError('missing QUERY or RULEFILE');

  let plans: RulePlan[];
  let failed = 0;
  try {
    if (inputs.every((p) => existsSync(p) && (statSync(p).isFile() || statSync(p).isDirectory()))) {
      const loaded = await loadRules(inputs);
      const planned = planRules(loaded.rules, { categoryField });
      for (const f of [...loaded.failed, ...planned.failed]) {
        process.stderr.write(`${f.message}\n`);
      }
      failed = loaded.failed.length + planned.failed.length;
      plans = planned.plans;
    } else {
      plans = [planRule(queryRule(inputs.join(' ')), { categoryField })];
    }
  } catch (err) {
    if (!(err instanceof EqlError) || err.code === 'internal') throw err;
    process.stderr.write(`eqlscan explain: ${err.message}\n`);
    return err.code === 'io' ? 2 : 1;
  }

  const pack = compilePack(plans, { categoryField });
  process.stdout.write(formatExplain(pack.explain(), plans, { source }));
  return failed > 0 ? 1 : 0;
}

/** What `formatExplain` prints. */
export interface ExplainFormat {
  source: boolean;
}

/**
 * The explanation as text.
 *
 * @example formatExplain(compilePack(plans, opts).explain(), plans, { source: false })
 */
export function formatExplain(
  explain: PackExplain,
  plans: readonly RulePlan[],
  format: ExplainFormat,
): string {
  const lines: string[] = [];
  for (const rule of explain.rules) {
    const plan = plans[rule.index]!;
    lines.push(`rule #${rule.index}: ${rule.name} (${rule.kind})`);
    for (const stage of rule.stages) {
      const indent = rule.kind === 'event' ? '  ' : '    ';
      if (rule.kind !== 'event') lines.push(`  stage ${stage.stage}:`);
      const keys = stage.keys.map(
        (k) => `${k.field} ${k.mode} ${k.values.map((v) => JSON.stringify(v)).join('|')}`,
      );
      const filed = keys.length > 0 ? keys.join('; ') : 'none (tested on every event)';
      lines.push(`${indent}dispatch keys: ${filed}`);
      for (const note of stage.notes) {
        lines.push(`${indent}${note.text}`);
        for (const n of note.notes) lines.push(`${indent}  ${n}`);
      }
      if (format.source) {
        const code = stage.source.trimEnd().split('\n');
        lines.push(`${indent}source:`, ...code.map((l) => `${indent}  ${l}`));
      }
    }
    lines.push(`  prefilter: ${prefilterLine(plan)}`);
  }
  if (explain.rules.length > 1) lines.push('', 'dispatch tree:', ...explain.dispatch.map((l) => `  ${l}`));
  lines.push(
    '',
    `fields: ${explain.fields.length}, slots: ${explain.slots.total} (${explain.slots.folded} folded), ` +
      `compiled in ${explain.compileMillis.toFixed(1)} ms`,
  );
  if (format.source) lines.push('field readers:', ...explain.readerSource.split('\n').map((l) => `  ${l}`));
  return `${lines.join('\n')}\n`;
}

function prefilterLine(plan: RulePlan): string {
  try {
    const set = extractLiterals(plan.query);
    if (set === null) return 'none (every line is a candidate)';
    return set.literals.map(describeLiteral).join(' | ');
  } catch (err) {
    return `unavailable (${err instanceof Error ? err.message : String(err)})`;
  }
}

/** A query typed on the command line, as a rule of its own. */
function queryRule(query: string): Rule {
  return bareRule(query, { id: 'query', name: 'query', file: '<query>', severity: 'low' });
}

function usageError(message: string): number {
  process.stderr.write(`eqlscan explain: ${message}\n\n${USAGE}`);
  return 2;
}
