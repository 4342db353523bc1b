/**
 * Hand-written JavaScript versions of the six demo rules, used only to check the generated
 * corpus independently of the engine. Each mirrors its TOML query clause by clause: `:` is a
 * case-insensitive wildcard test that holds when any array element matches, `==` and `in` are
 * case-sensitive, and the sequence check keeps one pending first stage per join key.
 */

/** A decoded event; fields are read by dotted path. */
export type Event = Record<string, unknown>;

/** The value at a dotted path, or undefined. */
export function get(event: Event, path: string): unknown {
  let cur: unknown = event;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const cache = new Map<string, RegExp>();

function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re === undefined) {
    const body = glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    re = new RegExp(`^${body}$`, 'is');
    cache.set(glob, re);
  }
  return re;
}

function values(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
}

/** `field : (patterns)`: some value matches some pattern, ignoring case. */
export function like(v: unknown, patterns: readonly string[]): boolean {
  return values(v).some((x) => typeof x === 'string' && patterns.some((p) => globToRegExp(p).test(x)));
}

/** `field in (items)` / `field == item`: exact, case-sensitive, any array element. */
export function among(v: unknown, items: readonly unknown[]): boolean {
  return values(v).some((x) => items.includes(x));
}

const isCategory = (e: Event, c: string): boolean => among(get(e, 'event.category'), [c]);

/** Event rules by `rule_id`. */
export const EVENT_RULES: Record<string, (e: Event) => boolean> = {
  // Access to Keychain Credentials Directories
  '0497e07e-6651-4349-b180-09055c3ee39e': (e) =>
    isCategory(e, 'process') && get(e, 'host.os.type') === 'macos' &&
    among(get(e, 'event.type'), ['start', 'process_started']) &&
    like(get(e, 'process.args'), ['/Users/*/Library/Keychains/*', '/Library/Keychains/*',
      '/Network/Library/Keychains/*', 'System.keychain', 'login.keychain-db', 'login.keychain']) &&
    !like(get(e, 'process.args'), ['find-certificate', 'add-trusted-cert', 'set-keychain-settings',
      'delete-certificate', '/Users/*/Library/Keychains/openvpn.keychain-db', 'show-keychain-info',
      'lock-keychain', 'set-key-partition-list', 'import', 'find-identity']) &&
    !like(get(e, 'process.parent.executable'), [
      '/Applications/OpenVPN Connect/OpenVPN Connect.app/Contents/MacOS/OpenVPN Connect',
      '/Applications/Microsoft Defender.app/Contents/MacOS/wdavdaemon_enterprise.app/Contents/MacOS/wdavdaemon_enterprise',
      '/opt/jc/bin/jumpcloud-agent']) &&
    !like(get(e, 'process.executable'), ['/opt/jc/bin/jumpcloud-agent', '/usr/bin/basename']) &&
    !like(get(e, 'process.Ext.effective_parent.executable'), ['/opt/rapid7/ir_agent/ir_agent',
      '/Library/Elastic/Endpoint/elastic-endpoint.app/Contents/MacOS/elastic-endpoint',
      '/Applications/QualysCloudAgent.app/Contents/MacOS/qualys-cloud-agent',
      '/Library/Application Support/JAMF/Jamf.app/Contents/MacOS/JamfDaemon.app/Contents/MacOS/JamfDaemon',
      '/Library/Application Support/JAMF/Jamf.app/Contents/MacOS/JamfManagementService.app/Contents/MacOS/JamfManagementService',
      '/usr/local/jamf/bin/jamf', '/Applications/Microsoft Defender.app/Contents/MacOS/wdavdaemon']),

  // Encoded PowerShell Command Line
  'f2f6d06a-d642-4bd8-ae54-14361cd28c1a': (e) =>
    isCategory(e, 'process') && get(e, 'host.os.type') === 'windows' && among(get(e, 'event.type'), ['start']) &&
    like(get(e, 'process.name'), ['powershell.exe', 'pwsh.exe']) &&
    like(get(e, 'process.args'), ['-e', '-ec', '-en', '-enc*', '/e', '/ec', '/enc*']) &&
    !like(get(e, 'process.parent.executable'), ['C:\\Windows\\CCM\\*']),

  // Linux Reverse Shell via /dev/tcp
  '85ec3810-8f7d-48f9-a1d9-79362ec84e7d': (e) =>
    isCategory(e, 'process') && get(e, 'host.os.type') === 'linux' && among(get(e, 'event.type'), ['start']) &&
    get(e, 'event.action') === 'exec' && among(get(e, 'process.name'), ['bash', 'sh', 'dash', 'zsh', 'ksh']) &&
    like(get(e, 'process.args'), ['*/dev/tcp/*', '*/dev/udp/*']) &&
    !like(get(e, 'process.parent.executable'), ['/opt/nessus/*', '/opt/nessus_agent/*']),

  // Registry Run Key Pointing to a User-Writable Path
  '8da47551-4ae7-4a43-91bb-9b09d198732d': (e) =>
    isCategory(e, 'registry') && get(e, 'host.os.type') === 'windows' && among(get(e, 'event.type'), ['change']) &&
    like(get(e, 'registry.path'), [
      'HKEY_USERS\\*\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\*',
      'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\*',
      '\\REGISTRY\\USER\\*\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\*',
      '\\REGISTRY\\MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\*']) &&
    like(get(e, 'registry.data.strings'), ['*\\AppData\\*', '*\\Users\\Public\\*', '*\\Temp\\*', '*\\ProgramData\\*']) &&
    !like(get(e, 'process.executable'), ['C:\\Program Files\\*', 'C:\\Program Files (x86)\\*',
      'C:\\Windows\\System32\\msiexec.exe']),

  // Unsigned Hex-Named Executable Started from a Temp Folder
  'e654237c-747d-43b8-8cc5-c28800cd8abb': (e) =>
    isCategory(e, 'process') && get(e, 'host.os.type') === 'windows' && among(get(e, 'event.type'), ['start']) &&
    values(get(e, 'process.name')).some((n) => typeof n === 'string' && /^[a-f0-9]{8}\.exe$/i.test(n)) &&
    like(get(e, 'process.executable'), ['C:\\Users\\*\\AppData\\Local\\Temp\\*', 'C:\\Windows\\Temp\\*']) &&
    get(e, 'process.code_signature.trusted') === false,
};

