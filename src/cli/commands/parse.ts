/**
 * `eqlscan parse QUERY`: prints the syntax tree of a query as JSON.
 *
 * `-` reads the query from stdin. On a query error the message is followed by the offending
 * source line and a caret under the column, and the exit code is 2.
 */
import { EqlError } from '../../errors.js';
import { parseQuery } from '../../query/index.js';

const USAGE = 'usage: eqlscan parse QUERY   (use - to read the query from stdin)\n';

/** Runs the subcommand; returns the process exit code. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    const help = args[0] === '--help' || args[0] === '-h';
    (help ? process.stdout : process.stderr).write(USAGE);
    return help ? 0 : 2;
  }

  const text = args[0] === '-' ? await readStdin() : args[0]!;
  try {
    const query = parseQuery(text);
    process.stdout.write(`${JSON.stringify(query, null, 2)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof EqlError) || err.code === 'internal') throw err;
    process.stderr.write(`eqlscan: ${err.message}\n${pointAt(text, err)}`);
    return 2;
  }
}

/** The source line an error names, with a caret under its column; empty without a span. */
export function pointAt(text: string, err: EqlError): string {
  if (!err.span) return '';
  const line = text.split('\n')[err.span.line - 1] ?? '';
  // Tabs stay tabs in the padding so the caret lines up however the terminal shows them.
  const pad = line.slice(0, err.span.column - 1).replace(/[^\t]/g, ' ');
  return `  ${line.replace(/\r$/, '')}\n  ${pad}^\n`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
