/**
 * Pipes and the result size cap, applied to results already in their final order.
 *
 * `head N` keeps the first N, `tail N` the last N (still in ascending order), and pipes
 * apply left to right: `| head 4 | tail 2` is the third and fourth result. `size` (the
 * Elasticsearch request parameter) caps what remains; after a `tail` it keeps the last
 * results, as the tail is what was asked for.
 */
import type { Pipe } from '../query/ast.js';

/** Applies the pipes, then the size cap; returns a new array. */
export function applyPipes<T>(results: readonly T[], pipes: readonly Pipe[], size?: number): T[] {
  let out = [...results];
  for (const pipe of pipes) {
    out = pipe.kind === 'head' ? out.slice(0, pipe.count) : takeLast(out, pipe.count);
  }
  if (size === undefined || out.length <= size) return out;
  return pipes[pipes.length - 1]?.kind === 'tail' ? takeLast(out, size) : out.slice(0, size);
}

/** The most results that can matter given the pipes and size: a head limit, or Infinity. */
export function headLimit(pipes: readonly Pipe[], size?: number): number {
  let limit = Infinity;
  for (const pipe of pipes) {
    // A tail picks among everything that got this far: all of the first `limit` matter.
    if (pipe.kind === 'tail') return limit;
    limit = Math.min(limit, pipe.count);
  }
  return Math.min(limit, size ?? Infinity);
}

function takeLast<T>(items: T[], count: number): T[] {
  return count <= 0 ? [] : items.slice(Math.max(0, items.length - count));
}