/** The sequence rule's id. */
export const SEQUENCE_RULE = 'cd76b6c0-bab8-4997-877a-dfabeef1ac2b';

const stage1 = (e: Event): boolean =>
  isCategory(e, 'process') && get(e, 'host.os.type') === 'windows' && among(get(e, 'event.type'), ['start']) &&
  like(get(e, 'process.name'), ['rundll32.exe', 'regsvr32.exe', 'mshta.exe']) &&
  like(get(e, 'process.parent.name'), ['winword.exe', 'excel.exe', 'outlook.exe', 'powerpnt.exe']);

const stage2 = (e: Event): boolean =>
  isCategory(e, 'network') && get(e, 'host.os.type') === 'windows' &&
  get(e, 'event.action') === 'connection_attempted' && get(e, 'network.direction') === 'egress' &&
  among(get(e, 'destination.port'), [80, 443, 8080]);

/**
 * Completed sequences as [first line, second line] (1-based), for events in file order with
 * non-decreasing timestamps: a first stage waits under its join key for at most one minute.
 */
export function sequenceMatches(events: readonly Event[]): [number, number][] {
  const pending = new Map<string, { line: number; ms: number }>();
  const out: [number, number][] = [];
  events.forEach((e, i) => {
    const key = `${String(get(e, 'host.id'))}|${String(get(e, 'process.entity_id'))}`;
    const ms = Date.parse(String(get(e, '@timestamp')));
    if (stage2(e)) {
      const first = pending.get(key);
      if (first !== undefined && ms - first.ms <= 60_000) {
        out.push([first.line, i + 1]);
        pending.delete(key);
      }
    }
    if (stage1(e)) pending.set(key, { line: i + 1, ms });
  });
  return out;
}
