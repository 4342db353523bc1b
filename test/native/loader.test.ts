import { afterEach, describe, expect, test, vi } from 'vitest';

describe('loading the native backend', () => {
  const saved = process.env.EQLSCAN_NATIVE;
  afterEach(() => {
    if (saved === undefined) delete process.env.EQLSCAN_NATIVE;
    else process.env.EQLSCAN_NATIVE = saved;
    vi.resetModules();
  });

  test('EQLSCAN_NATIVE=0 turns it off with a reason instead of an error', async () => {
    process.env.EQLSCAN_NATIVE = '0';
    vi.resetModules();
    const fresh = await import('../../src/native/index.js');
    expect(fresh.loadNative()).toBeNull();
    expect(fresh.nativeUnavailableReason()).toBe('turned off by EQLSCAN_NATIVE=0');
  });

  test('a reason is given exactly when there is no backend', async () => {
    vi.resetModules();
    const fresh = await import('../../src/native/index.js');
    expect(fresh.loadNative() === null).toBe(fresh.nativeUnavailableReason() !== null);
  });
});
