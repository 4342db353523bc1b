/**
 * Dispatch: which matchers of a pack can an event possibly satisfy?
 *
 * A matcher whose condition is `A and B and ...` is true only when each conjunct is; a
 * conjunct such as `host.os.type == "windows"` or `process.name : ("a.exe", "b.exe")`
 * names the only values the field may hold. Matchers are therefore filed in a tree: at each
 * node, under the field most of them key on, by value, with the rest kept aside. An event
 * walks down by its own values and meets only the matchers filed where it went.
 *
 *   category (string values only, exact: it is the category test itself)
 *     "process" -> host.os.type (exact) -> "windows" -> [r1, r7, ...]
 *                                          rest      -> [r3, ...]
 *     rest (`any where`) -> [...]
 *
 * Below the category the tree only narrows: lookups use the text of every value (numbers
 * and booleans as text, folded where the key ignores case), which can only find more
 * candidates than the conditions accept, never fewer. The matcher itself decides. A leaf
 * may index some of its entries by values they need (`leaf-index.ts`): the tree builder
 * leaves that to the `LeafMaker` it is given.
 */
import { foldCase, toNumber } from '../event/index.js';
import type { Expr, Field } from '../query/ast.js';
import type { LeafIndex } from './leaf-index.js';

/** How a key field's event values are looked up. */
export type KeyMode = 'strict' | 'exact' | 'folded';

/** A key one matcher offers: a field, a lookup mode, and the values it may hold. */
export interface EntryKey {
  /** Identifies the field as read (the slot), with the mode: `"12:folded"`. */
  id: string;
  slot: number;
  field: string;
  mode: KeyMode;
  values: string[];
  /** The top-level conjunct it comes from; -1 for a key not in the condition (the category). */
  conjunct: number;
}

/** A node of the dispatch tree. */
export type DispatchTree =
  | {
      kind: 'leaf';
      /** Entries every event reaching the leaf meets. */
      entries: number[];
      /** Entries an event meets when it holds a value they are filed under. */
      index: LeafIndex | null;
    }
  | {
      kind: 'split';
      slot: number;
      field: string;
      mode: KeyMode;
      children: Map<string, DispatchTree>;
      rest: DispatchTree;
    };

/** Fewer matchers than this sharing a key are not worth a lookup. */
const MIN_SHARED = 3;
const MAX_DEPTH = 4;

/**
 * The keys a condition offers, from its top-level `and` conjuncts. `slotOf` gives a field's
 * slot, or undefined when the field cannot key (a typed date, say).
 */
export function conditionKeys(
  condition: Expr,
  slotOf: (field: Field) => { slot: number; name: string } | undefined,
): EntryKey[] {
  const conjuncts = condition.kind === 'and' ? condition.operands : [condition];
  const keys: EntryKey[] = [];
  conjuncts.forEach((c, conjunct) => {
    const found = conjunctKey(c);
    if (!found) return;
    const slot = slotOf(found.field);
    if (!slot) return;
    const { mode, values } = found;
    keys.push({ id: `${slot.slot}:${mode}`, slot: slot.slot, field: slot.name, mode, values, conjunct });
  });
  return keys;
}

function conjunctKey(c: Expr): { field: Field; mode: KeyMode; values: string[] } | undefined {
  if (c.kind === 'compare' && c.op === '==' && c.left.kind === 'field') {
    const v = c.right.kind === 'literal' ? c.right.value : null;
    // A decimal string also equals a number; such keys are left to the matcher.
    if (typeof v !== 'string' || toNumber(v) !== null) return undefined;
    return { field: c.left, mode: 'exact', values: [v] };
  }
  if (c.kind === 'in' && !c.negated && c.left.kind === 'field') {
    const values = c.values.map((v) => (v.kind === 'literal' ? v.value : null));
    if (!values.every((v): v is string => typeof v === 'string' && toNumber(v) === null)) return undefined;
    return c.caseInsensitive
      ? { field: c.left, mode: 'folded', values: values.map(foldCase) }
      : { field: c.left, mode: 'exact', values };
  }
  if (c.kind === 'match' && c.op !== 'regex' && c.left.kind === 'field') {
    const values = c.patterns.map((p) => p.value);
    if (!values.every((v): v is string => typeof v === 'string' && !/[*?]/.test(v))) return undefined;
    return c.caseInsensitive
      ? { field: c.left, mode: 'folded', values: values.map(foldCase) }
      : { field: c.left, mode: 'exact', values };
  }
  return undefined;
}

