/**
 * `npm run bench [-- NAME... --events N --seed N --quick --no-save]`: runs the stage
 * benchmarks in pipeline order, or only those whose names contain one of the NAMEs.
 *
 * A stage is a module `bench/STAGE.ts` exporting `run(options)` (see `lib/stage.ts`); adding
 * one is one line in `STAGES`.
 */
import { parseBenchArgs, type StageModule } from './lib/stage.js';

const STAGES: ReadonlyArray<[name: string, load: () => Promise<StageModule>]> = [
  ['floors', () => import('./floors.js')],
  ['parse', () => import('./parse.js')],
  ['match', () => import('./match.js')],
  ['scan', () => import('./scan.js')],
];

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseBenchArgs>;
  try {
    parsed = parseBenchArgs(argv);
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n`);
    return 2;
  }
  const { filters, options } = parsed;
  const chosen = STAGES.filter(
    ([name]) => filters.length === 0 || filters.some((f) => name.includes(f)),
  );
  if (chosen.length === 0) {
    const names = STAGES.map(([name]) => name).join(', ');
    process.stderr.write(`bench: no stage matches ${filters.join(', ')} (stages: ${names})\n`);
    return 2;
  }
  for (const [name, load] of chosen) {
    process.stdout.write(`\n## ${name}\n\n`);
    await (await load()).run(options);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`bench: ${text}\n`);
    process.exitCode = 1;
  },
);
