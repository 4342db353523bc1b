import { describe, expect, it } from 'vitest';

import {
  compareVersions,
  createSchema,
  fieldTypeOf,
  resolveAlias,
  schemaFromMapping,
} from '../../src/event/index.js';

describe('schemas', () => {
  it('should type @timestamp as a date by default', () => {
    expect(fieldTypeOf(undefined, ['@timestamp'])).toBe('date');
    expect(fieldTypeOf(createSchema({ x: 'ip' }), ['@timestamp'])).toBe('date');
    expect(fieldTypeOf(createSchema({ '@timestamp': 'long' }), ['@timestamp'])).toBe('long');
  });

  it('should ignore array indexes when looking up a type', () => {
    expect(fieldTypeOf(createSchema({ 'a.b': 'ip' }), ['a', 0, 'b'])).toBe('ip');
  });

  it('should read types, aliases, multi-fields and null values from a mapping', () => {
    const schema = schemaFromMapping({
      mappings: {
        properties: {
          source: { properties: { ip: { type: 'ip' } } },
          event: { properties: { category: { type: 'alias', path: 'event_type' } } },
          event_type: { type: 'keyword' },
          host: { type: 'text', fields: { keyword: { type: 'keyword' } } },
          opt: { type: 'keyword', null_value: 'NULL' },
        },
      },
    });
    expect(fieldTypeOf(schema, ['source', 'ip'])).toBe('ip');
    expect(fieldTypeOf(schema, ['host', 'keyword'])).toBe('keyword');
    expect(resolveAlias(schema, ['event', 'category'])).toEqual(['event_type']);
    expect(fieldTypeOf(schema, ['event', 'category'])).toBe('keyword');
    expect(schema.nullValues.get('opt')).toBe('NULL');
  });
});

describe('compareVersions', () => {
  it('should order numeric parts numerically', () => {
    expect(compareVersions('1.5.0', '1.10.0')).toBeLessThan(0);
    expect(compareVersions('2.0', '2.0.0')).toBe(0);
    expect(compareVersions('10.0.0', '9.9.9')).toBeGreaterThan(0);
  });

  it('should put pre-releases before their release and ignore build metadata', () => {
    expect(compareVersions('1.0.0-alpha', '1.0.0')).toBeLessThan(0);
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10')).toBeLessThan(0);
    expect(compareVersions('1.0.0-1', '1.0.0-alpha')).toBeLessThan(0);
    expect(compareVersions('1.0.0+build5', '1.0.0')).toBe(0);
  });

  it('should sort invalid versions after valid ones, as text', () => {
    expect(compareVersions('1.0.0', 'banana')).toBeLessThan(0);
    expect(compareVersions('apple', 'banana')).toBeLessThan(0);
  });
});
