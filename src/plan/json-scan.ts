/**
 * Finding where values sit in JSON text, which `JSON.parse` does not tell.
 *
 * Errors in a rule's query must point into the rule file, so the loaders need the offset of
 * the escaped query string in the text. These scanners assume the text is valid JSON (it has
 * already parsed) and only skip over it; they never build values.
 */

/** The escaped text between the quotes of a JSON string, and where it starts. */
export interface RawString {
  /** Offset of the first character after the opening quote. */
  start: number;
  text: string;
}

/**
 * The raw text of the string value of `key` in the object that starts at `objectStart`, or
 * null when the key is absent or its value is not a string. Only the object's own keys count,
 * not those of objects nested in it.
 *
 * @example rawStringValue('{"a":{"q":"x"},"q":"a\\nb"}', 0, 'q') // { start: 20, text: 'a\\nb' }
 */
export function rawStringValue(text: string, objectStart: number, key: string): RawString | null {
  if (text[objectStart] !== '{') return null;
  let i = skipSpace(text, objectStart + 1);
  while (i < text.length && text[i] === '"') {
    const keyEnd = skipString(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the ':'
    const valueEnd = skipValue(text, i);
    if (name === key && text[i] === '"') {
      return { start: i + 1, text: text.slice(i + 1, valueEnd - 1) };
    }
    i = skipSpace(text, valueEnd);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return null;
}

/**
 * The offsets where the elements of the top-level array start.
 *
 * @example elementStarts('[{"a":1}, {"b":2}]') // [1, 10]
 */
export function elementStarts(text: string): number[] {
  const starts: number[] = [];
  let i = skipSpace(text, 0);
  if (text[i] !== '[') return starts;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== ']') {
    starts.push(i);
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return starts;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/** From an opening quote to just past the closing one. */
function skipString(text: string, i: number): number {
  for (i += 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return i;
}

/** From the first character of a value to just past its end. */
function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first !== '{' && first !== '[') {
    while (i < text.length && !/[\s,}\]]/.test(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      i = skipString(text, i);
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') depth--;
    i++;
    if (depth === 0) return i;
  }
  return i;
}

/** Turns offsets in a text into 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based line and column of `offset`. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
}
