/**
 * The Elasticsearch conformance suite through the scan engine: the suite's events written
 * out as NDJSON (prepared by the suite's own loader; out of time order where the data set
 * has a tiebreaker), every query of a data set run as one
 * rule set over them with 1, 2 and 4 workers and shards of a few hundred bytes, so that a
 * sequence's events fall in different shards and workers. Each query must give exactly the
 * ids (and join keys) the suite expects.
 *
 * The scan applies a rule's head/tail to its matches; `size` is a request parameter of the
 * Elasticsearch API, not part of a rule, so it is applied here, to what the scan reports.
 * Event queries are checked too: their alerts come in input order, and are put in time
 * order here before pipes and size apply, as the search API would return them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

import { DEFAULT_SIZE, loadDataset, loadSuite, type Dataset, type SuiteCase } from '../../src/conformance/index.js';
import { readField } from '../../src/event/index.js';
import { schemaOf } from '../../src/execute/executor.js';
import { loadRuleSet } from '../../src/execute/rules.js';
import { loadNative, nativeUnavailableReason } from '../../src/native/index.js';
import { applyPipes } from '../../src/interpret/pipes.js';
import { compareOrdinals, ordinalOf } from '../../src/interpret/run-order.js';
import type { ParserName, SchemaSpec } from '../../src/pool/messages.js';
import { isSequenceAlert, type ScanAlert } from '../../src/pool/stats.js';
import type { Scalar } from '../../src/query/ast.js';
import { parseQuery } from '../../src/query/index.js';
import { collect } from '../pool/corpus.js';
import { ensureDist, ROOT } from '../pool/dist.js';

const SUITE = path.resolve(ROOT, '../shared/conformance/es-eql');
const present = existsSync(SUITE);
if (!present) console.warn(`skipping conformance through scan: ${SUITE} is missing`);

const CATEGORY = 'event_type';
const WORKERS = [1, 2, 4];
const haveNative = loadNative() !== null;
if (present && !haveNative) console.warn(`conformance through scan: json parser only (${nativeUnavailableReason()})`);
/** The native parser reads projected events: aliases, nested and flat keys, sequences' time fields. */
const PARSERS: ParserName[] = ['json', ...(haveNative ? ['native' as const] : [])];

interface Group {
  dataset: Dataset;
  files: string[];
  schema: SchemaSpec;
  cases: SuiteCase[];
  /** Alerts by rule id, per parser and worker count (`json/2`). */
  alerts: Map<string, Map<string, ScanAlert[]>>;
}

/**
 * Writes a data set as NDJSON, and its schema as plain data. A data set with a tiebreaker
 * (a total order in time) is written out of order across two files, the even events in
 * reverse in one and the odd ones in the other, so that only the merge puts them right.
 * Samples ignore time and take input order, so those files are written as they are.
 */
