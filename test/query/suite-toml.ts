/**
 * Test support: reads the conformance suite's TOML files for the parser tests.
 *
 * test_extra.toml writes bare `null` inside `join_keys` arrays, which is not TOML; those
 * lines get `"null"` instead before parsing, as the suite's README says to read them.
 */
import { readFileSync } from 'node:fs';

import { parse } from 'smol-toml';

/** One `[[queries]]` entry; only the fields the parser tests use. */
export interface SuiteQuery {
  name: string;
  query: string;
}

/** Replaces bare `null` tokens on `join_keys` lines with the string "null". */
export function quoteJoinKeyNulls(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      /^\s*join_keys\s*=/.test(line) ? line.replace(/(?<!")\bnull\b(?!")/g, '"null"') : line,
    )
    .join('\n');
}

/** The active queries of one suite file; commented-out `#[[queries]]` entries are not TOML. */
export function readSuiteQueries(file: string): SuiteQuery[] {
  const doc = parse(quoteJoinKeyNulls(readFileSync(file, 'utf8'))) as { queries?: SuiteQuery[] };
  return doc.queries ?? [];
}
