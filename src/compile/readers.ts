/**
 * Field slots and their readers.
 *
 * Every distinct field a matcher (or a whole pack) reads gets a slot number. Its reader is
 * generated code that follows the path with direct property reads, one per segment, and
 * falls back to `readField` whenever the event is not plain nesting: an array on the way, or
 * a flat dotted key (`"process.name"` beside or inside `"process"`) that `readField` would
 * also visit. Each reader checks every such dotted key, so the two never disagree.
 *
 * Safety: segment names reach the generated source only as constants (`c[3]`), never as
 * code. A name that `Object.prototype` has (`constructor`, `__proto__`, `toString`, ...) is
 * read only behind `Object.hasOwn`, so it finds event data or nothing. Other names are read
 * plainly, which is the same as an own read on JSON objects (their prototype is
 * `Object.prototype`, which has no such names).
 */
import { InternalError } from '../errors.js';
import type { PathSegment } from '../event/index.js';
import type { Scalar } from '../query/ast.js';
import { RUNTIME, type Runtime } from './runtime.js';

/** One field as read: the resolved path (aliases followed) and the mapping's `null_value`. */
export interface Slot {
  index: number;
  path: readonly PathSegment[];
  nullValue: Scalar | undefined;
  /** True when some matcher reads this slot case-folded. */
  folded: boolean;
}

/** A reader: the field's value in one event, exactly as `readField` gives it. */
export type Reader = (event: object) => unknown;

/** Slots by path, shared by every matcher of a pack. */
export class SlotTable {
  readonly slots: Slot[] = [];
  private readonly byKey = new Map<string, Slot>();

  /** The slot for a path, made on first use. */
  slot(path: readonly PathSegment[], nullValue: Scalar | undefined): Slot {
    const key = slotKey(path, nullValue);
    let slot = this.byKey.get(key);
    if (!slot) {
      slot = { index: this.slots.length, path, nullValue, folded: false };
      this.slots.push(slot);
      this.byKey.set(key, slot);
    }
    return slot;
  }

  /** The slot for a path, if one was made. */
  find(path: readonly PathSegment[], nullValue: Scalar | undefined): Slot | undefined {
    return this.byKey.get(slotKey(path, nullValue));
  }
}

function slotKey(path: readonly PathSegment[], nullValue: Scalar | undefined): string {
  // Joined by U+0000, unless a segment holds it or an index: then JSON, which is exact.
  const plain = path.length > 0 && path.every((s) => typeof s === 'string' && !/[\u0000\u0001]/.test(s));
  const key = plain ? path.join('\u0000') : `\u0001${JSON.stringify(path)}`;
  return nullValue === undefined ? key : `${key}\u0001${typeof nullValue}:${String(nullValue)}`;
}

/**
 * Builds the readers of every slot, fast ones in one generated function.
 *
 * @example buildReaders(table).readers[0]({ process: { name: 'cmd.exe' } }) // 'cmd.exe'
 */
export function buildReaders(table: SlotTable): { readers: Reader[]; source: string } {
  const consts: unknown[] = [];
  const constName = (value: unknown): string => {
    consts.push(value);
    return `c[${consts.length - 1}]`;
  };
  const bodies: string[] = [];
  for (const slot of table.slots) bodies.push(readerSource(slot, constName));

  const source =
    '"use strict";\n' +
    'const rf = rt.readField, leaves = rt.leaves, hasOwn = rt.hasOwn, isArray = rt.isArray;\n' +
    `return [\n${bodies.join(',\n')}\n];`;
  const factory = new Function('c', 'rt', source) as (c: unknown[], rt: Runtime) => Reader[];
  const readers = factory(consts, RUNTIME);
  if (readers.length !== table.slots.length) throw new InternalError('reader count mismatch');
  return { readers, source };
}

// Names a plain read could find on the prototype chain of a JSON object.
const isPrototypeName = (name: string): boolean =>
  name === '__proto__' || name in Object.prototype;

function readerSource(slot: Slot, constName: (value: unknown) => string): string {
  const path = slot.path;
  const pathConst = constName(path);
  const slow = `rf(e, ${pathConst}${slot.nullValue === undefined ? '' : `, ${constName(slot.nullValue)}`})`;
  if (
    slot.nullValue !== undefined ||
    path.length === 0 ||
    path.some((segment) => typeof segment !== 'string')
  ) {
    return `/* ${slot.index} */ (e) => ${slow}`;
  }

  const names = path as readonly string[];
  const get = (obj: string, key: string): string => {
    const k = constName(key);
    return isPrototypeName(key) ? `(hasOwn(${obj}, ${k}) ? ${obj}[${k}] : undefined)` : `${obj}[${k}]`;
  };
  const lines = [`/* ${slot.index} */ (e) => {`];
  lines.push(`  if (typeof e !== "object" || e === null || isArray(e)) return ${slow};`);
  let obj = 'e';
  for (let i = 0; i < names.length; i++) {
    // Every flat dotted key readField would try at this level must be absent.
    const dotted: string[] = [];
    for (let j = i + 1; j < names.length; j++) {
      dotted.push(`${get(obj, names.slice(i, j + 1).join('.'))} !== undefined`);
    }
    if (dotted.length > 0) lines.push(`  if (${dotted.join(' || ')}) return ${slow};`);
    const next = `x${i}`;
    lines.push(`  const ${next} = ${get(obj, names[i]!)};`);
    if (i < names.length - 1) {
      lines.push(`  if (typeof ${next} !== "object" || ${next} === null) return undefined;`);
      lines.push(`  if (isArray(${next})) return ${slow};`);
    } else {
      lines.push(`  return typeof ${next} === "string" ? ${next} : leaves(${next});`);
    }
    obj = next;
  }
  lines.push('}');
  return lines.join('\n');
}
