/**
 * The query half of the grammar: event queries, sequences, samples and pipes.
 *
 * Besides syntax, this checks what Elasticsearch checks while building its plan from the
 * tree, so a query that parses here has a shape the engine can run: stage counts, `runs`
 * ranges, the same number of join keys in every stage, maxspan units.
 */
import { EqlError } from '../errors.js';
import type { EventQuery, Expr, Pipe, Query, Sample, Sequence, Span, Stage } from './ast.js';
import { KEYWORDS } from './cursor.js';
import { ExprParser } from './parser-expr.js';

const TIME_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** Elasticsearch caps `runs` at 100. */
const MAX_RUNS = 100;

const SUPPORTED_PIPES = new Set(['head', 'tail']);

/** Parses a full query: a body, then pipes, then the end of the text. */
export class QueryParser extends ExprParser {
  /**
   * The first error found while checking the shape of the query rather than its syntax. Like
   * Elasticsearch, we report it only once the whole text has parsed, so a syntax error later
   * in the query wins over it.
   */
  private deferred: EqlError | null = null;

  parseQuery(): Query {
    const body = this.parseBody();
    const pipes: Pipe[] = [];
    while (this.isPunct('|')) {
      const pipe = this.parsePipe();
      if (pipe) pipes.push(pipe);
    }
    if (this.peek().kind !== 'eof') this.unexpected("'|' or end of query");
    if (this.deferred) throw this.deferred;
    return { body, pipes, source: this.source };
  }

  /** Parses a lone expression up to the end of the text. */
  parseStandaloneExpr(): Expr {
    const expr = this.parseExpr();
    if (this.peek().kind !== 'eof') this.unexpected('end of query');
    if (this.deferred) throw this.deferred;
    return expr;
  }

  private parseBody(): EventQuery | Sequence | Sample {
    if (this.isKeyword('sequence')) return this.parseSequence();
    if (this.isKeyword('sample')) return this.parseSample();
    if (this.isKeyword('join')) {
      this.error('Join queries are not supported', this.peek().span, 'unsupported');
    }
    return this.parseEventQuery();
  }

  private parseEventQuery(): EventQuery {
    const first = this.peek();
    let category: string | null;
    if (this.isKeyword('any')) {
      category = null;
    } else if (first.kind === 'string' || (first.kind === 'ident' && !this.isKeyword('where'))) {
      category = first.value as string;
      if (first.kind === 'ident' && KEYWORDS.has((first.value as string).toLowerCase())) {
        this.unexpected('an event category');
      }
    } else {
      return this.unexpected('an event category');
    }
    this.take();
    this.expectKeyword('where');
    const condition = this.parseExpr();
    return { kind: 'event', category, condition, span: this.spanFrom(first.span) };
  }

  private parseSequence(): Sequence {
    const keyword = this.take();
    let by: Expr[] = [];
    let maxspan: number | null = null;
    if (this.isKeyword('by')) {
      by = this.parseJoinKeys();
      if (this.isKeyword('with')) maxspan = this.parseMaxspan();
    } else if (this.isKeyword('with')) {
      maxspan = this.parseMaxspan();
      if (this.isKeyword('by')) by = this.parseJoinKeys();
    }

    const stages: Stage[] = [];
    while (this.isPunct('[') || this.isPunct('![')) stages.push(this.parseStage(true));
    if (stages.length === 0) this.unexpected("'['");
    let until: Stage | null = null;
    if (this.eatKeyword('until')) {
      if (!this.isPunct('[')) this.unexpected("'['");
      until = this.parseStage(false);
    }

    const span = this.spanFrom(keyword.span);
    // A lone stage is a sequence only when `runs` repeats it.
    const total = stages.reduce((n, s) => n + s.runs, 0);
    if (total < 2) {
      this.defer(`A sequence requires at least 2 stages, found ${stages.length}`, span);
    }
    if (stages.every((s) => s.missing)) {
      this.defer('A sequence requires at least one stage that is not missing', span);
    }
    this.checkKeyCounts(until ? [...stages, until] : stages);
    return { kind: 'sequence', by, maxspan, stages, until, span };
  }

