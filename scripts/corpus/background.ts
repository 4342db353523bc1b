/**
 * Background activity: the ordinary events that planted ones hide among.
 *
 * Each call picks a host, an event category (by per-OS weights: about 40% process overall,
 * registry only on Windows, DNS and library loads not on Linux) and values from fixed pools.
 * Nothing drawn here can satisfy a demo rule; see `catalog.ts` for how that is ensured.
 */

import { WINDOWS, type OsType } from './catalog.js';
import {
  dnsEvent, fileEvent, libraryEvent, networkEvent, processEvent, registryEvent,
  type Library, type RegistryTarget, type Stamp,
} from './events.js';
import { binaryHash, fill, startProgram, type Host, type Proc, type User } from './hosts.js';
import type { Rng } from './prng.js';
import { render, type Sink } from './sink.js';
import { escapeLetterAfter } from './text.js';

type Kind = 'process' | 'file' | 'network' | 'registry' | 'library' | 'dns';

const KINDS: Record<OsType, { kinds: Kind[]; weights: number[]; total: number }> = {
  windows: mix({ process: 38, file: 20, network: 13, registry: 15, library: 8, dns: 6 }),
  macos: mix({ process: 42, file: 28, network: 14, library: 8, dns: 8 }),
  linux: mix({ process: 46, file: 34, network: 20 }),
};

function mix(w: Partial<Record<Kind, number>>): { kinds: Kind[]; weights: number[]; total: number } {
  const kinds = Object.keys(w) as Kind[];
  const weights = kinds.map((k) => w[k] as number);
  return { kinds, weights, total: weights.reduce((a, b) => a + b, 0) };
}

const FILE_DIRS: Record<OsType, string[]> = {
  windows: ['{home}\\AppData\\Local\\Temp', '{home}\\Documents', '{home}\\Downloads',
    '{home}\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\Cache_Data',
    'C:\\Windows\\Prefetch', '{home}\\AppData\\Roaming\\Microsoft\\Windows\\Recent',
    'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service'],
  macos: ['{home}/Library/Caches/com.apple.Safari',
    '/private/var/folders/zz/zyxvpxvq6csfxvn_n0000000000000/T',
    '{home}/Documents', '{home}/Downloads', '{home}/Library/Application Support/Slack/Cache',
    '/Library/Logs/DiagnosticReports'],
  linux: ['/var/log/nginx', '/tmp', '{home}/.cache/pip', '/var/www/html/uploads',
    '/var/lib/docker/overlay2/3f9e1c0d2b7a4e5f/diff/tmp', '/var/spool/postfix/deferred'],
};
const FILE_NAMES = ['f_{hex}', '~DF{HEX}.tmp', 'report-{n}.docx', 'Quarterly report.docx',
  'Präsentation.pptx', 'отчёт_2026.xlsx', '報告書.pdf', 'café-menu.txt', 'data_{n}.json',
  'index.html', 'access.log.{n}.gz', 'session-{hex}.lock', 'img_{n}.png', 'notes.md'];
const PREFETCH = ['CHROME.EXE-', 'SVCHOST.EXE-', 'EXPLORER.EXE-', 'ONEDRIVE.EXE-'];

const DOMAINS = ['www.google.com', 'login.microsoftonline.com', 'outlook.office365.com',
  'update.googleapis.com', 'api.github.com', 'settings-win.data.microsoft.com', 'ocsp.digicert.com',
  'd3ag4hukkh62yn.cloudfront.net', 'slack.com', 'teams.microsoft.com', 'clients2.google.com',
  'ctldl.windowsupdate.com', 'gateway.icloud.com', 'mesu.apple.com', 'fonts.gstatic.com'];

const LIBS: Record<'windows' | 'macos', Library[]> = {
  windows: ['ntdll.dll', 'kernel32.dll', 'KernelBase.dll', 'user32.dll', 'combase.dll', 'wininet.dll',
    'bcrypt.dll', 'crypt32.dll', 'ws2_32.dll', 'dnsapi.dll'].map((n) => lib(n, 'C:\\Windows\\System32\\' + n,
    'Microsoft Windows')).concat([lib('chrome.dll',
    'C:\\Program Files\\Google\\Chrome\\Application\\122.0.6261.95\\chrome.dll', 'Google LLC')]),
  macos: ['/usr/lib/libobjc.A.dylib', '/usr/lib/libSystem.B.dylib', '/usr/lib/libsqlite3.dylib',
    '/System/Library/Frameworks/Security.framework/Versions/A/Security',
    '/System/Library/Frameworks/CoreFoundation.framework/Versions/A/CoreFoundation']
    .map((p) => lib(p.slice(p.lastIndexOf('/') + 1), p, 'Software Signing')),
};

