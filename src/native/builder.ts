/**
 * The event builder: one generated function per field table that turns a line's slots
 * into the smallest nested object on which every projected field reads as it does on the
 * full event, so compiled matchers (which read nested properties) run on it unchanged.
 *
 * Fields `process.name` and `process.args` become `{ process: { name, args } }`, one
 * object literal with the same shape for every event (a missing field is a property
 * holding undefined, which `readField` cannot tell from an absent one). A nested object
 * none of whose fields is present is left out (undefined) rather than built: a pack reads
 * hundreds of fields, and most groups (`registry`, `dll`, ...) are absent from most events,
 * so this saves most of the allocation. When a field is
 * also the prefix of another (`a` and `a.b`), its values and the object that holds the
 * longer field share one array, `[...values, { b }]`: `readField` takes the scalars for
 * `a` and skips the object, and reaches `b` through the object for `a.b`.
 *
 * Keys enter the generated source only through `JSON.stringify`, which yields a string
 * literal and nothing else; `__proto__` is written as a computed key so that it defines
 * an own property (as JSON.parse does) instead of setting the prototype.
 */
import type { PathSegment, Value } from '../event/index.js';
import type { EventBuilder } from './batch.js';

interface TrieNode {
  slot: number | null;
  children: Map<string, TrieNode>;
}

/**
 * The builder for these paths (slot `f` is `paths[f]`), or null when a path has an array
 * index (`a[0]`), which no plain nesting can stand for; such lines are parsed whole.
 *
 * @example buildEventBuilder([['process', 'name']])!.source // '... { "process": { "name": ...'
 */
export function buildEventBuilder(
  paths: readonly (readonly PathSegment[])[],
): { build: EventBuilder; source: string } | null {
  const root: TrieNode = { slot: null, children: new Map() };
  for (let f = 0; f < paths.length; f++) {
    let node = root;
    for (const segment of paths[f]!) {
      if (typeof segment === 'number') return null;
      let next = node.children.get(segment);
      if (!next) {
        next = { slot: null, children: new Map() };
        node.children.set(segment, next);
      }
      node = next;
    }
    node.slot = f;
  }

  const body = objectSource(root);
  const source = [
    '"use strict";',
    'return function build(d, b) {',
    '  const t = d.tags;',
    `  return ${body};`,
    '};',
  ].join('\n');
  const factory = new Function('withObject', source) as (w: typeof withObject) => EventBuilder;
  return { build: factory(withObject), source };
}

function objectSource(node: TrieNode): string {
  const parts: string[] = [];
  for (const [key, child] of node.children) {
    const name = key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key);
    parts.push(`${name}: ${valueSource(child)}`);
  }
  return `{ ${parts.join(', ')} }`;
}

function valueSource(node: TrieNode): string {
  const read = node.slot === null ? null : `d.slot(b + ${node.slot})`;
  if (node.children.size === 0) return read ?? 'undefined';
  // Built only when one of its fields is present (tag 0 is missing).
  const present = slotsBelow(node).map((slot) => `t[b + ${slot}]`).join(' | ');
  const object = `(${present}) === 0 ? undefined : ${objectSource(node)}`;
  return read === null ? `(${object})` : `withObject(${read}, ${object})`;
}

function slotsBelow(node: TrieNode): number[] {
  const slots: number[] = [];
  for (const child of node.children.values()) {
    if (child.slot !== null) slots.push(child.slot);
    slots.push(...slotsBelow(child));
  }
  return slots;
}

/** A field's values with the object holding longer fields after them (see above). */
function withObject(values: Value | null, object: object | undefined): unknown {
  if (object === undefined || values === undefined) return object ?? values;
  return Array.isArray(values) ? [...values, object] : [values, object];
}

