/**
 * The suite's events and field types, prepared the way Elasticsearch would index them.
 *
 * Indexing changes a few values before any query sees them, so loading does the same:
 * - `@timestamp` of test_data.json is derived from the Windows FILETIME `timestamp`;
 * - a field mapped with `null_value` reads that value where the event holds an explicit null;
 * - a date field mapped with a custom `format` (`dd-MM-yyyy`) is parsed into epoch
 *   milliseconds with that format, since each file of one index may use its own format.
 * The mappings of the files of one index are merged into one schema (first type wins).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { createSchema, schemaFromMapping, type FieldType, type Schema } from '../event/index.js';
import { EqlError } from '../errors.js';
import type { DatasetSpec } from './suite.js';

/** A loaded data set: events in file order, their schema, and how they are indexed. */
export interface Dataset {
  spec: DatasetSpec;
  events: object[];
  schema: Schema;
}

// FILETIME counts 100 ns ticks from 1601-01-01; this many milliseconds lie before 1970.
const FILETIME_EPOCH_OFFSET_MS = 11_644_473_600_000;

/**
 * Loads the events and schema of a data set from the suite folder `dir`.
 *
 * @throws EqlError('io') when a data file is missing or is not JSON.
 */
export function loadDataset(dir: string, spec: DatasetSpec): Dataset {
  const types: Record<string, FieldType> = {};
  const aliases: Record<string, string> = {};
  const events: object[] = [];

  spec.files.forEach((file, i) => {
    const mappingFile = spec.mappings[i] ?? spec.mappings[0];
    const mapping = mappingFile ? readMapping(path.join(dir, mappingFile)) : undefined;
    const fileEvents = readEvents(path.join(dir, file), spec.format);
    if (mapping) {
      const schema = schemaFromMapping(mapping);
      for (const [field, type] of schema.types) if (!(field in types)) types[field] = type;
      for (const [from, to] of schema.aliases) if (!(from in aliases)) aliases[from] = to;
      for (const event of fileEvents) applyIndexRules(event, mapping);
    }
    events.push(...fileEvents);
  });

  return { spec, events, schema: createSchema(types, aliases) };
}

function readJson(file: string, strip: boolean): unknown {
  if (!existsSync(file)) throw new EqlError('io', `Data file not found: ${file}`);
  let text = readFileSync(file, 'utf8');
  if (strip) text = text.replace(/^\s*\/\/.*$/gm, '');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new EqlError('io', `${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readEvents(file: string, format: DatasetSpec['format']): Record<string, unknown>[] {
  const data = readJson(file, format === 'json-array');
  if (!Array.isArray(data)) throw new EqlError('io', `${file}: expected a JSON array of events`);
  const events = data.filter(isRecord);
  if (format === 'windows-filetime') {
    for (const event of events) {
      const ticks = event['timestamp'];
      if (typeof ticks === 'number' && event['@timestamp'] === undefined) {
        event['@timestamp'] = Math.floor(ticks / 10_000) - FILETIME_EPOCH_OFFSET_MS;
      }
    }
  }
  return events;
}

/**
 * Reads a mapping; a type the suite leaves to chance (`[runtime_random_keyword_type]`)
 * becomes keyword.
 */
function readMapping(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  const mapping = readJson(file, false);
  if (!isRecord(mapping)) return undefined;
  walkProperties(mapping, (_, spec) => {
    if (typeof spec['type'] === 'string' && spec['type'].startsWith('[')) spec['type'] = 'keyword';
  });
  return mapping;
}

/** Calls `visit` with the dotted path and spec of every field in a mapping. */
function walkProperties(
  mapping: Record<string, unknown>,
  visit: (field: string, spec: Record<string, unknown>) => void,
): void {
  const walk = (properties: unknown, prefix: string) => {
    if (!isRecord(properties)) return;
    for (const [name, spec] of Object.entries(properties)) {
      if (!isRecord(spec)) continue;
      visit(prefix + name, spec);
      walk(spec['properties'], `${prefix}${name}.`);
    }
  };
  const top = isRecord(mapping['mappings']) ? mapping['mappings'] : mapping;
  walk(top['properties'], '');
}

/** Rewrites an event's values as indexing would: null_value, custom date formats. */
function applyIndexRules(event: Record<string, unknown>, mapping: Record<string, unknown>): void {
  walkProperties(mapping, (field, spec) => {
    const nullValue = spec['null_value'];
    if (nullValue !== undefined) {
      rewrite(event, field, (v) => (v === null ? (nullValue as unknown) : v));
    }
    const format = spec['format'];
    if (spec['type'] === 'date' && typeof format === 'string') {
      rewrite(event, field, (v) => (typeof v === 'string' ? (parseDate(v, format) ?? v) : v));
    }
  });
}

/** Applies `fn` to the value at a dotted path (nested or flat keys), to each array element. */
function rewrite(event: Record<string, unknown>, field: string, fn: (v: unknown) => unknown) {
  const apply = (v: unknown): unknown => (Array.isArray(v) ? v.map(apply) : fn(v));
  if (Object.hasOwn(event, field)) {
    event[field] = apply(event[field]);
    return;
  }
  const dot = field.indexOf('.');
  if (dot < 0) return;
  const child = event[field.slice(0, dot)];
  if (isRecord(child)) rewrite(child, field.slice(dot + 1), fn);
}

const DATE_TOKENS: Record<string, string> = {
  yyyy: '(\\d{4})',
  MM: '(\\d{2})',
  dd: '(\\d{2})',
  HH: '(\\d{2})',
  mm: '(\\d{2})',
  ss: '(\\d{2})',
  SSS: '(\\d{3})',
};

/**
 * Parses `text` with a Java-style date pattern (`dd-MM-yyyy`; `a||b` tries each) into epoch
 * milliseconds, UTC. Named formats (`strict_date_optional_time`) are left to the engine's own
 * date rules, so they give null here.
 */
export function parseDate(text: string, format: string): number | null {
  for (const pattern of format.split('||')) {
    if (!/^[yMdHmsS\W]+$/.test(pattern) || pattern.includes('_')) continue;
    const order: string[] = [];
    const source = pattern.replace(/yyyy|MM|dd|HH|mm|ss|SSS|[^yMdHmsS]/g, (token) => {
      const group = DATE_TOKENS[token];
      if (group === undefined) return token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      order.push(token);
      return group;
    });
    const m = new RegExp(`^${source}$`).exec(text);
    if (!m) continue;
    const part = (token: string, fallback: number) => {
      const i = order.indexOf(token);
      return i < 0 ? fallback : Number(m[i + 1]);
    };
    return Date.UTC(
      part('yyyy', 1970),
      part('MM', 1) - 1,
      part('dd', 1),
      part('HH', 0),
      part('mm', 0),
      part('ss', 0),
      part('SSS', 0),
    );
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