function lib(name: string, path: string, signer: string): Library {
  return { name, path, signer, sha256: binaryHash(path) };
}

const RUN = '\\Software\\Microsoft\\Windows\\CurrentVersion\\Run';
const ONEDRIVE = 'C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe';

/** Produces background events from a fixed fleet of hosts. */
export class Background {
  private readonly publicIps: string[] = [];
  private readonly oneDrive = WINDOWS.find((p) => p.name === 'OneDrive.exe');

  /** `rng` is shared with the generator's clock, so both draw from one stream in line order. */
  constructor(private readonly rng: Rng, private readonly hosts: readonly Host[]) {
    const prefixes = ['142.250', '13.107', '52.96', '151.101', '140.82', '104.16', '23.215', '17.253'];
    for (let i = 0; i < 96; i++) {
      this.publicIps.push(`${rng.pick(prefixes)}.${rng.range(0, 255)}.${rng.range(1, 254)}`);
    }
  }

  /**
   * The next background line. With `escape`, one ASCII letter of a string value is written
   * as `\uXXXX`; the return says whether that happened (a value may have no ASCII letter).
   */
  next(out: Sink, at: Stamp, escape: boolean): boolean {
    const rng = this.rng;
    const host = rng.pick(this.hosts);
    const mixOs = KINDS[host.os];
    const kind = mixOs.kinds[rng.weighted(mixOs.weights, mixOs.total)] as Kind;
    if (!escape) {
      this.event(out, host, kind, at);
      return false;
    }
    const line = render((o) => this.event(o, host, kind, at));
    const upper = rng.chance(1, 2);
    let escaped = escapeLetterAfter(line, '"name":"', upper);
    if (escaped === line) escaped = escapeLetterAfter(line, '"executable":"', upper);
    out.t(escaped);
    return escaped !== line;
  }

  private event(out: Sink, host: Host, kind: Kind, at: Stamp): void {
    const rng = this.rng;
    if (kind === 'process') {
      if (host.live.length > 4 && rng.chance(2, 5)) processEvent(out, host, at, rng.pick(host.live), 'end');
      else processEvent(out, host, at, this.start(host), 'start');
      return;
    }
    const proc = host.live.length > 0 && rng.chance(7, 8) ? rng.pick(host.live) : this.start(host);
    switch (kind) {
      case 'file': return this.file(out, host, at, proc);
      case 'network': return this.network(out, host, at, proc);
      case 'registry': return this.registry(out, host, at, proc);
      case 'library':
        return libraryEvent(out, host, at, proc, rng.pick(LIBS[host.os === 'macos' ? 'macos' : 'windows']));
      case 'dns':
        return dnsEvent(out, host, at, proc, rng.pick(DOMAINS),
          [rng.pick(this.publicIps), rng.pick(this.publicIps)]);
    }
  }

  private start(host: Host): Proc {
    const rng = this.rng;
    const program = host.programs[rng.weighted(host.weights, host.totalWeight)];
    if (program === undefined) throw new Error('BUG: empty program catalog');
    const proc = startProgram(rng, host, program, rng.pick(host.users));
    if (host.live.length < 24) host.live.push(proc);
    else host.live[rng.int(24)] = proc;
    return proc;
  }

  private file(out: Sink, host: Host, at: Stamp, proc: Proc): void {
    const rng = this.rng;
    const sep = host.os === 'windows' ? '\\' : '/';
    const dir = fill(rng.pick(FILE_DIRS[host.os]), proc.user.name === 'SYSTEM' || proc.user.name === 'root'
      ? rng.pick(host.users) : proc.user);
    const name = dir.endsWith('Prefetch') ? `${rng.pick(PREFETCH)}${rng.hex(8).toUpperCase()}.pf`
      : rng.pick(FILE_NAMES).replace('{hex}', rng.hex(6)).replace('{HEX}', rng.hex(4).toUpperCase())
        .replace('{n}', String(rng.range(1, 999)));
    const dot = name.lastIndexOf('.');
    const action = rng.pick(['creation', 'creation', 'overwrite', 'deletion', 'rename']);
    return fileEvent(out, host, at, proc, action, {
      path: dir + sep + name, name, extension: dot > 0 ? name.slice(dot + 1) : '',
      size: rng.range(0, 5_000_000),
    });
  }

