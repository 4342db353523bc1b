/**
 * The main thread's store of stage hits: every line of the scan that matched a sequence or
 * sample stage, gathered from the shards as they are reported, in input order.
 *
 * Rows are kept in columns of typed arrays rather than as objects, since a broad stage
 * (`[process where event.type == "start"]`) makes a hit of every other line of an archive:
 * a row costs about 60 bytes plus 4 per (stage, key) and nothing for its text when the
 * input can be read again. Join key tuples are interned once for the whole scan.
 *
 * The number of rows is capped (`maxHitEvents`); rows beyond it are dropped and counted,
 * and the scan reports that sequence and sample results may be incomplete.
 */
import type { KeyTuple } from '../interpret/run-keys.js';
import type { Scalar } from '../query/ast.js';
import type { StageHitLines } from './hits.js';

/** A growable column of numbers. */
class Column<T extends Float64Array | Int32Array> {
  data: T;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }

  /** Makes room for index `i`. */
  ensure(i: number): T {
    if (i >= this.data.length) {
      const next = this.make(Math.max(i + 1, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    return this.data;
  }
}

const f64 = (n: number): Float64Array => new Float64Array(n);
const i32 = (n: number): Int32Array => new Int32Array(n);

/** Every stage hit of a scan, one row per line. */
export class HitStore {
  /** Rows kept. */
  count = 0;
  /** Rows not kept because the store was full. */
  dropped = 0;
  /** Input files by index, in the order their first hit arrived (input order). */
  readonly files: string[] = [];
  /** Join key tuples by id. */
  readonly keys: KeyTuple[] = [];

  private readonly fileIds = new Map<string, number>();
  private readonly keyIds = new Map<string, number>();
  private readonly fileCol = new Column(i32);
  private readonly lineCol = new Column(f64);
  private readonly offsetCol = new Column(f64);
  private readonly textStartCol = new Column(f64);
  private readonly textLengthCol = new Column(i32);
  private readonly timeCol = new Column(f64);
  private readonly startCol = new Column(i32);
  private readonly codeCol = new Column(i32);
  private codeCount = 0;
  /** Per row, when the scan has a tiebreaker field. */
  readonly tiebreaker: (Scalar | undefined)[] = [];
  /** Per row, the text when the input cannot be read again; undefined otherwise. */
  readonly text: (string | undefined)[] = [];

  /** @param maxHitEvents the most rows kept. */
  constructor(readonly maxHitEvents: number) {}

  /** Index of a file, given in input order. */
  fileIndex(file: string): number {
    let id = this.fileIds.get(file);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(file);
      this.fileIds.set(file, id);
    }
    return id;
  }

  /**
   * Adds a shard's rows. `lineBase`: the lines of the file before the shard, so that line
   * numbers come out 1-based and absolute.
   */
  add(file: string, lineBase: number, lines: StageHitLines): void {
    const fileId = this.fileIndex(file);
    const keyMap = lines.keys.map((text) => this.keyId(text));
    const room = Math.max(0, this.maxHitEvents - this.count);
    const take = Math.min(room, lines.count);
    this.dropped += lines.count - take;
    const hasTiebreaker = lines.tiebreaker.length > 0;

    for (let i = 0; i < take; i++) {
      const row = this.count++;
      this.fileCol.ensure(row)[row] = fileId;
      this.lineCol.ensure(row)[row] = lineBase + lines.line[i]! + 1;
      this.offsetCol.ensure(row)[row] = lines.offset[i]!;
      this.textStartCol.ensure(row)[row] = lines.textStart[i]!;
      this.textLengthCol.ensure(row)[row] = lines.textLength[i]!;
      this.timeCol.ensure(row)[row] = lines.timestamp[i]!;
      this.startCol.ensure(row)[row] = this.codeCount;
      if (hasTiebreaker) this.tiebreaker[row] = lines.tiebreaker[i];
      this.text[row] = lines.text?.[i];

      // Codes are copied with key ids made global: `rule, stage, n, key * n`.
      const from = lines.hitStart[i]!;
      const to = i + 1 < lines.count ? lines.hitStart[i + 1]! : lines.codes.length;
      const codes = this.codeCol.ensure(this.codeCount + (to - from));
      for (let c = from; c < to;) {
        const n = lines.codes[c + 2]!;
        codes[this.codeCount++] = lines.codes[c]!;
        codes[this.codeCount++] = lines.codes[c + 1]!;
        codes[this.codeCount++] = n;
        for (let k = 0; k < n; k++) codes[this.codeCount++] = keyMap[lines.codes[c + 3 + k]!]!;
        c += 3 + n;
      }
    }
  }

  /** File index of a row. */
  file(row: number): number {
    return this.fileCol.data[row]!;
  }

  /** 1-based line of a row. */
  line(row: number): number {
    return this.lineCol.data[row]!;
  }

  /** Byte offset of a row's line. */
  offset(row: number): number {
    return this.offsetCol.data[row]!;
  }

  /** Where a row's event text lies in its file. */
  textRange(row: number): { start: number; length: number } {
    return { start: this.textStartCol.data[row]!, length: this.textLengthCol.data[row]! };
  }

  /** Epoch milliseconds of a row; NaN when its event has none. */
  timestamp(row: number): number {
    return this.timeCol.data[row]!;
  }

  /**
   * Calls `visit(rule, stage, keys)` for each hit of a row, `keys` being ids into
   * `this.keys`, valid only during the call.
   */
  hitsOf(row: number, visit: (rule: number, stage: number, keys: Int32Array) => void): void {
    const codes = this.codeCol.data;
    const end = row + 1 < this.count ? this.startCol.data[row + 1]! : this.codeCount;
    for (let c = this.startCol.data[row]!; c < end;) {
      const n = codes[c + 2]!;
      visit(codes[c]!, codes[c + 1]!, codes.subarray(c + 3, c + 3 + n));
      c += 3 + n;
    }
  }

  /** Bytes held in columns, for the stats. */
  get bytes(): number {
    const cols = [this.fileCol, this.lineCol, this.offsetCol, this.textStartCol,
      this.textLengthCol, this.timeCol, this.startCol, this.codeCol];
    return cols.reduce((n, c) => n + c.data.byteLength, 0);
  }

  private keyId(text: string): number {
    let id = this.keyIds.get(text);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(JSON.parse(text) as KeyTuple);
      this.keyIds.set(text, id);
    }
    return id;
  }
}
