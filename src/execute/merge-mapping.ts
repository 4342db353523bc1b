/**
 * Field types for a scan from Elasticsearch mapping files (`--mapping FILE`), merged into
 * one schema the way one index over several files is: the first file to type a field wins.
 *
 * Types matter beyond single-event comparisons: a date-typed join key joins `0` with
 * `"1970-01-01T00:00:00Z"` and is reported as ISO-8601 text, and a typed field changes what
 * the prefilter may assume. The result is plain data so it can travel to the workers.
 */
import { readFile } from 'node:fs/promises';

import { schemaFromMapping } from '../event/index.js';
import { EqlError } from '../errors.js';
import type { SchemaSpec } from '../pool/messages.js';

/**
 * Reads and merges mapping files (`{ "properties": ... }` or `{ "mappings": { ... } }`).
 *
 * @example
 * const schema = await mergeMappings(['mapping.json']);
 * schema.types['@timestamp']; // 'date'
 * @throws EqlError 'option' naming `--mapping` when a file cannot be read or is not JSON.
 */
export async function mergeMappings(files: readonly string[]): Promise<SchemaSpec> {
  const merged: SchemaSpec = { types: {}, aliases: {}, nullValues: {} };
  for (const file of files) {
    let mapping: unknown;
    try {
      mapping = JSON.parse(await readFile(file, 'utf8'));
    } catch (err) {
      throw new EqlError('option', `--mapping: ${file}: ${(err as Error).message}`);
    }
    const schema = schemaFromMapping(mapping);
    for (const [field, type] of schema.types) merged.types[field] ??= type;
    for (const [from, to] of schema.aliases) merged.aliases[from] ??= to;
    for (const [field, value] of schema.nullValues) {
      if (!(field in merged.nullValues)) merged.nullValues[field] = value;
    }
  }
  return merged;
}
