/**
 * Reading every field a pack needs in one walk over the event.
 *
 * Telemetry events come in many shapes (each sensor, each event type, each optional field
 * gives JSON objects another hidden class), so property reads at one place in the code see
 * hundreds of shapes, and a read of a key that is absent, which the dotted-key checks of
 * `readers.ts` need, costs a full lookup each time. The walk instead lists the keys each
 * object does have (`Object.keys`, cached per shape by the engine) and looks each one up in a
 * trie of the wanted field paths: a few Map lookups per key, whatever the shape.
 *
 * It finds the same values `readField` does: a key with dots (`"process.name"`, or
 * `"parent.name"` inside `process`) advances the trie by each of its pieces, an array on the
 * way applies the rest of the path to each element, and leaves are flattened with nulls and
 * objects dropped. Only the order of the values of a field found in several places (nested
 * and flat at once) can differ, and no condition depends on that order: every predicate asks
 * whether any value, or any combination of values, satisfies it.
 *
 * Paths with an `[n]` index, a mapping `null_value`, or a segment with a dot in it are not
 * walked; their slots keep the direct reader.
 */
import type { Scalar } from '../query/ast.js';
import { leaves } from './runtime.js';
import type { Slot } from './readers.js';

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The slot whose path ends here, or -1. */
  slot: number;
}

/** True when `walkFields` can read this slot. */
export function isWalkable(slot: Slot): boolean {
  return (
    slot.nullValue === undefined &&
    slot.path.length > 0 &&
    slot.path.every((s) => typeof s === 'string' && !s.includes('.'))
  );
}

/** The trie of the walkable slots' paths. */
export class FieldTrie {
  private readonly root: TrieNode = { children: new Map(), slot: -1 };

  constructor(slots: readonly Slot[]) {
    for (const slot of slots) {
      if (!isWalkable(slot)) continue;
      let at = this.root;
      for (const segment of slot.path as readonly string[]) {
        let child = at.children.get(segment);
        if (!child) {
          child = { children: new Map(), slot: -1 };
          at.children.set(segment, child);
        }
        at = child;
      }
      at.slot = slot.index;
    }
  }

  /**
   * Walks `event`, calling `found(slot, value)` for each place a wanted field has values
   * (a scalar, or an array of two or more scalars, as `readField` gives them).
   */
  walk(event: unknown, found: (slot: number, value: Scalar | Scalar[]) => void): void {
    visitNode(event, this.root, found);
  }
}

function visitNode(
  node: unknown,
  at: TrieNode,
  found: (slot: number, value: Scalar | Scalar[]) => void,
): void {
  if (Array.isArray(node)) {
    for (const element of node) visitNode(element, at, found);
    return;
  }
  if (typeof node !== 'object' || node === null) return;

  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    let next = at.children.get(key);
    if (next === undefined) {
      if (!key.includes('.')) continue;
      // A flat dotted key: follow each of its pieces.
      let t: TrieNode | undefined = at;
      for (const piece of key.split('.')) {
        t = t.children.get(piece);
        if (t === undefined) break;
      }
      if (t === undefined) continue;
      next = t;
    }
    visitValue(record[key], next, found);
  }
}

function visitValue(
  value: unknown,
  at: TrieNode,
  found: (slot: number, value: Scalar | Scalar[]) => void,
): void {
  if (at.slot >= 0) {
    const v = leaves(value);
    if (v !== undefined) found(at.slot, v);
  }
  if (at.children.size > 0 && typeof value === 'object' && value !== null) visitNode(value, at, found);
}
