/**
 * Shared pieces for planted events: the plant shape and a kit that makes hosts, users and
 * processes for them.
 *
 * A plant is one or more steps. The generator places the first step at a chosen line and each
 * later step `gap` lines after the previous one, first moving the clock on by `jumpMs`. That is
 * how a sequence's second event lands a few seconds (or, for a near-miss, minutes) later while
 * `@timestamp` stays non-decreasing over the whole corpus.
 */

import type { OsType } from './catalog.js';
import {
  fileEvent, networkEvent, processEvent, registryEvent,
  type Endpoint, type FileTarget, type ProcessPhase, type RegistryTarget, type Stamp,
} from './events.js';
import { makeProc, type Host, type Proc, type ProcSpec, type User } from './hosts.js';
import type { Rng } from './prng.js';
import { render } from './sink.js';
import type { DemoRuleKey } from './rules.js';

/** One planted line, encoded when its time comes. */
export interface Step {
  /** Lines after the previous step (ignored for the first step). */
  readonly gap: number;
  /** Milliseconds the clock moves on before this step; at least 1 for later steps. */
  readonly jumpMs: number;
  readonly emit: (at: Stamp) => string;
}

/** Planted events: a true positive (`match`) or a near-miss (`miss`) of one demo rule. */
export interface Plant {
  readonly rule: DemoRuleKey;
  readonly expect: 'match' | 'miss';
  readonly variant: string;
  /** Whether a planted line hides a rule literal behind a `\uXXXX` escape. */
  readonly escaped: boolean;
  readonly steps: readonly Step[];
}

/** How one variant is built; `maxGap` bounds the lines between steps. */
export interface Variant {
  readonly name: string;
  readonly escaped?: boolean;
  readonly build: (kit: PlantKit, maxGap: number) => Step[];
}

/** Every variant of one rule, split by expectation. */
export interface RulePlants {
  readonly rule: DemoRuleKey;
  readonly matches: readonly Variant[];
  readonly misses: readonly Variant[];
}

const DEFAULT_SIGNER: Record<OsType, string> = {
  windows: 'Microsoft Windows', macos: 'Software Signing', linux: '',
};

/** Makes the hosts, users and processes that planted events need. */
export class PlantKit {
  /** `rng` is shared with the background, so plants draw from the same stream in order. */
  constructor(readonly rng: Rng, private readonly hosts: readonly Host[]) {}

  /** A host of the given OS. */
  host(os: OsType): Host {
    const candidates = this.hosts.filter((h) => h.os === os);
    if (candidates.length === 0) throw new Error(`BUG: no ${os} host in the fleet`);
    return this.rng.pick(candidates);
  }

  /** An interactive (non-system) user of `host`. */
  user(host: Host): User {
    return this.rng.pick(host.users);
  }

  /** A process on `host`; it never joins the background, so no other event reuses its id. */
  proc(host: Host, spec: Omit<ProcSpec, 'user' | 'signer' | 'trusted'> &
    Partial<Pick<ProcSpec, 'user' | 'signer' | 'trusted'>>): Proc {
    return makeProc(this.rng, host, {
      ...spec,
      user: spec.user ?? this.user(host),
      signer: spec.signer ?? DEFAULT_SIGNER[host.os],
      trusted: spec.trusted ?? host.os !== 'linux',
    });
  }

  /** A single-line plant. */
  one(emit: (at: Stamp) => string): Step[] {
    return [{ gap: 0, jumpMs: 0, emit }];
  }

  /** A gap of 1..maxGap lines, so the lines between steps differ from plant to plant. */
  gap(maxGap: number): number {
    return this.rng.range(1, Math.max(1, Math.min(maxGap, 30)));
  }

  /** A base64 blob that looks like an encoded PowerShell script. */
  blob(length: number): string {
    return 'JAB' + this.rng.b64(length - 3).replace(/\//g, 'A');
  }
}

/** `processEvent` as a string, for planted lines that may be rewritten before writing. */
export function processLine(host: Host, at: Stamp, p: Proc, phase: ProcessPhase): string {
  return render((o) => processEvent(o, host, at, p, phase));
}

/** `fileEvent` as a string. */
export function fileLine(host: Host, at: Stamp, p: Proc, action: string, f: FileTarget): string {
  return render((o) => fileEvent(o, host, at, p, action, f));
}

/** `networkEvent` as a string. */
export function networkLine(host: Host, at: Stamp, p: Proc, action: string, direction: string,
  transport: string, src: Endpoint, dst: Endpoint): string {
  return render((o) => networkEvent(o, host, at, p, action, direction, transport, src, dst));
}

/** `registryEvent` as a string. */
export function registryLine(host: Host, at: Stamp, p: Proc, action: 'modification' | 'deletion',
  r: RegistryTarget): string {
  return render((o) => registryEvent(o, host, at, p, action, r));
}
