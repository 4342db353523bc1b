import { describe, expect, it } from 'vitest';

import { cartesian, distinctScalars } from '../../src/interpret/run-keys.js';

describe('join key helpers', () => {
  it('should make one tuple per value of a single position, and combine several', () => {
    expect(cartesian([['a', 'b']])).toEqual([['a'], ['b']]);
    expect(cartesian([[]])).toEqual([]);
    expect(cartesian([['a', 'b'], [1]])).toEqual([['a', 1], ['b', 1]]);
    expect(cartesian([])).toEqual([[]]);
  });

  it('should keep the first of equal values, and copy short lists', () => {
    const one = ['x'];
    expect(distinctScalars(one)).toEqual(['x']);
    expect(distinctScalars(one)).not.toBe(one);
    expect(distinctScalars([])).toEqual([]);
    expect(distinctScalars(['a', 'a', 1, '1', 1, null, true])).toEqual(['a', 1, '1', null, true]);
  });
});
