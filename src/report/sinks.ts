/**
 * Sinks: where alerts go. NDJSON for machines (one alert per line), a table for people.
 *
 * Both buffer their output and wait for the stream to drain, so a slow consumer (a pipe to
 * `less`) slows the scan down instead of filling memory.
 */
import type { Writable } from 'node:stream';

import { parseFieldPath, readField } from '../event/index.js';
import { isSequenceAlert, type ScanAlert } from '../pool/stats.js';
import { alertJson } from './alert-json.js';

/** Receives alerts in order, then `end`. */
export interface AlertSink {
  write(alert: ScanAlert): Promise<void>;
  /** Flushes what is buffered; does not close the stream. */
  end(): Promise<void>;
}

const FLUSH_BYTES = 64 * 1024;

/** Buffers text and writes it out in large pieces, honouring back-pressure. */
class Buffered {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  async add(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(text)) {
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error): void => {
          this.out.off('drain', done);
          this.out.off('error', done);
          if (err) reject(err);
          else resolve();
        };
        this.out.once('drain', done);
        this.out.once('error', done);
      });
    }
  }
}

/** One JSON alert per line. */
export function ndjsonSink(out: Writable): AlertSink {
  const buffered = new Buffered(out);
  return {
    write: (alert) => buffered.add(alertJson(alert) + '\n'),
    end: () => buffered.flush(),
  };
}

/** Options of the table sink. */
export interface TableOptions {
  /** The field shown as the alert's time; default `@timestamp`. */
  timestampField?: string;
}

const COLUMNS: { title: string; width: number }[] = [
  { title: 'TIME', width: 24 },
  { title: 'SEVERITY', width: 8 },
  { title: 'RULE', width: 44 },
  { title: 'HOST', width: 16 },
  { title: 'PROCESS', width: 24 },
  { title: 'SOURCE', width: 0 },
];

/**
 * A fixed-width table, one alert per row, written as alerts arrive. A sequence or sample
 * alert is one row: time, host and process of its first event, and the place of every
 * event (`-` for a missing-event stage).
 */
export function tableSink(out: Writable, options: TableOptions = {}): AlertSink {
  const buffered = new Buffered(out);
  const time = parseFieldPath(options.timestampField ?? '@timestamp');
  const host = parseFieldPath('host.name');
  const process = parseFieldPath('process.name');
  let header = false;
  return {
    async write(alert) {
      if (!header) {
        header = true;
        await buffered.add(row(COLUMNS.map((c) => c.title)));
      }
      const first = isSequenceAlert(alert) ? alert.events.find((e) => e !== null) : alert;
      let event: object = {};
      try {
        if (first) event = JSON.parse(first.raw) as object;
      } catch {
        // The worker decoded this line; another parser may still disagree on an edge case.
      }
      const source = isSequenceAlert(alert)
        ? alert.events.map((e) => (e === null ? '-' : `${e.file}:${e.line}`)).join(' ')
        : `${alert.file}:${alert.line}`;
      await buffered.add(row([
        text(readField(event, time)),
        alert.rule.severity,
        alert.rule.name,
        text(readField(event, host)),
        text(readField(event, process)),
        source,
      ]));
    },
    end: () => buffered.flush(),
  };
}

function row(cells: string[]): string {
  return cells.map((cell, i) => {
    const width = COLUMNS[i]!.width;
    if (width === 0) return cell;
    const fitted = cell.length > width ? cell.slice(0, width - 1) + '…' : cell;
    return fitted.padEnd(width);
  }).join('  ').trimEnd() + '\n';
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (Array.isArray(value)) return value.map(text).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
