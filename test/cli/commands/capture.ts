/**
 * Runs a command in-process and collects what it wrote to stdout and stderr, so command tests
 * can assert on exact output without spawning a process.
 */
import { vi } from 'vitest';

/** What a command returned and printed. */
export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Calls `command`, capturing both output streams until it settles. */
export async function captureOutput(command: () => Promise<number>): Promise<Captured> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await command(), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}
