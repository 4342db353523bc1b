import type { Scalar } from '../query/ast.js';

/**
 * Field types, as an Elasticsearch index mapping would give them.
 *
 * Offline there is no index, so by default nothing is typed except `@timestamp` (a date). A
 * schema changes how values compare: dates compare as instants (ISO-8601 text and epoch
 * milliseconds alike), `ip` fields as addresses, `version` fields in semantic-version order.
 * Aliases (`event.category` -> `event_type`) redirect a field path before it is read.
 */

/** An Elasticsearch field type name; the ones that change comparisons are listed first. */
export type FieldType =
  | 'date'
  | 'date_nanos'
  | 'ip'
  | 'version'
  | 'keyword'
  | 'constant_keyword'
  | 'wildcard'
  | 'text'
  | 'long'
  | 'integer'
  | 'short'
  | 'byte'
  | 'unsigned_long'
  | 'double'
  | 'float'
  | 'half_float'
  | 'scaled_float'
  | 'boolean'
  | (string & {});

/** Field types and aliases, keyed by dotted field path (`process.name`). Read-only. */
export interface Schema {
  readonly types: ReadonlyMap<string, FieldType>;
  readonly aliases: ReadonlyMap<string, string>;
  /** A mapping's `null_value`: what an explicit JSON null in that field reads as. */
  readonly nullValues: ReadonlyMap<string, Scalar>;
}

/** The types every schema starts from unless it overrides them. */
const DEFAULT_TYPES: ReadonlyArray<[string, FieldType]> = [['@timestamp', 'date']];

/**
 * Builds a schema from `{ path: type }`; `@timestamp` is a date unless `types` says otherwise.
 *
 * @example createSchema({ 'source.ip': 'ip' }).types.get('@timestamp') // 'date'
 */
export function createSchema(
  types: Readonly<Record<string, FieldType>> = {},
  aliases: Readonly<Record<string, string>> = {},
  nullValues: Readonly<Record<string, Scalar>> = {},
): Schema {
  const map = new Map<string, FieldType>(DEFAULT_TYPES);
  for (const [path, type] of Object.entries(types)) map.set(path, type);
  return {
    types: map,
    aliases: new Map(Object.entries(aliases)),
    nullValues: new Map(Object.entries(nullValues)),
  };
}

/** The schema used when a caller gives none. */
export const DEFAULT_SCHEMA: Schema = createSchema();

/**
 * Builds a schema from an Elasticsearch mapping (`{ properties: ... }` or
 * `{ mappings: { properties: ... } }`): nested `properties` become dotted paths, `alias`
 * fields become aliases, multi-fields (`hostname.keyword`) are typed too, and `null_value`
 * settings are kept.
 */
export function schemaFromMapping(mapping: unknown): Schema {
  const types: Record<string, FieldType> = {};
  const aliases: Record<string, string> = {};
  const nullValues: Record<string, Scalar> = {};
  const root = asRecord(mapping);
  const top = asRecord(root?.['mappings']) ?? root;

  const walk = (properties: Record<string, unknown>, prefix: string): void => {
    for (const [name, spec] of Object.entries(properties)) {
      const field = asRecord(spec);
      if (!field) continue;
      const path = prefix + name;
      const type = field['type'];
      if (type === 'alias' && typeof field['path'] === 'string') aliases[path] = field['path'];
      else if (typeof type === 'string' && type !== 'object' && type !== 'nested') {
        types[path] = type;
      }
      const nullValue = field['null_value'];
      if (['string', 'number', 'boolean'].includes(typeof nullValue)) {
        nullValues[path] = nullValue as Scalar;
      }
      const nested = asRecord(field['properties']);
      if (nested) walk(nested, path + '.');
      const multi = asRecord(field['fields']);
      if (multi) walk(multi, path + '.');
    }
  };
  const properties = asRecord(top?.['properties']);
  if (properties) walk(properties, '');
  return createSchema(types, aliases, nullValues);
}

/** The dotted key a schema uses for a field path; `[n]` indexes do not change a field's type. */
export function schemaKey(path: readonly (string | number)[]): string {
  return path.filter((segment) => typeof segment === 'string').join('.');
}

/** The type of a field, following one alias; undefined when the schema does not know it. */
export function fieldTypeOf(
  schema: Schema | undefined,
  path: readonly (string | number)[],
): FieldType | undefined {
  const s = schema ?? DEFAULT_SCHEMA;
  const key = schemaKey(path);
  return s.types.get(s.aliases.get(key) ?? key);
}

/** The path to read for `path`, after following an alias (`event.category` -> `event_type`). */
export function resolveAlias(
  schema: Schema | undefined,
  path: readonly (string | number)[],
): readonly (string | number)[] {
  const target = schema?.aliases.get(schemaKey(path));
  return target === undefined ? path : target.split('.');
}

/** True for the numeric types that hold fractions: their values never use integer division. */
export function isFractionalType(type: FieldType | undefined): boolean {
  return (
    type === 'double' || type === 'float' || type === 'half_float' || type === 'scaled_float'
  );
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
