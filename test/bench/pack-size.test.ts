import { describe, expect, test } from 'vitest';

import { choosePackSize, type PackSizing } from '../../bench/scan.js';

const MB = 1e6;
const SIZES = ['1GB', '200MB', '50MB', '10MB'];

/** Probes of a pack that starts in `start` s, warms up for `warm` s, then reads `rate` MB/s. */
function sizing(rate: number, start = 1.5, warm = 2, budgetSeconds = 180): PackSizing {
  const at = (bytes: number) => ({ bytes, seconds: start + warm + bytes / (rate * MB) });
  return {
    sizes: SIZES, budgetSeconds, cores: 2, withJson: true, startup: [1.3, start],
    small: at(10 * MB), large: at(50 * MB),
  };
}

describe('choosePackSize', () => {
  test('charges the warm-up once per scan, not to every byte', () => {
    // 3 scans at 2 workers and one at 1, which counts twice: 5 shares of 1 GB at 60 MB/s.
    const chosen = choosePackSize(sizing(60));
    expect(chosen.size).toBe('1GB');
    expect(1 / chosen.perByte / MB).toBeCloseTo(60, 5);
    expect(chosen.warmUp).toBeCloseTo(2, 5);
    expect(chosen.estimate).toBeCloseTo(1.5 * 3 + 1.3 + 2 * 4 + (1000 / 60) * 5, 5);
  });

  test('takes the largest size that fits, and the smallest when none does', () => {
    expect(choosePackSize(sizing(20)).size).toBe('200MB');
    expect(choosePackSize(sizing(5)).size).toBe('50MB');
    expect(choosePackSize(sizing(60, 1.5, 2, 10)).size).toBe('10MB');
  });

  test('a larger probe no slower than the smaller one still costs a tenth of its time per byte', () => {
    const s = sizing(60);
    const chosen = choosePackSize({ ...s, large: { ...s.large, seconds: s.small.seconds } });
    expect(chosen.perByte).toBeCloseTo(s.small.seconds / s.large.bytes / 10, 12);
    expect(chosen.warmUp).toBeGreaterThanOrEqual(0);
  });
});