  private network(out: Sink, host: Host, at: Stamp, proc: Proc): void {
    const rng = this.rng;
    const roll = rng.int(10);
    const ephemeral = rng.range(49152, 65535);
    if (roll < 8) {
      const port = rng.pick([443, 443, 443, 80, 53, 123, 8443]);
      const transport = port === 53 || port === 123 ? 'udp' : 'tcp';
      return networkEvent(out, host, at, proc, 'connection_attempted', 'egress', transport,
        { ip: host.ip, port: ephemeral }, { ip: rng.pick(this.publicIps), port });
    }
    const peer = `10.${rng.range(1, 40)}.${rng.range(0, 255)}.${rng.range(2, 254)}`;
    const port = host.os === 'windows' ? rng.pick([3389, 445, 135]) : rng.pick([22, 443, 8080]);
    return networkEvent(out, host, at, proc, roll === 8 ? 'connection_accepted' : 'disconnect_received',
      'ingress', 'tcp', { ip: peer, port: ephemeral }, { ip: host.ip, port });
  }

  private registry(out: Sink, host: Host, at: Stamp, proc: Proc): void {
    const rng = this.rng;
    const user: User = proc.user.id === 'S-1-5-18' ? rng.pick(host.users) : proc.user;
    const roll = rng.int(7);
    if (roll === 0 && this.oneDrive) {
      // Benign Run-key writes exist, but only by a Program Files binary pointing into Program
      // Files, which the Run-key rule excludes on both counts.
      const od = startProgram(rng, host, this.oneDrive, user);
      return registryEvent(out, host, at, od, 'modification', target('HKU', `${user.id}${RUN}`, 'OneDrive',
        'HKEY_USERS', [`"${ONEDRIVE}" /background`], 'REG_SZ'));
    }
    // Only the chosen target is built: this runs for one event in seven.
    const sid = user.id;
    let t: RegistryTarget;
    switch (rng.int(6)) {
      case 0:
        t = target('HKU', `${sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\.docx`,
          'MRUListEx', 'HKEY_USERS', [String(rng.range(0, 40))], 'REG_BINARY');
        break;
      case 1:
        t = target('HKLM', `SYSTEM\\ControlSet001\\Services\\bam\\State\\UserSettings\\${sid}`,
          `\\Device\\HarddiskVolume3${proc.executable.slice(2)}`, 'HKLM', [], 'REG_BINARY');
        break;
      case 2:
        t = target('HKLM', 'SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates',
          'SignaturesLastUpdated', 'HKLM', [String(rng.range(1e6, 9e6))], 'REG_BINARY');
        break;
      case 3:
        t = target('HKU', `${sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\\ZoneMap`,
          'ProxyBypass', 'HKEY_USERS', ['1'], 'REG_DWORD');
        break;
      case 4:
        t = target('HKLM', 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Schedule\\TaskCache\\Tree\\' +
          'Microsoft\\Windows\\UpdateOrchestrator\\Schedule Scan', 'Id', 'HKLM', [guid(rng)], 'REG_SZ');
        break;
      default:
        t = target('HKU', `${sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\UserAssist\\` +
          `${guid(rng)}\\Count`, 'HRZR_PGYFRFFVBA', 'HKEY_USERS', [], 'REG_BINARY');
    }
    return registryEvent(out, host, at, proc, rng.chance(1, 12) ? 'deletion' : 'modification', t);
  }
}

function guid(rng: Rng): string {
  return `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}}`.toUpperCase();
}

/** A registry target from its hive, key and value; `root` is how `registry.path` spells the hive. */
export function target(hive: string, key: string, value: string, root: string, strings: string[],
  dataType: string): RegistryTarget {
  return { hive, key, value, path: `${root}\\${key}\\${value}`, strings, dataType };
}
