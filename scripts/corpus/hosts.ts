/**
 * Hosts, users and running processes of the simulated fleet.
 *
 * A host carries its `host`/`agent` JSON pre-encoded, and each process carries the JSON of its
 * full `process` object and of the short reference that file, network and other events use.
 * Encoding once per process instead of once per event is what keeps generation fast.
 */

import { catalogFor, type OsType, type Program } from './catalog.js';
import { Rng } from './prng.js';
import { bytes } from './sink.js';
import { str, strArray, posixCommandLine, windowsCommandLine } from './text.js';

/** An account on a host, with its encoded `user` object. */
export interface User {
  readonly name: string;
  readonly domain: string;
  readonly id: string;
  readonly home: string;
  /** `"user":{...}` */
  readonly json: string;
  /** `json` and the closing brace of the event, encoded. */
  readonly closing: Buffer;
}

/** A simulated endpoint. */
export interface Host {
  readonly os: OsType;
  readonly name: string;
  readonly id: string;
  readonly agentId: string;
  /** Per `data_stream.dataset`: the encoded text from `"agent"` up to `"event":{"action":"`. */
  readonly prefix: Readonly<Record<Dataset, Buffer>>;
  /** `"host":{...},`, encoded. */
  readonly hostBytes: Buffer;
  readonly ip: string;
  readonly users: readonly User[];
  readonly system: User;
  readonly programs: readonly Program[];
  readonly weights: readonly number[];
  readonly totalWeight: number;
  /** Recently started processes that other events are attributed to. */
  readonly live: Proc[];
  /** Long-lived parents, one per program name, created on first use. */
  readonly parents: Map<string, Proc>;
  /** Filled arguments and encoded static fields, per program, then argument vector and owner. */
  readonly statics: Map<Program, ({ args: readonly string[]; st: ProcStatic } | undefined)[]>;
  /** Encoded event heads per event shape (see `events.ts`), built on first use. */
  readonly shapes: (readonly Buffer[] | undefined)[];
  sequence: number;
}

/** The `data_stream.dataset` values Elastic Defend writes. */
export type Dataset = 'process' | 'file' | 'network' | 'registry' | 'library';
const DATASETS: readonly Dataset[] = ['process', 'file', 'network', 'registry', 'library'];

/** Encoded process fields that depend only on the binary, its arguments and its owner. */
export interface ProcStatic {
  /** `"args":...,"command_line":"...","entity_id":"` */
  readonly head: Buffer;
  /** `","executable":...,"hash":{...},"name":"...",` */
  readonly tail: Buffer;
  /** `","executable":...,"name":"...","pid":` for the short reference. */
  readonly ref: Buffer;
}

/** A process; events write it from the encoded pieces below. */
export interface Proc {
  readonly name: string;
  readonly executable: string;
  readonly args: readonly string[];
  readonly pid: number;
  readonly entityId: string;
  readonly user: User;
  readonly signer: string;
  readonly trusted: boolean;
  readonly sha256: string;
  readonly workingDirectory: string;
  readonly parent?: Proc;
  /** macOS only: the process that launched the chain, as `process.Ext.effective_parent`. */
  readonly effectiveParent?: Proc;
  readonly static: ProcStatic;
  /** `"process":{"Ext":{...},` */
  readonly ext: Buffer;
  /** `"parent":{...},` or nothing. */
  readonly parentBytes: Buffer;
  /** `,"working_directory":"..."},"user":{...}}`: the rest of a process event. */
  readonly tailBytes: Buffer;
  /** This process as its children's `"parent":{...},`; built on first use. */
  asParent?: Buffer;
  /** Children's `"process":{"Ext":{...},` by owner kind (0 user, 1 system); built on first use. */
  childExt?: [Buffer | undefined, Buffer | undefined];
}

const WIN_USERS = ['alice.wong', 'bkumar', 'carlos.mendes', 'dsmith', 'evan.li', 'fatima.hassan',
  'gpetrov', 'hannah.k', 'José.García', 'Zoë.Müller', 'Łukasz.Wójcik', '田中太郎',
  'Дмитрий.Орлов'];
