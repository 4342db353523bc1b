/**
 * The event queries of the Elasticsearch EQL conformance suite, run through the reference
 * interpreter. Sequences and samples are left to the sequence engine's own suite.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';

import { schemaFromMapping, toEpochMillis, type Schema } from '../../src/event/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import { parseQuery } from '../../src/query/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suiteDir = path.resolve(root, '../shared/conformance/es-eql');
const present = existsSync(path.join(suiteDir, 'test_data.json'));
if (!present) console.warn(`Skipping the Elasticsearch suite: ${suiteDir} is missing`);

type Event = Record<string, unknown>;

interface SuiteQuery {
  name: string;
  query: string;
  expected_event_ids: number[];
  size?: number;
}

interface Corpus {
  events: Event[];
  schema: Schema;
  id: string;
}

// Windows FILETIME (100 ns ticks since 1601) to Unix milliseconds, as the suite's loader does.
const FILETIME_EPOCH_MS = 11644473600000;

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(path.join(suiteDir, file), 'utf8'));
}

/** Events in result order: by timestamp, ties broken by the tiebreaker (here also the id). */
function corpus(dataFile: string, mappingFile: string, id: string): Corpus {
  const events = readJson(dataFile) as Event[];
  for (const event of events) {
    if (!('@timestamp' in event)) {
      event['@timestamp'] = (event['timestamp'] as number) / 10000 - FILETIME_EPOCH_MS;
    }
  }
  const time = (e: Event) => toEpochMillis(e['@timestamp'] as number | string) ?? 0;
  events.sort((a, b) => time(a) - time(b) || (a[id] as number) - (b[id] as number));
  return { events, schema: schemaFromMapping(readJson(mappingFile)), id };
}

/** The event queries of a spec file; upstream's bare `null` in join_keys is made a string. */
function eventQueries(file: string): SuiteQuery[] {
  const text = readFileSync(path.join(suiteDir, file), 'utf8').replace(
    /^(\s*join_keys.*)$/gm,
    (line) => line.replace(/(?<!")\bnull\b(?!")/g, '"null"'),
  );
  const doc = parseToml(text) as unknown as { queries: SuiteQuery[] };
  return doc.queries.filter((q) => !/^\s*(sequence|sample)\b/.test(q.query));
}

function run(q: SuiteQuery, { events, schema, id }: Corpus): number[] {
  const query = parseQuery(q.query);
  if (query.body.kind !== 'event') throw new Error('not an event query');
  const body = query.body;

  let ids = events
    .filter((event) => matchesEventQuery(body, event, { categoryField: 'event_type', schema }))
    .map((event) => event[id] as number);
  for (const pipe of query.pipes) {
    ids = pipe.kind === 'head' ? ids.slice(0, pipe.count) : ids.slice(-pipe.count);
  }
  return ids.slice(0, q.size ?? 50);
}

describe.skipIf(!present)('Elasticsearch EQL suite, event queries', () => {
  const specs = present
    ? [
        {
          files: ['test_queries.toml', 'test_queries_date.toml'],
          data: () => corpus('test_data.json', 'mapping-default.json', 'serial_event_id'),
        },
        {
          files: ['test_extra.toml'],
          data: () => corpus('data/extra.data', 'data/extra.mapping', 'sequence'),
        },
      ]
    : [];

  for (const spec of specs) {
    const data = spec.data();
    const queries = spec.files.flatMap(eventQueries);
    it.each(queries.map((q) => [q.name, q] as const))('%s', (_name, q) => {
      expect(run(q, data)).toEqual(q.expected_event_ids);
    });
  }
});
