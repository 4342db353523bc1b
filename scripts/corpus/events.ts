/**
 * Event encoders: one function per event category, each appending one NDJSON line (without
 * the newline) to a sink, in the shape Elastic Defend writes to `logs-endpoint.events.*`.
 *
 * Everything that is the same for every event of one kind on one host (agent, data stream,
 * action, category, type, the whole `host` object) is encoded once per host and kind into a
 * few byte strings; an event then is those bytes with timestamps, a sequence number and the
 * category-specific fields in between. Planted and background events go through the same
 * encoders, so a planted event differs from its neighbours only in its values.
 */

import type { Dataset, Host, Proc } from './hosts.js';
import { bytes, type Sink } from './sink.js';
import { IsoFormatter, str, strArray } from './text.js';

/** When an event happened and when it reached the cluster, as epoch milliseconds. */
export interface Stamp {
  readonly ms: number;
  readonly ingestedMs: number;
}

/** The constant parts of one kind of event. */
export interface Shape {
  readonly id: number;
  readonly dataset: Dataset;
  readonly action: string;
  readonly category: string;
  readonly type: string;
  readonly outcome: string;
}

let shapeCount = 0;

function shape(dataset: Dataset, action: string, category: string, type: string, outcome = ''): Shape {
  return { id: shapeCount++, dataset, action, category, type, outcome };
}

const START: Record<Host['os'], Shape> = {
  windows: shape('process', 'start', '["process"]', '["start"]'),
  linux: shape('process', 'exec', '["process"]', '["start"]'),
  macos: shape('process', 'exec', '["process"]', '["start","process_started"]'),
};
const END = shape('process', 'end', '["process"]', '["end"]');
const FILE: Record<string, Shape> = {
  creation: shape('file', 'creation', '["file"]', '["creation"]', '"outcome":"success",'),
  overwrite: shape('file', 'overwrite', '["file"]', '["change"]', '"outcome":"success",'),
  rename: shape('file', 'rename', '["file"]', '["change"]', '"outcome":"success",'),
  deletion: shape('file', 'deletion', '["file"]', '["deletion"]', '"outcome":"success",'),
};
const UNKNOWN = '"outcome":"unknown",';
const NETWORK: Record<string, Shape> = {
  connection_attempted: shape('network', 'connection_attempted', '["network"]', '["start"]', UNKNOWN),
  connection_accepted: shape('network', 'connection_accepted', '["network"]', '["start"]', UNKNOWN),
  disconnect_received: shape('network', 'disconnect_received', '["network"]', '["end"]', UNKNOWN),
};
const REGISTRY = {
  modification: shape('registry', 'modification', '["registry"]', '["change"]'),
  deletion: shape('registry', 'deletion', '["registry"]', '["deletion"]'),
};
const LOAD = shape('library', 'load', '["library"]', '["start"]');
const DNS = shape('network', 'lookup_result', '["network"]', '["protocol","info"]');

const OPEN = bytes('{"@timestamp":"');
const TS_ONLY = new IsoFormatter();
const TS_INGEST = new IsoFormatter();

/**
 * Writes `{"@timestamp":...` through the end of the `host` object. Per host and shape the
 * constant text is split at the four varying values: created, sequence id, ingested, sequence.
 */
function head(out: Sink, host: Host, at: Stamp, s: Shape): void {
  let parts = host.shapes[s.id];
  if (parts === undefined) {
    parts = [
      Buffer.concat([bytes('",'), host.prefix[s.dataset],
        bytes(`${s.action}","agent_id_status":"verified","category":${s.category},"created":"`)]),
      bytes(`","dataset":"endpoint.events.${s.dataset}","id":"${host.agentId.slice(0, 8)}`),
      bytes(`","ingested":"`),
      bytes(`","kind":"event","module":"endpoint",${s.outcome}"sequence":`),
      Buffer.concat([bytes(`,"type":${s.type}},`), host.hostBytes]),
    ];
    host.shapes[s.id] = parts;
  }
  host.sequence++;
  out.b(OPEN);
  const tsAt = out.pos;
  TS_ONLY.write(out.buf, tsAt, at.ms);
  out.pos += 24;
  out.b(parts[0] as Buffer);
  out.buf.copyWithin(out.pos, tsAt, tsAt + 24);
  out.pos += 24;
  out.b(parts[1] as Buffer);
  out.ascii(host.sequence.toString(36));
  out.b(parts[2] as Buffer);
  TS_INGEST.write(out.buf, out.pos, at.ingestedMs);
  out.pos += 24;
  out.b(parts[3] as Buffer);
  out.num(host.sequence);
  out.b(parts[4] as Buffer);
}

const REF_OPEN = bytes('"process":{"entity_id":"');
const REF_CLOSE = bytes('},');
const PID = bytes('"pid":');

function ref(out: Sink, p: Proc): void {
  out.b(REF_OPEN);
  out.ascii(p.entityId);
  out.b(p.static.ref);
  out.num(p.pid);
  out.b(REF_CLOSE);
}

function tail(out: Sink, p: Proc): void {
  out.b(p.user.closing);
}

/** `event.type` values of process events. */
export type ProcessPhase = 'start' | 'end';

