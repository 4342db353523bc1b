/**
 * A `RegexNode` tree as JavaScript regex source, for V8's linear-time engine.
 *
 * That engine has no `u` flag, so it reads code units, while the tree speaks of code points.
 * The source is written so that, on a well-formed value, it can only step over whole code
 * points: a code point above U+FFFF is matched as its surrogate pair, a single unit is never a
 * surrogate, and lone surrogates in a set (which a well-formed value cannot hold) are dropped.
 * The one exception is "any string" (`[\s\S]*`), which may stop between the two halves of a
 * pair; nothing else can then start on the low half, so only matches that also exist at code
 * point boundaries survive. Values that are not well formed must go to the automaton
 * (`regex-nfa.ts`) instead; `isWellFormed` tells them apart.
 */
import type { CodeRange, RegexNode } from './regex-nfa.js';
import { MAX_CODE_POINT } from './regex-nfa.js';

/**
 * The unanchored source for a tree, in JavaScript syntax without flags.
 *
 * @example regexSource({ kind: 'repeat', item: { kind: 'set', ranges: [[97, 97]] }, min: 1,
 *   max: null }) // '(?:a)+'
 */
export function regexSource(node: RegexNode): string {
  switch (node.kind) {
    case 'set':
      return setSource(node.ranges);
    case 'concat':
      return node.items.map(regexSource).join('');
    case 'union':
      return `(?:${node.items.map(regexSource).join('|')})`;
    case 'repeat': {
      if (isAnyString(node)) return '[\\s\\S]*';
      return `(?:${regexSource(node.item)})${quantifier(node.min, node.max)}`;
    }
  }
}

/** True when the value holds no lone surrogate, so the V8 translation reads it correctly. */
export function isWellFormed(value: string): boolean {
  return (value as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function quantifier(min: number, max: number | null): string {
  if (max === null) return min === 0 ? '*' : min === 1 ? '+' : `{${min},}`;
  if (min === 0 && max === 1) return '?';
  return min === max ? `{${min}}` : `{${min},${max}}`;
}

function isAnyString(node: RegexNode & { kind: 'repeat' }): boolean {
  const { item } = node;
  return (
    node.min === 0 &&
    node.max === null &&
    item.kind === 'set' &&
    item.ranges.length === 1 &&
    item.ranges[0]![0] === 0 &&
    item.ranges[0]![1] === MAX_CODE_POINT
  );
}

/** One code point from the ranges, as code units. */
function setSource(ranges: readonly CodeRange[]): string {
  const units: CodeRange[] = [];
  const astral: CodeRange[] = [];
  for (const [lo, hi] of ranges) {
    // Code units below the surrogates, then above them; astral code points as pairs.
    if (lo < 0xd800) units.push([lo, Math.min(hi, 0xd7ff)]);
    if (hi >= 0xe000 && lo <= 0xffff) units.push([Math.max(lo, 0xe000), Math.min(hi, 0xffff)]);
    if (hi > 0xffff) astral.push([Math.max(lo, 0x10000), hi]);
  }

  const parts: string[] = [];
  if (units.length === 1 && units[0]![0] === units[0]![1]) {
    parts.push(escapeUnit(units[0]![0]));
  } else if (units.length > 0) {
    const body = units.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`));
    parts.push(`[${body.join('')}]`);
  }
  for (const [lo, hi] of astral) parts.push(...pairSources(lo, hi));

  if (parts.length === 0) return '[]';
  return parts.length === 1 ? parts[0]! : `(?:${parts.join('|')})`;
}

/** Surrogate-pair alternatives covering the astral code points `lo` to `hi`. */
function pairSources(lo: number, hi: number): string[] {
  const [loHigh, loLow] = pairOf(lo);
  const [hiHigh, hiLow] = pairOf(hi);
  if (loHigh === hiHigh) return [hex(loHigh) + unitRange(loLow, hiLow)];

  const out: string[] = [];
  let firstFull = loHigh;
  let lastFull = hiHigh;
  if (loLow !== 0xdc00) {
    out.push(hex(loHigh) + unitRange(loLow, 0xdfff));
    firstFull++;
  }
  if (hiLow !== 0xdfff) lastFull--;
  if (firstFull <= lastFull) out.push(unitRange(firstFull, lastFull) + unitRange(0xdc00, 0xdfff));
  if (hiLow !== 0xdfff) out.push(hex(hiHigh) + unitRange(0xdc00, hiLow));
  return out;
}

function pairOf(cp: number): [number, number] {
  const offset = cp - 0x10000;
  return [0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff)];
}

function unitRange(lo: number, hi: number): string {
  return lo === hi ? hex(lo) : `[${hex(lo)}-${hex(hi)}]`;
}

function escapeUnit(code: number): string {
  const ch = String.fromCharCode(code);
  if (code < 0x20 || code > 0x7e) return hex(code);
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? '\\' + ch : ch;
}

function hex(code: number): string {
  return '\\u' + code.toString(16).padStart(4, '0');
}