const POSIX_USERS = ['alice', 'bkumar', 'carlos', 'deploy', 'evan', 'fatima', 'ubuntu', 'jenkins',
  'zoë', 'josé', 'søren'];
const WORDS = ['atlas', 'birch', 'cobalt', 'delta', 'ember', 'falcon', 'garnet', 'harbor', 'iris',
  'juniper', 'kepler', 'lumen', 'maple', 'nova', 'onyx', 'pine', 'quartz', 'raven', 'sierra'];

const OS_JSON: Record<OsType, string> = {
  windows: '"os":{"Ext":{"variant":"Windows 11 Enterprise"},"family":"windows","full":"Windows 11 ' +
    'Enterprise 23H2 (10.0.22631.3880)","kernel":"23H2 (10.0.22631.3880)","name":"Windows",' +
    '"platform":"windows","type":"windows","version":"23H2"}',
  macos: '"os":{"Ext":{"variant":"macOS"},"family":"macos","full":"macOS 14.4.1","kernel":' +
    '"23.4.0","name":"macOS","platform":"macos","type":"macos","version":"14.4.1"}',
  linux: '"os":{"Ext":{"variant":"Ubuntu"},"family":"ubuntu","full":"Ubuntu 22.04.4","kernel":' +
    '"5.15.0-105-generic #115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024","name":"Linux",' +
    '"platform":"ubuntu","type":"linux","version":"22.04.4"}',
};

/** Builds `count` hosts: about 60% Windows, 20% macOS and 20% Linux. */
export function createHosts(rng: Rng, count: number): Host[] {
  const hosts: Host[] = [];
  for (let i = 0; i < count; i++) {
    const os: OsType = i % 5 === 3 ? 'macos' : i % 5 === 4 ? 'linux' : 'windows';
    hosts.push(createHost(rng, os, i));
  }
  return hosts;
}

function createHost(rng: Rng, os: OsType, index: number): Host {
  const word = WORDS[index % WORDS.length] as string;
  const name = os === 'windows' ? `DESKTOP-${rng.b64(7).toUpperCase().replace(/[+/]/g, 'X')}`
    : os === 'macos' ? `${word}s-MacBook-Pro` : `${word}-prod-${String(index).padStart(2, '0')}`;
  const id = rng.uuid();
  const agentId = rng.uuid();
  const ip = `10.${rng.range(1, 40)}.${rng.range(0, 255)}.${rng.range(2, 254)}`;
  const mac = Array.from({ length: 6 }, () => rng.hex(2)).join(os === 'windows' ? '-' : ':');
  const arch = os === 'macos' ? 'arm64' : 'x86_64';
  const hostJson = `"host":{"architecture":"${arch}","hostname":${str(name)},"id":"${id}",` +
    `"ip":["${ip}","fe80::${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}:${rng.hex(4)}"],` +
    `"mac":["${mac}"],"name":${str(name)},${OS_JSON[os]}},`;
  const agentJson = `"agent":{"id":"${agentId}","type":"endpoint","version":"8.13.2"}`;
  const prefix = {} as Record<Dataset, Buffer>;
  for (const d of DATASETS) {
    prefix[d] = bytes(`${agentJson},"data_stream":{"dataset":"endpoint.events.${d}","namespace":` +
      `"default","type":"logs"},"ecs":{"version":"8.11.0"},"elastic":{"agent":{"id":"${agentId}"}},` +
      `"event":{"action":"`);
  }

  const sidBase = `S-1-5-21-${rng.range(1e8, 4e9)}-${rng.range(1e8, 4e9)}-${rng.range(1e8, 4e9)}`;
  const pool = os === 'windows' ? WIN_USERS : POSIX_USERS;
  const users: User[] = [];
  const userCount = rng.range(1, 3);
  for (let u = 0; u < userCount; u++) {
    const uname = pool[(index * 3 + u * 5) % pool.length] as string;
    users.push(os === 'windows'
      ? makeUser(uname, 'CORP', `${sidBase}-${1100 + u}`, `C:\\Users\\${uname}`)
      : makeUser(uname, name, String(1000 + u), os === 'macos' ? `/Users/${uname}` : `/home/${uname}`));
  }
  const system = os === 'windows'
    ? makeUser('SYSTEM', 'NT AUTHORITY', 'S-1-5-18', 'C:\\Windows\\System32')
    : makeUser('root', name, '0', os === 'macos' ? '/var/root' : '/root');

  const programs = catalogFor(os);
  const weights = programs.map((p) => p.weight);
  return {
    os, name, id, agentId, prefix, hostBytes: bytes(hostJson), ip, users, system, programs, weights,
    totalWeight: weights.reduce((a, b) => a + b, 0), live: [], parents: new Map(), statics: new Map(),
    shapes: [], sequence: 0,
  };
}