const PROCESS_MESSAGE = bytes('"message":"Endpoint process event",');
const EXIT = bytes('"exit_code":0,');

/**
 * A process start or end. On macOS a start carries `event.type: ["start","process_started"]`,
 * so rules that accept either value see a multi-valued field.
 */
export function processEvent(out: Sink, host: Host, at: Stamp, p: Proc, phase: ProcessPhase): void {
  head(out, host, at, phase === 'end' ? END : START[host.os]);
  out.b(PROCESS_MESSAGE);
  if (phase === 'end') out.b(EXIT);
  out.b(p.ext);
  out.b(p.static.head);
  out.ascii(p.entityId);
  out.b(p.static.tail);
  out.b(p.parentBytes);
  out.b(PID);
  out.num(p.pid);
  out.b(p.tailBytes);
}

/** What a file event touched. */
export interface FileTarget {
  readonly path: string;
  readonly name: string;
  readonly extension: string;
  readonly size: number;
}

const FILE_OPEN = bytes('"file":{"Ext":{"header_bytes":"4d5a90000300000004000000ffff0000","monotonic_id":');
const FILE_MESSAGE = bytes('"message":"Endpoint file event",');

/** A file creation, overwrite, rename or deletion. */
export function fileEvent(out: Sink, host: Host, at: Stamp, p: Proc, action: string, f: FileTarget): void {
  head(out, host, at, FILE[action] ?? (FILE.overwrite as Shape));
  out.b(FILE_OPEN);
  out.num(host.sequence);
  out.t(`},${f.extension === '' ? '' : `"extension":${str(f.extension)},`}"name":${str(f.name)},` +
    `"path":${str(f.path)},"size":${f.size}},`);
  out.b(FILE_MESSAGE);
  ref(out, p);
  tail(out, p);
}

/** One end of a connection. */
export interface Endpoint {
  readonly ip: string;
  readonly port: number;
}

/** A connection attempt, acceptance or disconnect. */
export function networkEvent(out: Sink, host: Host, at: Stamp, p: Proc, action: string,
  direction: string, transport: string, src: Endpoint, dst: Endpoint): void {
  head(out, host, at, NETWORK[action] ?? (NETWORK.connection_attempted as Shape));
  out.ascii(`"destination":{"address":"${dst.ip}","ip":"${dst.ip}","port":${dst.port}},` +
    `"message":"Endpoint network event","network":{"direction":"${direction}","transport":` +
    `"${transport}","type":"ipv4"},`);
  ref(out, p);
  out.ascii(`"source":{"address":"${src.ip}","ip":"${src.ip}","port":${src.port}},`);
  tail(out, p);
}

/** A registry value write or delete. */
export interface RegistryTarget {
  readonly hive: string;
  readonly key: string;
  readonly value: string;
  /** Full path: hive root, key and value name. */
  readonly path: string;
  readonly strings: readonly string[];
  readonly dataType: string;
}

const REGISTRY_MESSAGE = bytes('"message":"Endpoint registry event",');

/** A registry modification (`event.type: ["change"]`) or deletion. */
export function registryEvent(out: Sink, host: Host, at: Stamp, p: Proc,
  action: 'modification' | 'deletion', r: RegistryTarget): void {
  head(out, host, at, REGISTRY[action]);
  out.b(REGISTRY_MESSAGE);
  ref(out, p);
  out.t(`"registry":{"data":{"strings":${strArray(r.strings)},"type":"${r.dataType}"},"hive":` +
    `"${r.hive}","key":${str(r.key)},"path":${str(r.path)},"value":${str(r.value)}},`);
  tail(out, p);
}

/** A loaded library (DLL or dylib). */
export interface Library {
  readonly name: string;
  readonly path: string;
  readonly signer: string;
  readonly sha256: string;
  /** Encoded `"dll":{...},` plus the message; built on first use. */
  encoded?: Buffer;
}

/** A library load. */
export function libraryEvent(out: Sink, host: Host, at: Stamp, p: Proc, lib: Library): void {
  lib.encoded ??= bytes(`"dll":{"Ext":{"relative_file_creation_time":48213.5},"code_signature":` +
    `{"exists":true,"status":"trusted","subject_name":${str(lib.signer)},"trusted":true},"hash":` +
    `{"sha256":"${lib.sha256}"},"name":${str(lib.name)},"path":${str(lib.path)}},` +
    `"message":"Endpoint DLL load event",`);
  head(out, host, at, LOAD);
  out.b(lib.encoded);
  ref(out, p);
  tail(out, p);
}

/** A DNS lookup with its answers. */
export function dnsEvent(out: Sink, host: Host, at: Stamp, p: Proc, name: string,
  answers: readonly string[]): void {
  const resolved = answers.map((ip) => `{"data":"${ip}","type":"A"}`).join(',');
  head(out, host, at, DNS);
  out.t(`"dns":{"Ext":{"options":"0x0","status":0},"question":{"name":${str(name)},"type":"A"},` +
    `"resolved_ip":${strArray(answers)},"answers":[${resolved}]},"message":"Endpoint DNS event",` +
    `"network":{"protocol":"dns"},`);
  ref(out, p);
  tail(out, p);
}
