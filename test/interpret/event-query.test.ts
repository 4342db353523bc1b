import { describe, expect, it } from 'vitest';

import { createSchema } from '../../src/event/index.js';
import { matchesEventQuery } from '../../src/interpret/index.js';
import { parseQuery, type EventQuery } from '../../src/query/index.js';

const eventQuery = (text: string): EventQuery => {
  const body = parseQuery(text).body;
  if (body.kind !== 'event') throw new Error('not an event query');
  return body;
};

const options = { categoryField: 'event.category' };

describe('matchesEventQuery', () => {
  it('should check the category case-sensitively', () => {
    const q = eventQuery('process where true');
    expect(matchesEventQuery(q, { event: { category: 'process' } }, options)).toBe(true);
    expect(matchesEventQuery(q, { event: { category: 'Process' } }, options)).toBe(false);
    expect(matchesEventQuery(q, {}, options)).toBe(false);
  });

  it('should match any category with any', () => {
    const q = eventQuery('any where true');
    expect(matchesEventQuery(q, {}, options)).toBe(true);
  });

  it('should match a multi-valued category when any value matches', () => {
    const q = eventQuery('network where true');
    const event = { event: { category: ['process', 'network'] } };
    expect(matchesEventQuery(q, event, options)).toBe(true);
  });

  it('should read the category field through flat dotted keys too', () => {
    const q = eventQuery('file where true');
    expect(matchesEventQuery(q, { 'event.category': 'file' }, options)).toBe(true);
  });

  it('should not match when the condition is null or false', () => {
    const event = { event: { category: 'process' } };
    expect(matchesEventQuery(eventQuery('process where x > 1'), event, options)).toBe(false);
    expect(matchesEventQuery(eventQuery('process where false'), event, options)).toBe(false);
  });

  it('should follow a schema alias for the category field', () => {
    const schema = createSchema({}, { 'event.category': 'event_type' });
    const q = eventQuery('process where true');
    expect(matchesEventQuery(q, { event_type: 'process' }, { ...options, schema })).toBe(true);
  });
});
