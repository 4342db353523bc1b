/**
 * What a stage benchmark module looks like to `bench/run.ts`, and the options they share.
 */

/** A stage benchmark: `bench/STAGE.ts` exports `run` with this signature. */
export interface StageModule {
  /** Runs the benchmark with the options after the stage names; prints its report. */
  run(options: BenchOptions): Promise<void>;
}

/** Options every stage understands; each may ignore those it has no use for. */
export interface BenchOptions {
  /** How many events to generate (`--events N`). */
  events?: number;
  /** Corpus seed (`--seed N`). */
  seed?: number;
  /** Shorter time budgets, for a quick look rather than a figure to quote (`--quick`). */
  quick: boolean;
  /** Do not write reports under `bench/results/` (`--no-save`). */
  save: boolean;
}

/**
 * Splits `npm run bench -- ARGS` into stage-name filters and options.
 *
 * @example parseBenchArgs(['match', '--events', '5000']) // { filters: ['match'], options: ... }
 * @throws Error naming the option at fault.
 */
export function parseBenchArgs(argv: readonly string[]): {
  filters: string[];
  options: BenchOptions;
} {
  const filters: string[] = [];
  const options: BenchOptions = { quick: false, save: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const int = (name: string): number => {
      const text = argv[++i];
      if (text === undefined || !/^\d+$/.test(text)) {
        throw new Error(`${name}: expected a non-negative integer, got ${text ?? 'nothing'}`);
      }
      return Number(text);
    };
    if (arg === '--events') options.events = int(arg);
    else if (arg === '--seed') options.seed = int(arg);
    else if (arg === '--quick') options.quick = true;
    else if (arg === '--no-save') options.save = false;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else filters.push(arg);
  }
  return { filters, options };
}