function makeUser(name: string, domain: string, id: string, home: string): User {
  const json = `"user":{"domain":${str(domain)},"id":"${id}","name":${str(name)}}`;
  return { name, domain, id, home, json, closing: bytes(json + '}') };
}

/** Fills `{home}` and `{user}` placeholders. */
export function fill(text: string, user: User): string {
  return text.includes('{') ? text.replaceAll('{home}', user.home).replaceAll('{user}', user.name) : text;
}

const HASHES = new Map<string, string>();

/** A stable per-binary SHA-256 (the same program has the same hash on every host). */
export function binaryHash(exe: string): string {
  let hash = HASHES.get(exe);
  if (hash === undefined) {
    let h = 2166136261;
    for (let i = 0; i < exe.length; i++) h = Math.imul(h ^ exe.charCodeAt(i), 16777619);
    hash = new Rng(h >>> 0, 7).hex(64);
    HASHES.set(exe, hash);
  }
  return hash;
}

/** Options for `makeProc`; anything left out is drawn or derived. */
export interface ProcSpec {
  name: string;
  executable: string;
  args: readonly string[];
  user: User;
  signer: string;
  trusted: boolean;
  parent?: Proc;
  effectiveParent?: Proc;
  workingDirectory?: string;
  sha256?: string;
  pid?: number;
  entityId?: string;
  /** Pre-encoded static fields; computed from the spec when absent. */
  static?: ProcStatic;
}

/** Creates a process with fresh pid and entity id and encodes its JSON. */
export function makeProc(rng: Rng, host: Host, spec: ProcSpec): Proc {
  const executable = spec.executable;
  const sha256 = spec.sha256 ?? binaryHash(executable);
  const workingDirectory = spec.workingDirectory ?? spec.user.home;
  const system = spec.user.id === 'S-1-5-18' || spec.user.id === '0' ? 1 : 0;
  const parent = spec.parent;

  // Children of one parent share their Ext object unless something about them is unusual.
  const usualEffective = host.os === 'macos' && parent ? (parent.effectiveParent ?? parent) : undefined;
  const shared = parent !== undefined && spec.effectiveParent === usualEffective;
  let ext = shared ? parent.childExt?.[system] : undefined;
  if (ext === undefined) {
    ext = encodeExt(host.os, parent, spec.effectiveParent, system === 1);
    if (shared) (parent.childExt ??= [undefined, undefined])[system] = ext;
  }

  // An explicit literal: object spread here measured ~40x slower than the rest of the call.
  return {
    name: spec.name,
    executable,
    args: spec.args,
    pid: spec.pid ?? rng.range(300, 65000),
    entityId: spec.entityId ?? rng.b64(48),
    user: spec.user,
    signer: spec.signer,
    trusted: spec.trusted,
    sha256,
    workingDirectory,
    parent,
    effectiveParent: spec.effectiveParent,
    static: spec.static ?? encodeStatic(host.os, { name: spec.name, executable, args: spec.args,
      signer: spec.signer, trusted: spec.trusted, sha256 }),
    ext,
    parentBytes: parent ? asParent(host.os, parent) : EMPTY,
    tailBytes: workingDirectory === spec.user.home ? userTail(spec.user)
      : bytes(`,"working_directory":${str(workingDirectory)}},${spec.user.json}}`),
    asParent: undefined,
    childExt: undefined,
  };
}

