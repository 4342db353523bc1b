/**
 * The conformance suite's spec files: which exist, what data set each runs against, and
 * their `[[queries]]` entries.
 *
 * The files are Elasticsearch's TOML, kept verbatim, quirks included: test_extra.toml puts a
 * bare `null` inside `join_keys` arrays, which TOML does not allow; it is read as "null".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { parse } from 'smol-toml';

import { EqlError } from '../errors.js';

/** A named set of events and how the suite indexes them. */
export interface DatasetSpec {
  name: string;
  /** Data files, relative to the suite folder; several files form one index. */
  files: string[];
  /** The mapping of each data file (same order), or one mapping for all. */
  mappings: string[];
  /** The field that holds each event's id, as `expected_event_ids` lists it. */
  idField: string;
  tiebreakerField?: string;
  /**
   * `windows-filetime`: test_data.json, whose `@timestamp` is derived from the Windows
   * FILETIME `timestamp`. `json-array`: a JSON array, possibly with `//` comment lines.
   */
  format: 'windows-filetime' | 'json-array';
}

/** One query of a spec file. */
export interface SuiteCase {
  /** The spec file it comes from, e.g. `test_extra.toml`. */
  file: string;
  name: string;
  query: string;
  /** Accepted answers: each a flat list of ids (-1 for a missing-event placeholder). */
  expected: number[][];
  /** Flattened join keys as text ("null" for null); absent when the spec gives none. */
  joinKeys?: string[] | undefined;
  size?: number | undefined;
  maxSamplesPerKey?: number | undefined;
}

/** A spec file found in the suite folder, with its cases and data set. */
export interface SuiteFile {
  file: string;
  dataset: DatasetSpec;
  cases: SuiteCase[];
}

const DEFAULT_DATA: DatasetSpec = {
  name: 'test_data',
  files: ['test_data.json'],
  mappings: ['mapping-default.json'],
  idField: 'serial_event_id',
  tiebreakerField: 'serial_event_id',
  format: 'windows-filetime',
};

const DATASETS: { matches: (file: string) => boolean; dataset: DatasetSpec }[] = [
  {
    matches: (f) => /^test_queries.*\.toml$/.test(f) || f === 'additional_test_queries.toml',
    dataset: DEFAULT_DATA,
  },
  {
    matches: (f) => f === 'test_extra.toml',
    dataset: {
      name: 'extra',
      files: ['data/extra.data'],
      mappings: ['data/extra.mapping'],
      idField: 'sequence',
      tiebreakerField: 'sequence',
      format: 'json-array',
    },
  },
  {
    matches: (f) => f === 'test_missing_events.toml',
    dataset: {
      name: 'missing-events',
      files: ['data/missing-events.data'],
      mappings: ['data/missing-events.mapping'],
      idField: 'sequence',
      tiebreakerField: 'sequence',
      format: 'json-array',
    },
  },
  {
    matches: (f) => f === 'test_sample.toml',
    dataset: {
      name: 'sample',
      files: ['data/sample1.data', 'data/sample2.data', 'data/sample3.data'],
      mappings: ['data/sample1.mapping', 'data/sample2.mapping', 'data/sample3.mapping'],
      idField: 'id',
      format: 'json-array',
    },
  },
  {
    matches: (f) => f === 'test_sample_multi.toml',
    dataset: {
      name: 'sample-multi',
      files: ['data/sample-multi.data'],
      mappings: ['data/sample-multi.mapping'],
      idField: 'id',
      format: 'json-array',
    },
  },
];

/**
 * The spec files present in `dir`, in name order, each with its cases.
 *
 * @throws EqlError('io') when `dir` is not a folder or a spec file is not valid TOML.
 */
export function loadSuite(dir: string): SuiteFile[] {
  if (!existsSync(dir)) throw new EqlError('io', `Conformance suite folder not found: ${dir}`);
  const out: SuiteFile[] = [];
  for (const file of readdirSync(dir).sort()) {
    const dataset = DATASETS.find((d) => d.matches(file))?.dataset;
    if (!dataset) continue;
    out.push({ file, dataset, cases: readCases(path.join(dir, file), file) });
  }
  return out;
}

function readCases(fullPath: string, file: string): SuiteCase[] {
  let doc: { queries?: Record<string, unknown>[] };
  try {
    doc = parse(quoteBareNulls(readFileSync(fullPath, 'utf8'))) as typeof doc;
  } catch (err) {
    throw new EqlError('io', `${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return (doc.queries ?? []).map((entry, i) => toCase(entry, file, i));
}

function toCase(entry: Record<string, unknown>, file: string, index: number): SuiteCase {
  const name = typeof entry['name'] === 'string' ? entry['name'] : `#${index + 1}`;
  const query = entry['query'];
  if (typeof query !== 'string') throw new EqlError('io', `${file}: query ${name} has no text`);
  const ids = Array.isArray(entry['expected_event_ids']) ? entry['expected_event_ids'] : [];
  const nested = ids.length > 0 && ids.every((x) => Array.isArray(x));
  const expected = (nested ? ids : [ids]).map((list: unknown[]) => list.map(Number));
  const keys = entry['join_keys'];
  const number = (key: string) => (typeof entry[key] === 'number' ? entry[key] : undefined);
  return {
    file,
    name,
    query,
    expected,
    joinKeys: Array.isArray(keys) ? keys.map((k) => (k === null ? 'null' : String(k))) : undefined,
    size: number('size'),
    maxSamplesPerKey: number('max_samples_per_key'),
  };
}

/**
 * Quotes bare `null` tokens inside `join_keys = [...]` arrays (which may span lines), and
 * nowhere else; text inside strings and comments is left alone.
 */
export function quoteBareNulls(text: string): string {
  const head = /join_keys\s*=\s*\[/g;
  let out = '';
  let from = 0;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    if (m.index < from) continue;
    let i = m.index + m[0].length;
    out += text.slice(from, i);
    for (let depth = 1; i < text.length && depth > 0; ) {
      const ch = text[i] as string;
      if (ch === '"' || ch === "'") {
        const end = text.indexOf(ch, i + 1);
        const stop = end < 0 ? text.length : end + 1;
        out += text.slice(i, stop);
        i = stop;
      } else if (ch === '#') {
        const end = text.indexOf('\n', i);
        const stop = end < 0 ? text.length : end;
        out += text.slice(i, stop);
        i = stop;
      } else if (isBareNull(text, i)) {
        out += '"null"';
        i += 4;
      } else {
        if (ch === '[') depth++;
        if (ch === ']') depth--;
        out += ch;
        i++;
      }
    }
    from = i;
    head.lastIndex = i;
  }
  return out + text.slice(from);
}

function isBareNull(text: string, at: number): boolean {
  return text.startsWith('null', at) && !/\w/.test((text[at - 1] ?? '') + (text[at + 4] ?? ''));
}