  private parseSample(): Sample {
    const keyword = this.take();
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    const stages: Stage[] = [];
    while (this.isPunct('[') || this.isPunct('![')) {
      if (this.isPunct('![')) {
        this.error('Missing events are only allowed in sequences', this.peek().span);
      }
      stages.push(this.parseStage(false));
    }
    if (stages.length === 0) this.unexpected("'['");
    const span = this.spanFrom(keyword.span);
    if (stages.length < 2) {
      this.defer(`A sample requires at least 2 stages, found ${stages.length}`, span);
    }
    this.checkKeyCounts(stages);
    return { kind: 'sample', by, stages, span };
  }

  /** `[query] by keys with runs=N`; `![` and `runs` only where `sequenceStage` is set. */
  private parseStage(sequenceStage: boolean): Stage {
    const open = this.take();
    const missing = open.value === '![';
    const query = this.parseEventQuery();
    this.expectPunct(']');
    const by = this.isKeyword('by') ? this.parseJoinKeys() : [];
    let runs = 1;
    if (sequenceStage && this.eatKeyword('with')) {
      const key = this.peek();
      if (!(key.kind === 'ident' && (key.value as string).toLowerCase() === 'runs')) {
        this.unexpected("'runs'");
      }
      this.take();
      this.expectPunct('=');
      const value = this.peek();
      if (value.kind !== 'number' || value.decimal) this.unexpected('an integer');
      this.take();
      runs = value.value as number;
      if (runs < 1 || runs > MAX_RUNS) {
        this.defer(`Runs must be between 1 and ${MAX_RUNS}, found [${runs}]`, value.span);
      }
    }
    return { query, by, runs, missing, span: this.spanFrom(open.span) };
  }

  private parseJoinKeys(): Expr[] {
    this.take();
    const keys = [this.parseExpr()];
    while (this.eatPunct(',')) keys.push(this.parseExpr());
    return keys;
  }

  /** `with maxspan=N unit`, in milliseconds. */
  private parseMaxspan(): number {
    this.take();
    this.expectKeyword('maxspan');
    this.expectPunct('=');
    const value = this.peek();
    if (value.kind !== 'number' || value.decimal) this.unexpected('an integer');
    this.take();
    const unit = this.peek();
    const amount = value.value as number;
    if (unit.kind !== 'ident' || this.isKeyword('by')) {
      this.defer(`Expected a time unit after [${amount}], as in [${amount}s]`, value.span);
      return amount;
    }
    this.take();
    const scale = TIME_UNITS[unit.value as string];
    if (scale === undefined) {
      this.defer(`Unknown time unit [${unit.value}], expected one of [ms, s, m, h, d]`, unit.span);
      return amount;
    }
    if (amount <= 0) this.defer(`Maxspan must be positive, found [${amount}]`, value.span);
    return amount * scale;
  }

  /** Returns head/tail; other pipes are skipped and remembered as unsupported. */
  private parsePipe(): Pipe | null {
    const bar = this.take();
    const name = this.peek();
    if (name.kind !== 'ident') this.unexpected('a pipe name');
    this.take();
    const kind = (name.value as string).toLowerCase();

    if (!SUPPORTED_PIPES.has(kind)) {
      this.defer(`Pipe [${kind}] is not supported`, name.span, 'unsupported');
      this.skipPipeArguments();
      return null;
    }
    const count = this.peek();
    if (count.kind !== 'number' || count.decimal) this.unexpected('a non-negative integer');
    this.take();
    const span = this.spanFrom(bar.span);
    return { kind: kind as 'head' | 'tail', count: count.value as number, span };
  }

  /** Every stage must be joined on as many keys as the first, or the keys cannot line up. */
  private checkKeyCounts(stages: Stage[]): void {
    const expected = stages[0]!.by.length;
    const odd = stages.find((s) => s.by.length !== expected);
    if (!odd) return;
    const at: Span = odd.by[0]?.span ?? odd.span;
    const found = odd.by.length;
    this.defer(`Inconsistent number of join keys: expected [${expected}] but found [${found}]`, at);
  }

  private defer(detail: string, span: Span, code: 'syntax' | 'unsupported' = 'syntax'): void {
    this.deferred ??= new EqlError(code, detail, span);
  }

  /** Reads arguments of a pipe we do not run: expressions or bare words, up to the next `|`. */
  private skipPipeArguments(): void {
    while (this.peek().kind !== 'eof' && !this.isPunct('|')) {
      if (this.isPunct(',')) {
        this.take();
        continue;
      }
      const before = this.pos;
      try {
        this.parseExpr();
      } catch (err) {
        if (!(err instanceof EqlError) || err.code !== 'syntax') throw err;
        this.pos = before + 1;
      }
    }
  }
}