/** Starts an instance of a catalog program for `user`, under its usual parent. */
export function startProgram(rng: Rng, host: Host, program: Program, user: User): Proc {
  const parent = parentFor(rng, host, program, user);
  const owner = program.system ? host.system : user;
  const effectiveParent = host.os === 'macos' ? (parent.effectiveParent ?? parent) : undefined;
  const variant = rng.int(program.argv.length);
  let slots = host.statics.get(program);
  if (slots === undefined) host.statics.set(program, (slots = []));
  const slot = variant * 8 + (program.system ? 7 : host.users.indexOf(owner));
  const cached = slots[slot];
  const args = cached?.args ?? (program.argv[variant] as readonly string[]).map((a) => fill(a, owner));
  const proc = makeProc(rng, host, {
    name: program.name, executable: fill(program.exe, owner), args, user: owner, signer: program.signer,
    trusted: program.trusted, parent, effectiveParent, static: cached?.st,
  });
  if (cached === undefined) slots[slot] = { args, st: proc.static };
  return proc;
}

function parentFor(rng: Rng, host: Host, program: Program, user: User): Proc {
  const parentName = rng.pick(program.parents);
  const key = `${parentName}\u0000${user.name}`;
  let parent = host.parents.get(key);
  if (parent === undefined) {
    const spec = host.programs.find((p) => p.name === parentName) ?? program;
    const owner = spec.system ? host.system : user;
    parent = makeProc(rng, host, {
      name: spec.name, executable: fill(spec.exe, owner),
      args: (spec.argv[0] ?? []).map((a) => fill(a, owner)),
      user: owner, signer: spec.signer, trusted: spec.trusted,
    });
    host.parents.set(key, parent);
  }
  return parent;
}

const EMPTY = Buffer.alloc(0);

function commandLine(os: OsType, args: readonly string[]): string {
  return os === 'windows' ? windowsCommandLine(args) : posixCommandLine(args);
}

type ProcFields = Pick<Proc, 'name' | 'executable' | 'args' | 'signer' | 'trusted' | 'sha256'>;

function encodeStatic(os: OsType, p: ProcFields): ProcStatic {
  const sig = os === 'linux' ? '' : `"code_signature":{"exists":${p.signer !== ''},"status":` +
    `"${p.trusted ? 'trusted' : p.signer === '' ? 'errorCode_endpoint' : 'errorExpired'}",` +
    `"subject_name":${str(p.signer)},"trusted":${p.trusted}},`;
  return {
    head: bytes(`"args":${strArray(p.args)},"args_count":${p.args.length},${sig}"command_line":` +
      `${str(commandLine(os, p.args))},"entity_id":"`),
    tail: bytes(`","executable":${str(p.executable)},"hash":{"sha256":"${p.sha256}"},"name":` +
      `${str(p.name)},`),
    ref: bytes(`","executable":${str(p.executable)},"name":${str(p.name)},"pid":`),
  };
}

function asParent(os: OsType, q: Proc): Buffer {
  q.asParent ??= bytes(`"parent":{"args":${strArray(q.args)},"args_count":${q.args.length},` +
    `"command_line":${str(commandLine(os, q.args))},"entity_id":"${q.entityId}","executable":` +
    `${str(q.executable)},"name":${str(q.name)},"pid":${q.pid}},`);
  return q.asParent;
}

function encodeExt(os: OsType, parent: Proc | undefined, effective: Proc | undefined,
  system: boolean): Buffer {
  const parts: string[] = [];
  if (parent) {
    const grand = parent.parent ? `,"${parent.parent.entityId}"` : '';
    parts.push(`"ancestry":["${parent.entityId}"${grand}]`);
  }
  if (os === 'windows') parts.push(`"token":{"integrity_level_name":"${system ? 'system' : 'medium'}"}`);
  if (effective) {
    parts.push(`"effective_parent":{"entity_id":"${effective.entityId}","executable":` +
      `${str(effective.executable)},"name":${str(effective.name)},"pid":${effective.pid}}`);
  }
  return bytes(`"process":{"Ext":{${parts.join(',')}},`);
}

const USER_TAILS = new WeakMap<User, Buffer>();

function userTail(user: User): Buffer {
  let tail = USER_TAILS.get(user);
  if (tail === undefined) {
    tail = bytes(`,"working_directory":${str(user.home)}},${user.json}}`);
    USER_TAILS.set(user, tail);
  }
  return tail;
}
