/**
 * The demo rules the corpus plants events for. Their queries live in `corpus/rules/*.toml`;
 * this table only names them so the manifest can count planted events per `rule_id`.
 */

/** Short names used inside the generator. */
export type DemoRuleKey =
  | 'keychain'
  | 'encodedPowershell'
  | 'reverseShell'
  | 'runKey'
  | 'hexTempExe'
  | 'officeLolbinBeacon';

/** A demo rule as the manifest reports it. */
export interface DemoRule {
  readonly key: DemoRuleKey;
  readonly id: string;
  readonly name: string;
  /** File name under `corpus/rules/`. */
  readonly file: string;
  /** `sequence` rules count matched sequences, `event` rules matched events. */
  readonly kind: 'event' | 'sequence';
}

/** All demo rules, in the order the manifest lists them. */
export const DEMO_RULES: readonly DemoRule[] = [
  { key: 'keychain', id: '0497e07e-6651-4349-b180-09055c3ee39e', kind: 'event',
    name: 'Access to Keychain Credentials Directories', file: 'macos_keychain_credentials_access.toml' },
  { key: 'encodedPowershell', id: 'f2f6d06a-d642-4bd8-ae54-14361cd28c1a', kind: 'event',
    name: 'Encoded PowerShell Command Line', file: 'windows_encoded_powershell.toml' },
  { key: 'reverseShell', id: '85ec3810-8f7d-48f9-a1d9-79362ec84e7d', kind: 'event',
    name: 'Linux Reverse Shell via /dev/tcp', file: 'linux_reverse_shell_dev_tcp.toml' },
  { key: 'runKey', id: '8da47551-4ae7-4a43-91bb-9b09d198732d', kind: 'event',
    name: 'Registry Run Key Pointing to a User-Writable Path', file: 'windows_registry_run_key.toml' },
  { key: 'hexTempExe', id: 'e654237c-747d-43b8-8cc5-c28800cd8abb', kind: 'event',
    name: 'Unsigned Hex-Named Executable Started from a Temp Folder', file: 'windows_hex_named_temp_exe.toml' },
  { key: 'officeLolbinBeacon', id: 'cd76b6c0-bab8-4997-877a-dfabeef1ac2b', kind: 'sequence',
    name: 'Office Child Binary Proxy Followed by Outbound Connection', file: 'windows_office_lolbin_network.toml' },
];

/** Looks a demo rule up by its short name. */
export function demoRule(key: DemoRuleKey): DemoRule {
  const rule = DEMO_RULES.find((r) => r.key === key);
  if (rule === undefined) throw new Error(`BUG: unknown demo rule ${key}`);
  return rule;
}
