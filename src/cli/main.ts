#!/usr/bin/env node
/**
 * The `eqlscan` command line: picks a subcommand and hands it the remaining arguments.
 *
 * Each subcommand lives in `commands/NAME.ts` and exports `run(args): Promise<number>`,
 * returning the process exit code. Subcommands are imported lazily so that `eqlscan parse`
 * does not pay for loading the scan engine; `scan` and `demo` load from a one-file bundle
 * when the build wrote a fresh one (`preferBundle`), which halves their start.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

import { isEqlError } from '../errors.js';
import { preferBundle } from '../package-files.js';

type CommandModule = { run(args: string[]): Promise<number> };
type Command = { summary: string; load: () => Promise<CommandModule> };

/** `plain()`, or the command's bundle when this runs compiled and a fresh bundle exists. */
function bundled(name: string, plain: () => Promise<CommandModule>): () => Promise<CommandModule> {
  return async () => {
    const here = fileURLToPath(import.meta.url);
    if (!here.endsWith('.js')) return plain();
    const entry = fileURLToPath(new URL(`./commands/${name}.js`, import.meta.url));
    const file = preferBundle(entry);
    return file === entry ? plain() : (import(pathToFileURL(file).href) as Promise<CommandModule>);
  };
}

const COMMANDS: Record<string, Command> = {
  parse: { summary: 'print the syntax tree of a query as JSON', load: () => import('./commands/parse.js') },
  conformance: {
    summary: 'run the Elasticsearch EQL conformance suite in DIR',
    load: () => import('./commands/conformance.js'),
  },
  check: {
    summary: 'load, parse and check the rules in files and folders',
    load: () => import('./commands/check.js'),
  },
  explain: { summary: 'show how a query or rule file compiles', load: () => import('./commands/explain.js') },
  scan: { summary: 'run EQL rules over NDJSON telemetry and print alerts', load: bundled('scan', () => import('./commands/scan.js')) },
  demo: { summary: 'generate the demo corpus once and scan it (npm start)', load: bundled('demo', () => import('./commands/demo.js')) },
  bench: { summary: 'rank rules by matching cost per event on your data', load: () => import('./commands/bench.js') },
  verify: {
    summary: 'run compiled and interpreted matchers side by side over a corpus',
    load: () => import('./commands/verify.js'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return `usage: eqlscan COMMAND [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`eqlscan: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isEqlError(err) && err.code !== 'internal') {
      process.stderr.write(`eqlscan: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`eqlscan: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 70;
  },
);
