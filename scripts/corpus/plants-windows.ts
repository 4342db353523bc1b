/**
 * Planted events for the Windows demo rules: encoded PowerShell, Run-key persistence, the
 * hex-named temp executable (regex) and the Office-child-then-connection sequence.
 */

import { target } from './background.js';
import type { Host, Proc, User } from './hosts.js';
import { processLine, registryLine, type PlantKit, type RulePlants, type Step } from './plant-kit.js';
import { escapeAll } from './text.js';

const SYS32 = 'C:\\Windows\\System32\\';
const PS = SYS32 + 'WindowsPowerShell\\v1.0\\powershell.exe';
const PWSH = 'C:\\Program Files\\PowerShell\\7\\pwsh.exe';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';

interface WinCommand {
  readonly exe: string;
  readonly args: (u: User) => string[];
  readonly parentExe: string;
  readonly signer?: string;
  readonly trusted?: boolean;
}

function base(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** A Windows process and its parent, on a fresh pid and entity id. */
function winProcess(kit: PlantKit, host: Host, c: WinCommand): Proc {
  const user = kit.user(host);
  const parent = kit.proc(host, { name: base(c.parentExe), executable: c.parentExe, args: [c.parentExe], user });
  return kit.proc(host, { name: base(c.exe), executable: c.exe, args: c.args(user), user, parent,
    signer: c.signer, trusted: c.trusted });
}

function winStart(kit: PlantKit, c: WinCommand, phase: 'start' | 'end' = 'start',
  escapes: [string, number][] = []): Step[] {
  const host = kit.host('windows');
  const p = winProcess(kit, host, c);
  return kit.one((at) => escapes.reduce((line, [needle, i]) => escapeAll(line, needle, i), processLine(host, at, p, phase)));
}

/** Encoded PowerShell command lines. */
export const ENCODED_POWERSHELL: RulePlants = {
  rule: 'encodedPowershell',
  matches: [
    { name: 'hidden window with -enc',
      build: (kit) => winStart(kit, { exe: PS, parentExe: SYS32 + 'cmd.exe',
        args: () => ['powershell.exe', '-NoP', '-NonI', '-W', 'Hidden', '-enc', kit.blob(120)] }) },
    { name: 'full -EncodedCommand from WMI',
      build: (kit) => winStart(kit, { exe: PS, parentExe: SYS32 + 'wbem\\WmiPrvSE.exe',
        args: () => [PS, '-ExecutionPolicy', 'Bypass', '-EncodedCommand', kit.blob(200)] }) },
    { name: 'pwsh with -e',
      build: (kit) => winStart(kit, { exe: PWSH, parentExe: 'C:\\Windows\\explorer.exe',
        args: () => ['pwsh.exe', '-e', kit.blob(88)] }) },
    { name: 'escaped process name and flag', escaped: true,
      build: (kit) => winStart(kit, { exe: PS, parentExe: SYS32 + 'cmd.exe',
        args: () => ['powershell.exe', '-w', 'hidden', '-enc', kit.blob(96)] }, 'start',
      [['powershell.exe', 11], ['-enc', 1]]) },
  ],
  misses: [
    { name: 'excluded configuration manager parent',
      build: (kit) => winStart(kit, { exe: PS, parentExe: 'C:\\Windows\\CCM\\CcmExec.exe',
        args: () => ['powershell.exe', '-NoLogo', '-enc', kit.blob(64)] }) },
    { name: '-enc inside a -Command string',
      build: (kit) => winStart(kit, { exe: PS, parentExe: SYS32 + 'cmd.exe',
        args: () => ['powershell.exe', '-NoProfile', '-Command', "Select-String -Path .\\log.txt -Pattern '-enc'"] }) },
    { name: 'process end event',
      build: (kit) => winStart(kit, { exe: PS, parentExe: SYS32 + 'cmd.exe',
        args: () => ['powershell.exe', '-enc', kit.blob(64)] }, 'end') },
    { name: 'pwsh on Linux',
      build: (kit) => {
        const host = kit.host('linux');
        const user = kit.user(host);
        const parent = kit.proc(host, { name: 'bash', executable: '/usr/bin/bash', args: ['-bash'], user });
        const p = kit.proc(host, { name: 'pwsh', executable: '/opt/microsoft/powershell/7/pwsh', user, parent,
          args: ['pwsh', '-enc', kit.blob(64)] });
        return kit.one((at) => processLine(host, at, p, 'start'));
      } },
  ],
};

const RUN = 'Software\\Microsoft\\Windows\\CurrentVersion\\Run';

interface RunWrite {
  readonly hklm: boolean;
  readonly key?: string;
  readonly value: string;
  readonly data: (u: User) => string;
  readonly writer: string;
  readonly deletion?: boolean;
  readonly escape?: [string, number];
}

function runWrite(kit: PlantKit, w: RunWrite): Step[] {
  const host = kit.host('windows');
  const p = winProcess(kit, host, { exe: w.writer, parentExe: SYS32 + 'cmd.exe',
    args: () => [w.writer], trusted: true });
  const key = w.key ?? RUN;
  const t = w.hklm ? target('HKLM', key.replace('Software', 'SOFTWARE'), w.value, 'HKLM', [w.data(p.user)], 'REG_SZ')
    : target('HKU', `${p.user.id}\\${key}`, w.value, 'HKEY_USERS', [w.data(p.user)], 'REG_SZ');
  return kit.one((at) => {
    const line = registryLine(host, at, p, w.deletion ? 'deletion' : 'modification', t);
    return w.escape ? escapeAll(line, w.escape[0], w.escape[1]) : line;
  });
}

/** Registry Run-key persistence. */
export const RUN_KEY: RulePlants = {
  rule: 'runKey',
  matches: [
    { name: 'user Run value into AppData by PowerShell',
      build: (kit) => runWrite(kit, { hklm: false, value: 'Updater', writer: PS,
        data: (u) => `${u.home}\\AppData\\Roaming\\Updater\\updater.exe` }) },
    { name: 'machine Run value into ProgramData by reg.exe',
      build: (kit) => runWrite(kit, { hklm: true, value: 'SecurityHealthSvc', writer: SYS32 + 'reg.exe',
        data: () => 'C:\\ProgramData\\SecurityHealth\\svc.exe' }) },
    { name: 'user Run value into Users\\Public by a dropper',
      build: (kit) => runWrite(kit, { hklm: false, value: 'OneDriveUpdate', writer: 'C:\\Users\\Public\\Downloads\\setup_x.exe',
        data: () => 'C:\\Users\\Public\\Libraries\\odu.exe --silent' }) },
    { name: 'Run key with an escaped letter', escaped: true,
      build: (kit) => runWrite(kit, { hklm: false, value: 'Chrome Helper', writer: PS,
        data: (u) => `"${u.home}\\AppData\\Local\\Temp\\chromehelper.exe" -startup`,
        escape: ['CurrentVersion\\\\Run', 16] }) },
  ],
  misses: [
    { name: 'RunOnce instead of Run',
      build: (kit) => runWrite(kit, { hklm: false, key: RUN + 'Once', value: 'Updater', writer: PS,
        data: (u) => `${u.home}\\AppData\\Roaming\\Updater\\updater.exe` }) },
    { name: 'excluded writer msiexec',
      build: (kit) => runWrite(kit, { hklm: true, value: 'VendorAgent', writer: SYS32 + 'msiexec.exe',
        data: () => 'C:\\ProgramData\\Vendor\\agent.exe' }) },
    { name: 'Run value into Program Files',
      build: (kit) => runWrite(kit, { hklm: true, value: 'Teams', writer: SYS32 + 'reg.exe',
        data: () => 'C:\\Program Files\\Microsoft\\Teams\\current\\Teams.exe --processStart Teams.exe' }) },
    { name: 'deletion of a suspicious Run value',
      build: (kit) => runWrite(kit, { hklm: false, value: 'Updater', writer: PS, deletion: true,
        data: (u) => `${u.home}\\AppData\\Roaming\\Updater\\updater.exe` }) },
  ],
};

const TEMP = (u: User): string => `${u.home}\\AppData\\Local\\Temp\\`;

function tempExe(kit: PlantKit, dir: (u: User) => string, name: string, trusted = false,
  escape?: [string, number]): Step[] {
  const host = kit.host('windows');
  const user = kit.user(host);
  const exe = dir(user) + name;
  const parent = kit.proc(host, { name: 'explorer.exe', executable: 'C:\\Windows\\explorer.exe',
    args: ['C:\\Windows\\Explorer.EXE'], user });
  const p = kit.proc(host, { name, executable: exe, args: [exe, '/S'], user, parent,
    signer: trusted ? 'Contoso Software Ltd' : '', trusted });
  return kit.one((at) => {
    const line = processLine(host, at, p, 'start');
    return escape ? escapeAll(line, escape[0], escape[1]) : line;
  });
}

/** Unsigned hex-named executables in temp folders (the regex rule). */
export const HEX_TEMP_EXE: RulePlants = {
  rule: 'hexTempExe',
  matches: [
    { name: 'user temp', build: (kit) => tempExe(kit, TEMP, `${kit.rng.hex(8)}.exe`) },
    { name: 'upper-case name in Windows\\Temp',
      build: (kit) => tempExe(kit, () => 'C:\\Windows\\Temp\\', `${kit.rng.hex(8).toUpperCase()}.EXE`) },
    { name: 'escaped letter in the name', escaped: true,
      build: (kit) => tempExe(kit, TEMP, '9f3ab1c2.exe', false, ['9f3ab1c2', 3]) },
  ],
  misses: [
    { name: 'nine hex digits', build: (kit) => tempExe(kit, TEMP, `${kit.rng.hex(9)}.exe`) },
    { name: 'trusted signature', build: (kit) => tempExe(kit, TEMP, `${kit.rng.hex(8)}.exe`, true) },
    { name: 'outside temp folders',
      build: (kit) => tempExe(kit, () => 'C:\\Program Files\\Contoso\\', `${kit.rng.hex(8)}.exe`) },
    { name: 'hex run inside a longer name', build: (kit) => tempExe(kit, TEMP, `setup-${kit.rng.hex(8)}.exe`) },
    { name: 'non-hex letter', build: (kit) => tempExe(kit, TEMP, '3f9g1c7e.exe') },
  ],
};