/** Makes a leaf of entries, given the key ids the path to it split on. */
export type LeafMaker = (entries: readonly number[], used: ReadonlySet<string>) => DispatchTree;

/** A leaf that lists its entries. */
export const plainLeaf: LeafMaker = (entries) => ({ kind: 'leaf', entries: [...entries], index: null });

/**
 * Builds the tree for entries `0..keys.length-1`; `keys[i]` lists what entry i offers, `used`
 * the keys split on above, and `leaf` makes the leaves.
 */
export function buildTree(
  entries: readonly number[],
  keys: readonly (readonly EntryKey[])[],
  depth = 0,
  used: ReadonlySet<string> = new Set(),
  leaf: LeafMaker = plainLeaf,
): DispatchTree {
  if (depth >= MAX_DEPTH || entries.length < MIN_SHARED) return leaf(entries, used);

  // The key shared by the most entries.
  const counts = new Map<string, { key: EntryKey; n: number }>();
  for (const entry of entries) {
    for (const key of keys[entry] ?? []) {
      if (used.has(key.id)) continue;
      const seen = counts.get(key.id);
      if (seen) seen.n++;
      else counts.set(key.id, { key, n: 1 });
    }
  }
  let best: { key: EntryKey; n: number } | undefined;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  if (!best || best.n < MIN_SHARED) return leaf(entries, used);

  const id = best.key.id;
  const byValue = new Map<string, number[]>();
  const rest: number[] = [];
  for (const entry of entries) {
    const key = (keys[entry] ?? []).find((k) => k.id === id);
    if (!key) {
      rest.push(entry);
      continue;
    }
    for (const value of new Set(key.values)) {
      const list = byValue.get(value) ?? [];
      list.push(entry);
      byValue.set(value, list);
    }
  }
  const nextUsed = new Set(used).add(id);
  const children = new Map<string, DispatchTree>();
  for (const [value, list] of byValue) children.set(value, buildTree(list, keys, depth + 1, nextUsed, leaf));
  return {
    kind: 'split',
    slot: best.key.slot,
    field: best.key.field,
    mode: best.key.mode,
    children,
    rest: buildTree(rest, keys, depth + 1, nextUsed, leaf),
  };
}

/** The tree as indented lines, for `eqlscan explain`. */
export function describeTree(tree: DispatchTree, name: (entry: number) => string, indent = ''): string[] {
  if (tree.kind === 'leaf') {
    const lines: string[] = [];
    if (tree.entries.length > 0) {
      const shown = tree.entries.slice(0, 8).map(name).join(', ');
      const more = tree.entries.length > 8 ? `, ... (${tree.entries.length} in all)` : '';
      lines.push(`${indent}test ${shown}${more}`);
    }
    const index = tree.index;
    if (index !== null) {
      const values = index.maps.reduce((n, m) => n + m.size, 0);
      lines.push(`${indent}look up ${index.size} more by ${values} values of ${index.slots.length} fields`);
    }
    return lines;
  }
  const lines = [`${indent}by ${tree.field} (${tree.mode}, ${tree.children.size} values):`];
  const values = [...tree.children.keys()].sort();
  for (const value of values.slice(0, 12)) {
    lines.push(`${indent}  ${JSON.stringify(value)}:`);
    lines.push(...describeTree(tree.children.get(value)!, name, `${indent}    `));
  }
  if (values.length > 12) lines.push(`${indent}  ... ${values.length - 12} more values`);
  const rest = describeTree(tree.rest, name, `${indent}    `);
  if (rest.length > 0) lines.push(`${indent}  otherwise:`, ...rest);
  return lines;
}