function writeDataset(dir: string, dataset: Dataset): { files: string[]; schema: SchemaSpec } {
  const spec = dataset.spec;
  const write = (name: string, events: readonly object[]): string => {
    const out = path.join(dir, `${spec.name}-${name}.ndjson`);
    writeFileSync(out, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    return out;
  };
  const files = spec.tiebreakerField !== undefined
    ? [
        write('even', dataset.events.filter((_, i) => i % 2 === 0).reverse()),
        write('odd', dataset.events.filter((_, i) => i % 2 === 1)),
      ]
    : spec.files.map((file, i) => {
        // Each file alone, with its own mapping, gets the loader's preprocessing for it.
        const mapping = spec.mappings[i] ?? spec.mappings[0]!;
        return write(String(i), loadDataset(SUITE, { ...spec, files: [file], mappings: [mapping] }).events);
      });
  const schema: SchemaSpec = {
    types: Object.fromEntries(dataset.schema.types),
    aliases: Object.fromEntries(dataset.schema.aliases),
    nullValues: Object.fromEntries(dataset.schema.nullValues),
  };
  return { files, schema };
}

function idOf(raw: string, dataset: Dataset): number {
  const id = readField(JSON.parse(raw) as object, dataset.spec.idField);
  return Number(Array.isArray(id) ? id[0] : id);
}

const keyText = (v: Scalar): string => (v === null ? 'null' : String(v));

/** Ids and join keys of one case, from the scan's alerts for its rule. */
function outcome(c: SuiteCase, alerts: readonly ScanAlert[], group: Group) {
  const query = parseQuery(c.query);
  const size = c.size ?? DEFAULT_SIZE;
  const schema = schemaOf(group.schema);
  if (query.body.kind === 'event') {
    const fields = { timestampField: '@timestamp', tiebreakerField: group.dataset.spec.tiebreakerField, schema };
    const events = alerts.map((a, position) => {
      const raw = isSequenceAlert(a) ? '' : a.raw;
      return { raw, ordinal: ordinalOf(JSON.parse(raw) as object, position, fields) };
    });
    events.sort((a, b) => compareOrdinals(a.ordinal, b.ordinal));
    const ids = applyPipes(events, query.pipes, size).map((e) => idOf(e.raw, group.dataset));
    return { ids, joinKeys: undefined };
  }
  const matches = alerts.filter(isSequenceAlert);
  const tail = query.pipes[query.pipes.length - 1]?.kind === 'tail';
  const capped = matches.length <= size ? matches : tail ? matches.slice(-size) : matches.slice(0, size);
  return {
    ids: capped.flatMap((m) => m.events.map((e) => (e === null ? -1 : idOf(e.raw, group.dataset)))),
    joinKeys: capped.flatMap((m) => m.joinKeys.map(keyText)),
  };
}

const groups: Group[] = [];
if (present) {
  const byDataset = new Map<string, Group>();
  for (const file of loadSuite(SUITE)) {
    for (const c of file.cases) {
      const id = `${file.dataset.name}/${c.maxSamplesPerKey ?? 1}`;
      let group = byDataset.get(id);
      if (!group) {
        group = { dataset: loadDataset(SUITE, file.dataset), files: [], schema: { types: {}, aliases: {}, nullValues: {} }, cases: [], alerts: new Map() };
        byDataset.set(id, group);
        groups.push(group);
      }
      group.cases.push(c);
    }
  }
}

describe.skipIf(!present)('the conformance suite through the scan engine', () => {
  beforeAll(async () => {
    ensureDist();
    const dir = mkdtempSync(path.join(tmpdir(), 'eqlscan-conformance-'));
    for (const group of groups) {
      Object.assign(group, writeDataset(dir, group.dataset));
      const rules = await loadRuleSet({ queries: group.cases.map((c) => c.query), categoryField: CATEGORY });
      expect(rules.failed.map((f) => f.message)).toEqual([]);
      for (const [parser, workers] of PARSERS.flatMap((p) => WORKERS.map((w) => [p, w] as const))) {
        const { alerts: events, sequences, stats } = await collect({
          inputs: group.files,
          rules,
          options: {
            categoryField: CATEGORY, timestampField: '@timestamp',
            tiebreakerField: group.dataset.spec.tiebreakerField ?? null,
            engine: 'compiled', parser, prefilter: true, validate: false, schema: group.schema,
          },
          workers,
          // A few hundred bytes: most sequences span shards, and so workers.
          shardBytes: 384,
          stageLimits: { maxSamplesPerKey: group.cases[0]!.maxSamplesPerKey ?? 1 },
        });
        expect(stats.rejected).toBe(0);
        expect(stats.parser).toBe(parser);
        const byRule = new Map<string, ScanAlert[]>();
        for (const alert of [...events, ...sequences]) byRule.set(alert.rule.id, [...(byRule.get(alert.rule.id) ?? []), alert]);
        group.alerts.set(`${parser}/${workers}`, byRule);
      }
    }
  }, 300_000);

  const cases = groups.flatMap((group) => group.cases.flatMap((c, i) =>
    PARSERS.flatMap((parser) => WORKERS.map((workers) => ({ group, c, i, run: `${parser}/${workers}` })))));
  test.each(cases.map((x) => [`${x.c.file} ${x.c.name} (${x.run.replace('/', ' parser, ')} workers)`, x] as const))(
    '%s',
    (_, { group, c, i, run }) => {
      const alerts = group.alerts.get(run)?.get(`query-${i + 1}`) ?? [];
      const { ids, joinKeys } = outcome(c, alerts, group);
      expect(c.expected.map((want) => want.join(','))).toContain(ids.join(','));
      if (c.joinKeys !== undefined) expect(joinKeys).toEqual(c.joinKeys);
    },
  );
});
