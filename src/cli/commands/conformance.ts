/**
 * `eqlscan conformance DIR [--engine NAME]`: runs the Elasticsearch EQL conformance suite.
 *
 * Prints each failing query, a count per spec file, and `N passed, M failed` as the last
 * line. The exit code is 0 only when nothing failed, 1 when something did, 2 on bad usage.
 */
import { ENGINES, formatReport, runSuite, totals } from '../../conformance/index.js';

const USAGE =
  'usage: eqlscan conformance DIR [--engine NAME]\n\n' +
  `  --engine NAME   the engine to run: ${[...ENGINES.keys()].join(', ')} (default interpreter)\n`;

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[]): Promise<number> {
  let dir: string | undefined;
  let engineName = 'interpreter';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    if (arg === '--engine' || arg.startsWith('--engine=')) {
      const value = arg === '--engine' ? args[++i] : arg.slice('--engine='.length);
      if (value === undefined || value === '') return usageError('--engine needs a name');
      engineName = value;
    } else if (arg.startsWith('-')) {
      return usageError(`unknown option '${arg}'`);
    } else if (dir === undefined) {
      dir = arg;
    } else {
      return usageError(`unexpected argument '${arg}'`);
    }
  }
  if (dir === undefined) return usageError('missing DIR');

  const engine = ENGINES.get(engineName);
  if (!engine) {
    const known = [...ENGINES.keys()].join(', ');
    return usageError(`option --engine: unknown engine '${engineName}' (known: ${known})`);
  }

  const files = runSuite(dir, engine);
  process.stdout.write(formatReport(files));
  return totals(files).failed === 0 ? 0 : 1;
}

function usageError(message: string): number {
  process.stderr.write(`eqlscan conformance: ${message}\n\n${USAGE}`);
  return 2;
}
