import { describe, expect, test } from 'vitest';

import { barChart, escapeXml, lineChart, niceCeil } from '../../bench/lib/svg.js';

describe('niceCeil', () => {
  test('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeil(347)).toBe(500);
    expect(niceCeil(500)).toBe(500);
    expect(niceCeil(501)).toBe(1000);
    expect(niceCeil(1.2)).toBe(2);
    expect(niceCeil(0.03)).toBeCloseTo(0.05);
    expect(niceCeil(0)).toBe(1);
  });
});

describe('barChart', () => {
  const svg = barChart('cost <top>', [
    { label: 'a & b', value: 120 },
    { label: 'c', value: 30 },
  ], 'ns per event');

  test('is one SVG document with a bar per value and escaped text', () => {
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // One background rectangle, then one per bar.
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain(escapeXml('cost <top>'));
    expect(svg).toContain('a &#38; b');
    expect(svg).not.toMatch(/<top>|a & b/);
  });

  test('bar lengths are proportional to the values on a round axis', () => {
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toHaveLength(2);
    expect(widths[0]! / widths[1]!).toBeCloseTo(4, 5);
    // The axis ends at 200, the round number above 120: 120 takes 60% of the plot.
    expect(svg).toContain('>200</text>');
  });
});

describe('lineChart', () => {
  test('draws one polyline per series through its points, and a legend entry each', () => {
    const svg = lineChart('MB/s by workers', 'workers', 'MB/s', [
      { name: 'scan', points: [[1, 100], [2, 190]] },
      { name: 'ideal', dashed: true, points: [[1, 100], [2, 200]] },
    ]);
    const lines = [...svg.matchAll(/<polyline points="([^"]+)"[^>]*\/>/g)];
    expect(lines).toHaveLength(2);
    expect(lines[0]![1]!.split(' ')).toHaveLength(2);
    expect(lines[1]![0]).toContain('stroke-dasharray');
    // Markers only on the measured series; the ideal line's 200 reaches the top of the axis.
    expect(svg.match(/<circle /g)).toHaveLength(2);
    const ys = lines[1]![1]!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys[1]).toBeLessThan(ys[0]!);
    expect(svg).toContain('>scan</text>');
    expect(svg).toContain('>ideal</text>');
  });
});
