import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, test } from 'vitest';

import { loadMarkdown, loadRules, looksLikeRulePage, planRule } from '../../src/plan/index.js';

const SEED = path.resolve(import.meta.dirname, '../../../shared/seeds/000_5c3b739e41ce6fb8.txt');
if (!existsSync(SEED)) console.warn(`rule page not found at ${SEED}: skipping`);

/** The query of the seed page, as the page spells it. */
const SEED_QUERY = `process where host.os.type == "macos" and event.type in ("start", "process_started") and
  process.args :
    (
      "/Users/*/Library/Keychains/*",
      "/Library/Keychains/*",
      "/Network/Library/Keychains/*",
      "System.keychain",
      "login.keychain-db",
      "login.keychain"
    ) and
    not process.args : ("find-certificate",
                        "add-trusted-cert",
                        "set-keychain-settings",
                        "delete-certificate",
                        "/Users/*/Library/Keychains/openvpn.keychain-db",
                        "show-keychain-info",
                        "lock-keychain",
                        "set-key-partition-list",
                        "import",
                        "find-identity") and
    not process.parent.executable :
      (
        "/Applications/OpenVPN Connect/OpenVPN Connect.app/Contents/MacOS/OpenVPN Connect",
        "/Applications/Microsoft Defender.app/Contents/MacOS/wdavdaemon_enterprise.app/Contents/MacOS/wdavdaemon_enterprise",
        "/opt/jc/bin/jumpcloud-agent"
      ) and
    not process.executable : ("/opt/jc/bin/jumpcloud-agent", "/usr/bin/basename") and
    not process.Ext.effective_parent.executable : ("/opt/rapid7/ir_agent/ir_agent",
                                                   "/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint",
                                                   "/Applications/QualysCloudAgent.app/Contents/MacOS/qualys-cloud-agent",
                                                   "/Library/Application Support/JAMF/Jamf.app/Contents/MacOS/JamfDaemon.app/Contents/MacOS/JamfDaemon",
                                                   "/Library/Application Support/JAMF/Jamf.app/Contents/MacOS/JamfManagementService.app/Contents/MacOS/JamfManagementService",
                                                   "/usr/local/jamf/bin/jamf",
                                                   "/Applications/Microsoft Defender.app/Contents/MacOS/wdavdaemon")`;

describe.skipIf(!existsSync(SEED))('the Elastic rule page for keychain access', () => {
  test('reads every field of the page', async () => {
    const { rules, skipped, failed } = await loadRules([SEED]);
    expect(skipped).toEqual([]);
    expect(failed).toEqual([]);
    expect(rules).toHaveLength(1);
    const rule = rules[0]!;
    expect(rule).toMatchObject({
      id: 'access-to-keychain-credentials-directories',
      name: 'Access to Keychain Credentials Directories',
      severity: 'high',
      riskScore: 73,
      index: ['logs-endpoint.events.*'],
      tags: [
        'Domain: Endpoint',
        'OS: macOS',
        'Use Case: Threat Detection',
        'Tactic: Credential Access',
        'Data Source: Elastic Defend',
        'Resources: Investigation Guide',
      ],
      threat: ['T1555', 'T1555.001'],
      language: 'eql',
      type: 'eql',
      deprecated: false,
    });
    expect(rule.query).toBe(SEED_QUERY);
    expect(rule.description?.startsWith('Adversaries may collect the keychain storage data')).toBe(true);
  });

  test('the origin is the line after the opening fence', async () => {
    const { rules } = await loadRules([SEED]);
    const { line, column } = rules[0]!.origin;
    const lines = readFileSync(SEED, 'utf8').split('\n');
    expect(lines[line - 2]).toBe('```js');
    expect(column).toBe(1);
    expect(lines.slice(line - 1, line - 1 + SEED_QUERY.split('\n').length).join('\n')).toBe(SEED_QUERY);
  });

  test('the query plans', async () => {
    const { rules } = await loadRules([SEED]);
    const plan = planRule(rules[0]!);
    expect(plan.kind).toBe('event');
    expect(plan.fields).toEqual([
      'event.category',
      'event.type',
      'host.os.type',
      'process.Ext.effective_parent.executable',
      'process.args',
      'process.executable',
      'process.parent.executable',
    ]);
  });
});

/** A small page in the documented shape, with a few of the variations real pages show. */
const PAGE = [
  '# Odd Page',
  '',
  '**Rule type**: eql',
  '',
  '**Rule indices**:',
  '',
  '- logs-a-*',
  '- logs-b-*',
  '',
  '**Severity**: Critical',
  '',
  '## Rule query',
  '',
  '~~~eql',
  'sequence',
  '  [process where true]',
  '  [file where length(a, b) > 1]',
  '~~~',
].join('\r\n');

describe('loadMarkdown', () => {
  test('tolerates dashes, CRLF, tilde fences and missing fields', () => {
    const { rules } = loadMarkdown(PAGE, 'pages/odd.md');
    expect(rules[0]).toMatchObject({
      id: 'odd-page',
      name: 'Odd Page',
      severity: 'critical',
      riskScore: 0,
      index: ['logs-a-*', 'logs-b-*'],
      tags: [],
      threat: [],
      query: 'sequence\n  [process where true]\n  [file where length(a, b) > 1]',
      origin: { file: 'pages/odd.md', line: 15, column: 1 },
    });
  });

  test('an error in the query is placed in the page', () => {
    const { rules } = loadMarkdown(PAGE, 'pages/odd.md');
    expect(() => planRule(rules[0]!)).toThrow(
      'pages/odd.md:17:15: Function [length] takes 1 argument, found 2',
    );
  });

  test('a page for another rule type is skipped', () => {
    const page = '# ML Rule [ml-rule]\n\n**Rule type**: machine_learning\n';
    expect(loadMarkdown(page, 'ml.md')).toEqual({
      rules: [],
      skipped: [
        {
          file: 'ml.md',
          line: 1,
          id: 'ml-rule',
          name: 'ML Rule',
          language: 'machine_learning',
          type: 'machine_learning',
        },
      ],
      failed: [],
    });
  });

  test('an EQL page without a query block fails at its title', () => {
    const page = '---\nx: 1\n---\n\n# No Query\n\n**Rule type**: eql\n';
    expect(loadMarkdown(page, 'nq.md').failed[0]!.message).toBe('nq.md:5:1: Rule [No Query] has no query');
  });

  test('a retired rule is deprecated by its name', () => {
    const page = PAGE.replace('# Odd Page', '# Deprecated - Odd Page [odd]');
    expect(loadMarkdown(page, 'd.md').rules[0]).toMatchObject({ id: 'odd', deprecated: true });
  });

  test('looksLikeRulePage wants a title and a rule type', () => {
    expect(looksLikeRulePage(PAGE)).toBe(true);
    expect(looksLikeRulePage('# Notes\n\nJust text.\n')).toBe(false);
    expect(looksLikeRulePage('**Rule type**: eql\n')).toBe(false);
  });
});
