/**
 * The Markdown report of the matcher benchmark: whole packs side by side, then the most
 * expensive rules alone.
 */
import type { EventFixture } from '../fixtures/events.js';
import { hostLine } from './results.js';
import type { RuleSet } from './rules.js';
import {
  cell,
  formatCount,
  formatNs,
  formatRatio,
  formatShare,
  markdownTable,
} from './table.js';

const TOP_RULES = 20;

/** One pack measured both ways. */
export interface PackResult {
  set: string;
  rules: number;
  compiledNs: number;
  interpretedNs: number;
  /** Rule matches over the fixture, per engine: they must be equal for the figures to count. */
  matches: { compiled: number; interpreted: number };
}

/** One rule measured alone both ways. */
export interface RuleResult {
  set: string;
  id: string;
  name: string;
  compiledNs: number;
  interpretedNs: number;
}

/** Everything the report shows. */
export interface MatchReportInput {
  fixture: EventFixture;
  sets: readonly RuleSet[];
  packs: readonly PackResult[];
  perRule: readonly RuleResult[];
  /** How many events each rule alone was timed on. */
  perRuleEvents: number;
  notes: readonly string[];
}

/** Renders the report. */
export function matchReport(input: MatchReportInput): string {
  const { fixture, sets, packs, perRule, notes } = input;
  const lines: string[] = [
    '# Matcher benchmark: compiled vs interpreted',
    '',
    `- ${new Date().toISOString().slice(0, 10)}, ${hostLine()}`,
    `- ${formatCount(fixture.events.length)} events (corpus generator, seed ${fixture.seed}, ` +
      `${(fixture.bytes / 1e6).toFixed(1)} MB as NDJSON), decoded before timing`,
    '- command: `npm run build && npm run bench -- match`',
    '- figures: the fastest pass, per event; each pack and engine in a process of its ' +
      'own, in rounds alternating the engines; whole packs over the first ' +
      `${formatCount(input.perRuleEvents)} events (the interpreter needs seconds per pass)`,
    ...sets.map((s) => {
      const rules = packs.find((p) => p.set === s.name)?.rules ?? s.plans.length;
      return (
        `- rule set \`${s.name}\`: ${rules} single-event rules ` +
        `(${s.otherKinds} sequence/sample rules and ${s.failed} failed rules not included)`
      );
    }),
    ...notes.map((n) => `- ${n}`),
    '',
    '## Whole packs',
    '',
    markdownTable(
      [
        { title: 'rule set' },
        { title: 'rules', numeric: true },
        { title: 'compiled ns/event', numeric: true },
        { title: 'interpreted ns/event', numeric: true },
        { title: 'speed-up', numeric: true },
        { title: 'compiled events/s', numeric: true },
        { title: 'matches', numeric: true },
      ],
      packs.map((p) => [
        p.set,
        String(p.rules),
        formatNs(p.compiledNs),
        formatNs(p.interpretedNs),
        formatRatio(p.interpretedNs / p.compiledNs),
        formatCount(Math.round(1e9 / p.compiledNs)),
        p.matches.compiled === p.matches.interpreted
          ? formatCount(p.matches.compiled)
          : `MISMATCH ${p.matches.compiled} vs ${p.matches.interpreted}`,
      ]),
    ),
  ];
  for (const set of sets) lines.push('', ...ruleSection(set.name, perRule, input.perRuleEvents));
  return lines.join('\n');
}

function ruleSection(set: string, perRule: readonly RuleResult[], events: number): string[] {
  const rules = perRule.filter((r) => r.set === set);
  const total = rules.reduce((sum, r) => sum + r.compiledNs, 0);
  const totalInterpreted = rules.reduce((sum, r) => sum + r.interpretedNs, 0);
  const top = [...rules].sort((a, b) => b.compiledNs - a.compiledNs).slice(0, TOP_RULES);
  return [
    `## Rules alone: \`${set}\`, the ${top.length} most expensive compiled`,
    '',
    `Each rule as a compiled matcher of its own (no pack, no dispatch) and through the ` +
      `interpreter, over the first ${formatCount(events)} events. Sum over all ` +
      `${rules.length} rules: ${formatNs(total)} ns/event compiled, ` +
      `${formatNs(totalInterpreted)} ns/event interpreted ` +
      `(${formatRatio(totalInterpreted / total)}).`,
    '',
    markdownTable(
      [
        { title: '#', numeric: true },
        { title: 'rule' },
        { title: 'compiled ns/event', numeric: true },
        { title: 'share', numeric: true },
        { title: 'interpreted ns/event', numeric: true },
        { title: 'speed-up', numeric: true },
      ],
      top.map((r, i) => [
        String(i + 1),
        cell(r.name),
        formatNs(r.compiledNs),
        formatShare(r.compiledNs, total),
        formatNs(r.interpretedNs),
        formatRatio(r.interpretedNs / r.compiledNs),
      ]),
    ),
  ];
}
