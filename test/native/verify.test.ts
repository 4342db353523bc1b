/**
 * `eqlscan verify --parser native`: the compiled matchers on the native parser's projected
 * events against the interpreter on JSON.parse's, over a generated corpus and the demo pack.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, test } from 'vitest';

import { run } from '../../src/cli/commands/verify.js';
import type { SlotSource } from '../../src/compile/matcher.js';
import { createVerifier, type VerifyOptions } from '../../src/execute/verify.js';
import type { RulePlan } from '../../src/plan/index.js';
import { eventStream } from '../../scripts/generate-corpus.js';
import { captureOutput } from '../cli/commands/capture.js';
import { native } from './helpers.js';

const DEMO_RULES = path.resolve(import.meta.dirname, '../../corpus/rules');
const PACK = path.resolve(import.meta.dirname, '../../../shared/rules/toml');
if (!existsSync(PACK)) console.warn(`Elastic rules not found at ${PACK}: skipping the whole-pack verify test`);
const dir = mkdtempSync(path.join(os.tmpdir(), 'eqlscan-native-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = path.join(dir, 'corpus.ndjson');
writeFileSync(file, [...eventStream({ seed: 12, size: 3000, plantRate: 400 }), '{"broken":', ''].join('\n'));

describe.skipIf(!native)('eqlscan verify --parser native', () => {
  test('agrees with the interpreter on every event and rule, as the json parser does', async () => {
    const json = await captureOutput(() => run(['--rules', DEMO_RULES, file]));
    const projected = await captureOutput(() => run(['--parser', 'native', '--rules', DEMO_RULES, file]));
    expect(json.code).toBe(0);
    expect(json.out).toMatch(/3000 events, 5 rules, 0 disagreements \(matches: interpreter [1-9]\d*, compiled [1-9]/);
    expect(projected).toEqual(json);
  }, 120_000);

  test('hands the compiled pack projected lines: only the fields the rules read', async () => {
    const seen = { full: 0, projected: 0, sourced: 0, fields: [] as readonly string[] };
    const code = await captureOutput(() => run(['--parser', 'native', '--rules', DEMO_RULES, file], {
      createVerifier(plans, options) {
        const real = createVerifier(plans, options);
        seen.fields = real.fields;
        return {
          ...real,
          check(event, compiled, source) {
            seen.full++;
            // The pack never sees the whole event: it reads the line from the batch (the
            // event a stand-in), or a projected event without the message no demo rule reads.
            if (source !== undefined) seen.sourced++;
            else if (compiled !== undefined && compiled !== event && !('message' in compiled) && 'message' in event) seen.projected++;
            return real.check(event, compiled, source);
          },
        };
      },
    }));
    expect(code.code).toBe(0);
    expect(seen.full).toBe(3000);
    expect(seen.sourced).toBe(3000);
    expect(seen.projected).toBe(0);
    expect(seen.fields).toContain('process.name');
    expect(seen.fields).not.toContain('message');
  }, 120_000);

  test.skipIf(!existsSync(PACK))('reads a big pack\'s lines straight from the batch, as a scan does', async () => {
    const seen = { sourced: 0 };
    const hooked = (blank: boolean) => ({
      createVerifier(plans: readonly RulePlan[], options: VerifyOptions) {
        const real = createVerifier(plans, options);
        return {
          ...real,
          check(event: object, compiled?: object, source?: SlotSource) {
            if (source === undefined) return real.check(event, compiled);
            seen.sourced++;
            // A source that loses every field must make the engines disagree somewhere.
            return real.check(event, compiled, blank ? { read: () => undefined, foldedOf: () => undefined, event: () => ({}) } : source);
          },
        };
      },
    });
    const small = path.join(dir, 'small.ndjson');
    writeFileSync(small, [...eventStream({ seed: 5, size: 500, plantRate: 40 })].join('\n'));
    const args = ['--parser', 'native', '--rules', PACK, '--rules', DEMO_RULES, small];
    const good = await captureOutput(() => run(args, hooked(false)));
    expect(good.out).toMatch(/500 events, \d+ rules, 0 disagreements \(matches: interpreter [1-9]/);
    expect(seen.sourced).toBe(500);
    const lost = await captureOutput(() => run(args, hooked(true)));
    expect(lost.out).toMatch(/500 events, \d+ rules, [1-9]\d* disagreements/);
  }, 240_000);

  test('rejects a parser it does not know', async () => {
    const { code, err } = await captureOutput(() => run(['--parser', 'yaml', '--rules', DEMO_RULES, file]));
    expect(code).toBe(2);
    expect(err).toMatch(/--parser: expected json or native, got 'yaml'/);
  });
});
