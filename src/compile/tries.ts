/**
 * Many literals at once: a trie for prefixes (reversed for suffixes) and an Aho-Corasick
 * automaton for infixes. A list of 2,600 patterns then costs one walk over the value, not
 * 2,600 `startsWith` calls.
 *
 * Nodes key their children by UTF-16 code unit. That is exact here for the same reason plain
 * `startsWith` is (see `wildcard.ts`): literal runs never split a surrogate pair.
 */

interface TrieNode {
  next: Map<number, TrieNode>;
  end: boolean;
}

const node = (): TrieNode => ({ next: new Map(), end: false });

/** A set of prefixes (or, reversed, suffixes) tested in one walk. */
export class PrefixTrie {
  private readonly root = node();
  readonly size: number;

  /** `reversed` makes it a suffix trie: the words and the walk both run from the end. */
  constructor(
    words: readonly string[],
    private readonly reversed = false,
  ) {
    for (const word of words) {
      let at = this.root;
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(reversed ? word.length - 1 - i : i);
        let child = at.next.get(code);
        if (!child) {
          child = node();
          at.next.set(code, child);
        }
        at = child;
      }
      at.end = true;
    }
    this.size = words.length;
  }

  /** True when some word is a prefix (a suffix, when reversed) of `value`. */
  test(value: string): boolean {
    let at: TrieNode | undefined = this.root;
    const n = value.length;
    for (let i = 0; i < n; i++) {
      if (at.end) return true;
      at = at.next.get(value.charCodeAt(this.reversed ? n - 1 - i : i));
      if (at === undefined) return false;
    }
    return at.end;
  }
}

interface AcNode {
  next: Map<number, AcNode>;
  fail: AcNode | null;
  /** Some word ends here, or at a node the fail links lead to. */
  out: boolean;
}

/** An Aho-Corasick automaton: does `value` contain any of the words? */
export class InfixAutomaton {
  private readonly root: AcNode = { next: new Map(), fail: null, out: false };
  readonly size: number;

  constructor(words: readonly string[]) {
    for (const word of words) {
      let at = this.root;
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        let child = at.next.get(code);
        if (!child) {
          child = { next: new Map(), fail: null, out: false };
          at.next.set(code, child);
        }
        at = child;
      }
      at.out = true;
    }
    this.size = words.length;

    // Breadth first, so that every fail link points at a node already finished.
    const queue: AcNode[] = [];
    for (const child of this.root.next.values()) {
      child.fail = this.root;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const current = queue[head]!;
      for (const [code, child] of current.next) {
        let f = current.fail;
        while (f !== null && !f.next.has(code)) f = f.fail;
        child.fail = f === null ? this.root : (f.next.get(code) ?? this.root);
        child.out ||= child.fail.out;
        queue.push(child);
      }
    }
  }

  /** True when some word occurs in `value`; the empty word occurs in every value. */
  test(value: string): boolean {
    const root = this.root;
    if (root.out) return true;
    let at = root;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      let next = at.next.get(code);
      while (next === undefined && at !== root) {
        at = at.fail!;
        next = at.next.get(code);
      }
      at = next ?? root;
      if (at.out) return true;
    }
    return false;
  }
}
