/**
 * Necessary literals of a Lucene regular expression (`regex`, `regex~`).
 *
 * Only what can be proven is taken: runs of plain characters that every match must contain.
 * A concatenation offers each of its runs (and each required group) as a candidate set and
 * keeps the most selective; a union needs a set from every branch. Anything optional (`*`,
 * `?`, `{0,n}`) or not a plain character (`.`, classes, `@`) ends a run; a class of one
 * character (`[ ]`) is that character. A repeated character (`a+`, `a{2,}`) ends the run it
 * closes, as many times as it must occur, and opens the next one: `ab+c` needs `ab` and
 * `bc`; `a[ ]{3,}b` needs `a` followed by three spaces, and ` b`.
 * Unsupported or malformed syntax gives no set; the matcher reports the error itself.
 *
 * Runs are never anchored: a regex can match `true` or `false`, whose raw spelling is bare.
 */
import {
  best,
  rulesOutNumbers,
  union,
  type Alternatives,
  type PrefilterLiteral,
} from './prefilter-literals.js';

/**
 * The literal alternatives every value matching `pattern` holds, or null when none can be
 * proven. Case-insensitive runs are folded to lower-case ASCII.
 *
 * @example regexLiterals('.*keychain[0-9]+', false) // [{ text: 'keychain', ... }]
 */
export function regexLiterals(pattern: string, caseInsensitive: boolean): Alternatives {
  try {
    const reader = new Reader(pattern, caseInsensitive);
    const alternatives = reader.union();
    return reader.atEnd() ? alternatives : null;
  } catch {
    return null;
  }
}

/** What one atom contributes before its quantifiers are known. */
type Atom =
  | { kind: 'text'; text: string }
  | { kind: 'group'; alternatives: Alternatives }
  | { kind: 'other' };

class Unsupported extends Error {}

/** A repeated character counts this many times at most toward a run. */
const MAX_REPEAT = 32;

// U+FFFD (what invalid UTF-8 decodes to) and lone surrogates have no spelling of their own.
const BREAKER = /\ufffd|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

class Reader {
  private readonly chars: string[];
  private pos = 0;

  constructor(
    pattern: string,
    private readonly ci: boolean,
  ) {
    this.chars = Array.from(pattern);
  }

  atEnd(): boolean {
    return this.pos >= this.chars.length;
  }

  private next(): string {
    const ch = this.chars[this.pos++];
    if (ch === undefined) throw new Unsupported('end');
    return ch;
  }

  union(): Alternatives {
    const branches = [this.concat()];
    while (this.chars[this.pos] === '|') {
      this.pos++;
      branches.push(this.concat());
    }
    return union(branches);
  }

  private concat(): Alternatives {
    const candidates: Alternatives[] = [];
    let run = '';
    const flush = (): void => {
      if (run !== '' && rulesOutNumbers(run, this.ci)) candidates.push([this.literal(run)]);
      run = '';
    };
    for (let ch = this.chars[this.pos]; ch !== undefined && ch !== '|' && ch !== ')'; ) {
      if (ch === '&') throw new Unsupported('&');
      const atom = this.atom();
      const { min, once } = this.quantifiers();
      if (min === 0 || atom.kind === 'other') {
        flush();
      } else if (atom.kind === 'group') {
        flush();
        if (atom.alternatives !== null) candidates.push(atom.alternatives);
      } else if (once) {
        run += atom.text;
      } else {
        // At least `min` in a row: they close this run, and the last one opens the next.
        run += atom.text.repeat(Math.min(min, MAX_REPEAT));
        flush();
        run = atom.text;
      }
      ch = this.chars[this.pos];
    }
    flush();
    return best(candidates);
  }

  private literal(text: string): PrefilterLiteral {
    return { text, caseInsensitive: this.ci, atStart: false, atEnd: false };
  }

  /** The fewest repetitions the quantifiers allow, and whether exactly one is allowed. */
  private quantifiers(): { min: number; once: boolean } {
    let min = 1;
    let once = true;
    for (;;) {
      const ch = this.chars[this.pos];
      if (ch === '*' || ch === '?') {
        this.pos++;
        min = 0;
        once = false;
      } else if (ch === '+') {
        this.pos++;
        once = false;
      } else if (ch === '{') {
        this.pos++;
        const lo = this.digits();
        let hi: number | null = lo;
        if (this.chars[this.pos] === ',') {
          this.pos++;
          hi = this.chars[this.pos] === '}' ? null : this.digits();
        }
        if (this.next() !== '}') throw new Unsupported('bounds');
        min *= lo;
        if (!(lo === 1 && hi === 1)) once = false;
      } else {
        return { min, once };
      }
    }
  }

  private digits(): number {
    let text = '';
    while (/^[0-9]$/.test(this.chars[this.pos] ?? '')) text += this.next();
    if (text === '') throw new Unsupported('digits');
    return Number(text);
  }

  private atom(): Atom {
    const ch = this.next();
    switch (ch) {
      case '.':
      case '@':
      case '#':
        return { kind: 'other' };
      case '~':
      case '<':
        throw new Unsupported(ch);
      case '"': {
        let text = '';
        for (let c = this.next(); c !== '"'; c = this.next()) text += c;
        return this.text(text);
      }
      case '(': {
        if (this.chars[this.pos] === ')') {
          this.pos++;
          return { kind: 'other' };
        }
        const alternatives = this.union();
        if (this.next() !== ')') throw new Unsupported(')');
        return { kind: 'group', alternatives };
      }
      case '[': {
        // A class of one plain character (`[ ]`, `[.]`) is that character.
        const members: string[] = [];
        let plain = true;
        for (let c = this.next(); c !== ']'; c = this.next()) {
          if (c === '\\') {
            const escaped = this.next();
            if (/^[dDsSwW]$/.test(escaped)) plain = false;
            members.push(escaped);
          } else {
            if (c === '^' || c === '-') plain = false;
            members.push(c);
          }
        }
        return plain && members.length === 1 ? this.text(members[0]!) : { kind: 'other' };
      }
      case '\\': {
        // `\d`, `\s`, `\w` and their negations are classes, not letters (see lucene-regex.ts).
        const escaped = this.next();
        return /^[dDsSwW]$/.test(escaped) ? { kind: 'other' } : this.text(escaped);
      }
      default:
        return this.text(ch);
    }
  }

  /** Plain text; under `regex~` only ASCII text is kept, folded (see prefilter-literals.ts). */
  private text(text: string): Atom {
    if (text === '' || BREAKER.test(text)) return { kind: 'other' };
    if (!this.ci) return { kind: 'text', text };
    if (/[^\x00-\x7f]/.test(text)) return { kind: 'other' };
    return { kind: 'text', text: text.toLowerCase() };
  }
}
