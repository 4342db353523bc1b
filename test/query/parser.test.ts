import { describe, expect, test } from 'vitest';

import { EqlError } from '../../src/errors.js';
import { parseQuery } from '../../src/query/index.js';
import { field, lit, shape } from './shape.js';

const body = (text: string) => shape(parseQuery(text).body) as Record<string, unknown>;
const stage = (category: string, condition: unknown, extra: Record<string, unknown> = {}) => ({
  query: { kind: 'event', category, condition },
  by: [],
  runs: 1,
  missing: false,
  ...extra,
});

describe('event queries', () => {
  test('category where condition', () => {
    expect(body('process where true')).toEqual({ kind: 'event', category: 'process', condition: lit(true) });
  });

  test('any has a null category', () => {
    expect(body('ANY WHERE a')).toEqual({ kind: 'event', category: null, condition: field('a') });
  });

  test('a quoted category keeps its text', () => {
    expect(body('"my category" where a')).toMatchObject({ category: 'my category' });
  });

  test('the category keeps its case', () => {
    expect(body('OPTIONAL where a')).toMatchObject({ category: 'OPTIONAL' });
  });

  test('the query keeps its source and spans the whole text', () => {
    const query = parseQuery(' process where a == 1 ');
    expect(query.source).toBe(' process where a == 1 ');
    expect(query.body.span).toEqual({ start: 1, end: 21, line: 1, column: 2 });
  });
});

describe('sequences', () => {
  test('by keys, maxspan, per-stage keys and until', () => {
    const text = `sequence by host.id with maxspan=5m
      [process where a] by process.pid
      [file where b] by process.parent.pid
    until [process where c] by process.pid`;
    expect(body(text)).toEqual({
      kind: 'sequence',
      by: [field('host', 'id')],
      maxspan: 300_000,
      stages: [
        stage('process', field('a'), { by: [field('process', 'pid')] }),
        stage('file', field('b'), { by: [field('process', 'parent', 'pid')] }),
      ],
      until: stage('process', field('c'), { by: [field('process', 'pid')] }),
    });
  });

  test('with maxspan may come before by', () => {
    expect(body('sequence with maxspan=2s by a [x where true] [y where true]')).toMatchObject({
      by: [field('a')],
      maxspan: 2000,
    });
  });

  test.each([
    ['10ms', 10],
    ['3s', 3000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['2d', 172_800_000],
    ['1 s', 1000],
  ])('maxspan=%s is %d ms', (written, ms) => {
    expect(body(`sequence with maxspan=${written} [x where true] [y where true]`)).toMatchObject({ maxspan: ms });
  });

  test('without maxspan it is null and by keys are empty', () => {
    expect(body('sequence [x where true] [y where true]')).toMatchObject({ by: [], maxspan: null, until: null });
  });

  test('with runs repeats a stage and lets a sequence have one stage', () => {
    expect(body('sequence by ?a [file where true] with runs=2')).toEqual({
      kind: 'sequence',
      by: [{ kind: 'field', path: ['a'], optional: true }],
      maxspan: null,
      stages: [stage('file', lit(true), { runs: 2 })],
      until: null,
    });
  });

  test('by and runs combine on a stage', () => {
    expect(body('sequence [a where true] by k with runs=3 [b where true] by k')).toMatchObject({
      stages: [{ by: [field('k')], runs: 3 }, { by: [field('k')], runs: 1 }],
    });
  });

  test('![...] is a missing-event stage', () => {
    expect(body('sequence with maxspan=1s [a where true] ![b where true] [c where true]')).toMatchObject({
      stages: [{ missing: false }, { missing: true, query: { category: 'b' } }, { missing: false }],
    });
  });

  test('stage spans run from the bracket to the last key', () => {
    const query = parseQuery('sequence [a where true] by k [b where true] by k');
    const stages = query.body.kind === 'sequence' ? query.body.stages : [];
    expect(stages.map((s) => [s.span.start, s.span.end])).toEqual([[9, 28], [29, 48]]);
  });

  test('stage keys may be any expression, and a [ after a key starts the next stage', () => {
    expect(body('sequence by a [x where true] by length(b), c[0] [y where true] by d, e')).toMatchObject({
      stages: [{ by: [{ kind: 'call' }, field('c', 0)] }, { by: [field('d'), field('e')] }],
    });
  });
});

describe('samples', () => {
  test('sample by keys with per-stage keys', () => {
    expect(body('sample by host [a where true] by x [b where true] by y')).toEqual({
      kind: 'sample',
      by: [field('host')],
      stages: [
        stage('a', lit(true), { by: [field('x')] }),
        stage('b', lit(true), { by: [field('y')] }),
      ],
    });
  });

  test('sample keys are optional', () => {
    expect(body('sample [a where true] [b where true]')).toMatchObject({ by: [] });
  });
});

describe('pipes', () => {
  test('head and tail keep their counts in order', () => {
    const query = parseQuery('process where true | head 5 | TAIL 2');
    expect(shape(query.pipes)).toEqual([
      { kind: 'head', count: 5 },
      { kind: 'tail', count: 2 },
    ]);
    expect(query.pipes[0]!.span).toEqual({ start: 19, end: 27, line: 1, column: 20 });
  });

  test.each(['count', 'unique a, b', 'unique_count a', 'filter a == 1', 'sort a', 'window 5m'])(
    '| %s is rejected as unsupported',
    (pipe) => {
      const name = pipe.split(' ')[0];
      let error: unknown;
      try {
        parseQuery(`process where true | ${pipe}`);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(EqlError);
      expect(error).toMatchObject({ code: 'unsupported', message: `1:22: Pipe [${name}] is not supported` });
    },
  );

  test('a syntax error after an unsupported pipe is reported first', () => {
    expect(() => parseQuery('process where true | count | head x')).toThrow(
      '1:35: Expected a non-negative integer but found \'x\'',
    );
  });

  test('join is unsupported', () => {
    expect(() => parseQuery('join by a [x where true] [y where true]')).toThrow(
      expect.objectContaining({ code: 'unsupported', message: '1:1: Join queries are not supported' }),
    );
  });
});
