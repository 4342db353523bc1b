import { describe, expect, test } from 'vitest';

import type { Alert } from '../../src/pool/stats.js';
import { alertJson } from '../../src/report/alert-json.js';
import { statsDocument } from '../../src/report/stats-json.js';
import { formatSummary } from '../../src/report/summary.js';

const rule = { id: 'r1', name: 'Rule "one"', severity: 'high', riskScore: 73 };

describe('alertJson', () => {
  test('copies the event line verbatim: key order, number spelling and escapes stay', () => {
    const raw = '{"b":1.50,"a":"K\\u0065y","n":1e3}';
    const alert: Alert = { rule, raw, file: 'dir/a "x".ndjson', line: 4, offset: 99 };
    const line = alertJson(alert);
    expect(line).toBe(`{"rule":{"id":"r1","name":"Rule \\"one\\"","severity":"high","risk_score":73},` +
      `"event":${raw},"source":{"file":"dir/a \\"x\\".ndjson","line":4,"offset":99}}`);
    expect(JSON.parse(line).event).toEqual({ b: 1.5, a: 'Key', n: 1000 });
  });
});

describe('summary and stats document', () => {
  const stats = {
    files: 2, bytes: 2_000_000, lines: 12, events: 9, blank: 1, rejected: 2, alerts: { r1: 3 },
    seconds: 0.5, workers: 4, parser: 'json' as const, engine: 'compiled' as const,
    rejects: [{ file: 'a.ndjson', line: 7, offset: 700, reason: 'not a JSON object' }],
    unreadable: [{ file: 'gone.ndjson', reason: 'no such file or directory' }],
    notScanned: [{ file: 'a.ndjson', start: 0, end: 1000, reason: 'worker exited with code: 70; retry: worker exited with code: 70' }],
    retried: [],
  };
  const set = { rules: [{ ...rule, query: '' } as never], unsupported: [], skipped: [], failed: [] };

  test('the summary names speed, alerts per rule, rejected lines, unreadable files and lost ranges', () => {
    expect(formatSummary(stats, set)).toBe([
      'scanned 2 files, 9 events in 12 lines, 2.0 MB in 0.50 s (4.0 MB/s; 4 workers, json parser, compiled engine)',
      'alerts: 3',
      '          3  Rule "one" [r1]',
      'rules: 1 run',
      'rejected lines: 2 (first 1)',
      '  a.ndjson:7: not a JSON object',
      'blank lines: 1',
      'unreadable files: 1',
      '  gone.ndjson: no such file or directory',
      'not scanned: 1 range',
      '  a.ndjson bytes 0-1000: worker exited with code: 70; retry: worker exited with code: 70',
      '',
    ].join('\n'));
  });

  test('the stats document keeps only the documented keys, in order', () => {
    expect(Object.keys(statsDocument(stats))).toEqual([
      'files', 'bytes', 'lines', 'events', 'blank', 'rejected', 'alerts', 'seconds', 'workers', 'parser', 'engine',
    ]);
  });
});
