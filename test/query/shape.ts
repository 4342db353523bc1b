/**
 * Test support: syntax trees without their spans, so tests can compare shapes in a few lines.
 */

/** A deep copy of `node` with every `span` property removed. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'span') out[key] = shape(value);
  }
  return out;
}

/** Shorthand for a field node's shape. */
export const field = (...path: (string | number)[]) => ({ kind: 'field', path, optional: false });

/** Shorthand for a literal node's shape. */
export const lit = (value: string | number | boolean | null) => ({ kind: 'literal', value });
