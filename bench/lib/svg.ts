/**
 * Charts for benchmark reports as small hand-written SVG files: a horizontal bar chart (cost
 * per rule) and a line chart (throughput by worker count). No dependencies, fixed layout,
 * system fonts; the files are meant to be read in a browser or a Markdown preview.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { ScanBenchResult } from '../scan.js';
import { REPO_ROOT } from './rules.js';

/** Where reports, their JSON and charts are written. */
export const RESULTS_DIR = path.join(REPO_ROOT, 'bench/results');

/** One bar: a label and a value. */
export interface Bar {
  label: string;
  value: number;
}

/** A named series of (x, y) points. */
export interface Series {
  name: string;
  points: [x: number, y: number][];
  /** Drawn dashed, for a reference such as ideal scaling. */
  dashed?: boolean;
}

const FONT = 'font-family="system-ui, sans-serif"';
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

/** Text made safe inside SVG markup. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The smallest "round" number (1, 2 or 5 times a power of ten) at or above `value`, so
 * that axes end on a readable tick.
 *
 * @example niceCeil(347) // 500
 */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** A tick label: `1,500`, `2.5`, `0.25`. */
function tick(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return String(Number(value.toPrecision(3)));
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * A horizontal bar chart, largest bar first as given, each bar labelled with its value.
 *
 * @example barChart('ns per event', [{ label: 'rule a', value: 120 }], 'ns/event')
 */
export function barChart(title: string, bars: readonly Bar[], unit: string): string {
  const labelWidth = 330;
  const plotWidth = 380;
  const row = 18;
  const top = 40;
  const width = labelWidth + plotWidth + 90;
  const height = top + bars.length * row + 36;
  const max = niceCeil(Math.max(0, ...bars.map((b) => b.value)));
  const x = (v: number): number => labelWidth + (v / max) * plotWidth;
  const parts = [
    svgHead(width, height),
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15" ${FONT}>` +
      `${escapeXml(title)}</text>`,
  ];
  bars.forEach((bar, i) => {
    const y = top + i * row;
    parts.push(
      `<text x="${labelWidth - 6}" y="${y + 12}" text-anchor="end" font-size="11" ${FONT}>` +
        `${escapeXml(cut(bar.label, 52))}</text>`,
      `<rect x="${labelWidth}" y="${y + 2}" width="${(x(bar.value) - labelWidth).toFixed(1)}" ` +
        `height="${row - 5}" fill="${COLOURS[0]}"/>`,
      `<text x="${(x(bar.value) + 4).toFixed(1)}" y="${y + 12}" font-size="10" ${FONT}>` +
        `${escapeXml(tick(Number(bar.value.toPrecision(3))))}</text>`,
    );
  });
  const axisY = top + bars.length * row + 4;
  parts.push(`<line x1="${labelWidth}" y1="${axisY}" x2="${labelWidth + plotWidth}" ` +
    `y2="${axisY}" stroke="#444"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = (max * i) / 4;
    parts.push(`<text x="${x(v).toFixed(1)}" y="${axisY + 14}" text-anchor="middle" ` +
      `font-size="10" ${FONT}>${tick(v)}</text>`);
  }
  parts.push(`<text x="${labelWidth + plotWidth / 2}" y="${axisY + 28}" text-anchor="middle" ` +
    `font-size="11" ${FONT}>${escapeXml(unit)}</text>`, '</svg>');
  return `${parts.join('\n')}\n`;
}

/**
 * A line chart with a point marker and value label at each point, x ticks at the points'
 * x values (worker counts), and a legend.
 *
 * @example lineChart('MB/s by workers', 'workers', 'MB/s', [{ name: 'pack', points: [[1, 90]] }])
 */
export function lineChart(
  title: string,
  xLabel: string,
  yLabel: string,
  series: readonly Series[],
): string {
  const width = 640;
  const height = 400;
  const left = 70;
  const right = 170;
  const top = 40;
  const bottom = 50;
  const xs = [...new Set(series.flatMap((s) => s.points.map(([px]) => px)))].sort((a, b) => a - b);
  const xMin = xs[0] ?? 0;
  const xMax = xs.length > 1 ? xs[xs.length - 1]! : xMin + 1;
  const yMax = niceCeil(Math.max(0, ...series.flatMap((s) => s.points.map(([, py]) => py))));
  const px = (v: number): number => left + ((v - xMin) / (xMax - xMin)) * (width - left - right);
  const py = (v: number): number => height - bottom - (v / yMax) * (height - top - bottom);
  const parts = [
    svgHead(width, height),
    `<text x="${(left + width - right) / 2}" y="22" text-anchor="middle" font-size="15" ` +
      `${FONT}>${escapeXml(title)}</text>`,
    `<line x1="${left}" y1="${py(0)}" x2="${width - right}" y2="${py(0)}" stroke="#444"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${py(0)}" stroke="#444"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (yMax * i) / 5;
    parts.push(
      `<line x1="${left}" y1="${py(v).toFixed(1)}" x2="${width - right}" y2="${py(v).toFixed(1)}" ` +
        `stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end" font-size="10" ` +
        `${FONT}>${tick(v)}</text>`,
    );
  }
  for (const v of xs) {
    parts.push(`<text x="${px(v).toFixed(1)}" y="${py(0) + 16}" text-anchor="middle" ` +
      `font-size="11" ${FONT}>${tick(v)}</text>`);
  }
  parts.push(
    `<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle" ` +
      `font-size="12" ${FONT}>${escapeXml(xLabel)}</text>`,
    `<text x="16" y="${(top + height - bottom) / 2}" text-anchor="middle" font-size="12" ` +
      `transform="rotate(-90 16 ${(top + height - bottom) / 2})" ${FONT}>${escapeXml(yLabel)}</text>`,
  );
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    const points = s.points.map(([a, b]) => `${px(a).toFixed(1)},${py(b).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${colour}" ` +
      `stroke-width="2"${dash}/>`);
    if (!s.dashed) {
      for (const [a, b] of s.points) {
        parts.push(
          `<circle cx="${px(a).toFixed(1)}" cy="${py(b).toFixed(1)}" r="3.5" fill="${colour}"/>`,
          `<text x="${(px(a) + 6).toFixed(1)}" y="${(py(b) - 6).toFixed(1)}" font-size="10" ` +
            `${FONT}>${tick(Math.round(b))}</text>`,
        );
      }
    }
    const ly = top + 10 + i * 18;
    parts.push(
      `<line x1="${width - right + 12}" y1="${ly}" x2="${width - right + 34}" y2="${ly}" ` +
        `stroke="${colour}" stroke-width="2"${dash}/>`,
      `<text x="${width - right + 40}" y="${ly + 4}" font-size="11" ${FONT}>` +
        `${escapeXml(cut(s.name, 22))}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

function svgHead(width: number, height: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}">\n<rect width="100%" height="100%" fill="white"/>`;
}

/**
 * Writes a file under `bench/results/` (a chart, or `latest-STAGE.json` beside the
 * `latest-STAGE.md` that `saveReport` writes) and returns its path.
 */
export function saveResultFile(name: string, content: string): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  writeFileSync(file, content);
  return file;
}

/** Saves a stage's measurements as `bench/results/latest-STAGE.json`. */
export function writeLatestJson(stage: string, data: unknown): string {
  return saveResultFile(`latest-${stage}.json`, `${JSON.stringify(data, null, 2)}\n`);
}

/**
 * The newest saved JSON of a stage: `latest-STAGE.json` when present, else the newest
 * `raw/*-STAGE.json` (raw names start with an ISO time stamp, so they sort by time).
 */
export function newestStageJson(stage: string): { file: string; data: unknown } | null {
  const candidates: string[] = [];
  const rawDir = path.join(RESULTS_DIR, 'raw');
  if (existsSync(rawDir)) {
    const raw = readdirSync(rawDir).filter((f) => f.endsWith(`-${stage}.json`)).sort();
    if (raw.length > 0) candidates.push(path.join(rawDir, raw[raw.length - 1]!));
  }
  const latest = path.join(RESULTS_DIR, `latest-${stage}.json`);
  if (existsSync(latest)) candidates.push(latest);
  // The raw copy of this run is newer than a committed latest file from an earlier one.
  for (const file of candidates) {
    try {
      return { file, data: JSON.parse(readFileSync(file, 'utf8')) as unknown };
    } catch {
      // A half-written or foreign file: try the next.
    }
  }
  return null;
}

/** MB/s of a pass or a scan. */
function speed(run: { bytes: number; seconds: number }): number {
  return run.bytes / 1e6 / run.seconds;
}

/**
 * MB/s by worker count, as charts: the keychain rule against the JSON.parse floor, and the
 * whole pack against ideal scaling (apart, as their scales differ a hundredfold).
 */
export function scalingCharts(r: ScanBenchResult): [name: string, svg: string][] {
  const parse = speed(r.parse.oneCore);
  const keychain: Series[] = [
    ...Object.entries(r.keychain.best).map(([parser, best]): Series => ({
      name: `keychain rule, ${parser} parser`,
      points: Object.values(best).map((x) => [x.workers, speed(x)]),
    })),
    { name: 'JSON.parse, 1 core', dashed: true, points: [[1, parse], [2, parse]] },
  ];
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
  const charts: [string, string][] = [[
    'scan-scaling.svg',
    lineChart(`One rule: scan MB/s by workers (${mb(r.corpus.bytes)} corpus)`, 'workers', 'MB/s', keychain),
  ]];
  if (r.pack) {
    const points = r.pack.runs.map((x): [number, number] => [x.workers, speed(x)]);
    const one = points.find(([w]) => w === 1)!;
    charts.push(['scan-pack-scaling.svg', lineChart(
      `Whole pack: scan MB/s by workers (${mb(r.pack.corpus.bytes)} corpus)`, 'workers', 'MB/s', [
        { name: 'whole pack', points },
        { name: 'ideal', dashed: true, points: points.map(([w]) => [w, w * one[1]]) },
      ])]);
  }
  return charts;
}

/** The match stage's per-rule results, as saved (see `bench/match.ts`). */
interface MatchJson {
  perRule?: { set: string; name: string; compiledNs: number }[];
}

/**
 * The 20 most expensive rules compiled, from the newest saved match-stage results: the
 * Elastic pack when it was measured, else the first set. Null when there are none.
 */
export function perRuleChart(): string | null {
  const saved = newestStageJson('match');
  const perRule = (saved?.data as MatchJson | undefined)?.perRule;
  if (!perRule || perRule.length === 0) return null;
  const set = perRule.some((x) => x.set === 'elastic') ? 'elastic' : perRule[0]!.set;
  const bars = perRule
    .filter((x) => x.set === set)
    .sort((a, b) => b.compiledNs - a.compiledNs)
    .slice(0, 20)
    .map((x) => ({ label: x.name, value: x.compiledNs }));
  return barChart(`Most expensive rules compiled (${set} set, one rule per pack)`, bars, 'ns per event');
}
