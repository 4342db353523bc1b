/**
 * Turning what the user typed (files, directories, globs, `-`) into a list of inputs.
 *
 * Nothing here throws for a bad input: each one that cannot be used becomes an
 * `InputFailure` and the rest are still scanned. Order is deterministic: specs in the order
 * given, and within a directory or glob, paths sorted by code unit. A file reached twice (a
 * file inside a directory also given by name) is kept once, where it first appeared.
 */
import { constants } from 'node:fs';
import { access, open, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

import picomatch from 'picomatch';

import type { InputFailure, InputFile, ResolvedInputs } from './types.js';
import { EVENT_FILE, formatOf, hasGzipName, isGzipMagic, SNIFF_BYTES } from './sniff.js';

/** The input spec for standard input. */
export const STDIN = '-';

/** How many files are probed (opened, head read) at once. */
const PROBE_CONCURRENCY = 32;

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a path component is not a directory',
  ELOOP: 'too many symbolic links',
  EISDIR: 'is a directory',
  EMFILE: 'too many open files',
};

/**
 * Resolves input specs into readable inputs and the failures met on the way.
 *
 * - a file is taken whatever its name;
 * - a directory is walked recursively for `.ndjson`, `.jsonl`, `.json` (each optionally
 *   `.gz`), following symbolic links but never the same directory twice; a directory
 *   without any is reported, as is a glob matching nothing;
 * - a spec that does not exist but is a glob (picomatch syntax) selects the files it matches
 *   whatever their names, e.g. `logs/**\/*.ndjson.gz`;
 * - `-` is standard input, read on the main thread (see `readStream`).
 *
 * @example
 *   const { files, failed } = await resolveInputs(['logs/', 'extra.json.gz', '-']);
 *   for (const f of failed) console.error(`${f.path}: ${f.reason}`);
 */
export async function resolveInputs(specs: readonly string[]): Promise<ResolvedInputs> {
  const failed: InputFailure[] = [];
  const candidates: string[] = [];
  let stdin = false;

  for (const spec of specs) {
    if (spec === STDIN) {
      stdin = true;
      candidates.push(STDIN);
      continue;
    }
    candidates.push(...(await expandSpec(spec, failed)));
  }

  const seen = new Set<string>();
  const files: InputFile[] = [];
  const probed = await probeAll(candidates.filter((c) => c !== STDIN), failed);
  for (const spec of candidates) {
    if (spec === STDIN) {
      if (stdin) files.push(stdinInput());
      stdin = false;
      continue;
    }
    const file = probed.get(spec);
    if (file === undefined || seen.has(file.absPath)) continue;
    seen.add(file.absPath);
    files.push(file);
  }
  return { files, failed };
}

function stdinInput(): InputFile {
  return { path: STDIN, absPath: STDIN, size: -1, compression: 'none', format: 'sniff' };
}

/** The file paths one spec stands for, sorted within the spec. */
async function expandSpec(spec: string, failed: InputFailure[]): Promise<string[]> {
  const info = await stat(spec).catch((err: NodeJS.ErrnoException) => err);
  if (!(info instanceof Error)) {
    if (!info.isDirectory()) return [spec];
    const before = failed.length;
    const found = await walk(spec, Infinity, (rel) => EVENT_FILE.test(rel), failed);
    if (found.length === 0 && failed.length === before) {
      failed.push({ path: spec, reason: 'no .ndjson, .jsonl or .json files in this directory' });
    }
    return found;
  }

  const scan = picomatch.scan(spec);
  if (info.code === 'ENOENT' && scan.isGlob) {
    const base = scan.base === '' ? '.' : scan.base;
    const depth = scan.glob.includes('**') ? Infinity : scan.glob.split('/').length;
    const isMatch = picomatch(scan.glob);
    const found = await walk(base, depth, isMatch, failed, true, scan.base === '');
    if (found.length === 0) failed.push({ path: spec, reason: 'no files match this pattern' });
    return found;
  }
  failed.push(failure(spec, info));
  return [];
}

/**
 * Files under `root` whose path relative to it passes `take`, sorted. Unreadable
 * subdirectories are reported and skipped.
 */
async function walk(
  root: string,
  maxDepth: number,
  take: (rel: string) => boolean,
  failed: InputFailure[],
  globbing = false,
  bareBase = false,
): Promise<string[]> {
  const found: string[] = [];
  const visited = new Set<string>();

  const visit = async (dir: string, rel: string, depth: number): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (visited.has(real)) return;
    visited.add(real);

    const entries = await readdir(dir, { withFileTypes: true }).catch(
      (err: NodeJS.ErrnoException) => err,
    );
    if (entries instanceof Error) {
      // A glob whose fixed part does not exist simply matches nothing.
      const missingBase = depth === 0 && globbing && entries.code === 'ENOENT';
      if (!missingBase) failed.push(failure(dir, entries));
      return;
    }
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const child = bareBase ? childRel : path.join(root, childRel);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // A dangling link counts as a file, so that probing reports it.
        const target = await stat(child).catch(() => null);
        isDir = target?.isDirectory() ?? false;
        isFile = target === null || target.isFile();
      }
      if (isDir) {
        if (depth + 1 < maxDepth) await visit(child, childRel, depth + 1);
      } else if (isFile && take(childRel)) {
        // Pipes and devices are read only when named: found in a walk they could block.
        found.push(child);
      }
    }
  };

  await visit(root, '', 0);
  return found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Opens each candidate and reads its head, a few at a time, keyed by the candidate path. */
async function probeAll(
  paths: readonly string[],
  failed: InputFailure[],
): Promise<Map<string, InputFile>> {
  const results = new Map<string, InputFile | InputFailure>();
  const unique = [...new Set(paths)];
  for (let i = 0; i < unique.length; i += PROBE_CONCURRENCY) {
    const group = unique.slice(i, i + PROBE_CONCURRENCY);
    const probed = await Promise.all(group.map(probe));
    group.forEach((p, j) => results.set(p, probed[j]!));
  }

  // Failures are reported in spec order, once per path.
  const files = new Map<string, InputFile>();
  for (const p of unique) {
    const result = results.get(p)!;
    if ('absPath' in result) files.set(p, result);
    else failed.push(result);
  }
  return files;
}

/** Reads the head of one file to decide its compression and format. */
async function probe(file: string): Promise<InputFile | InputFailure> {
  let handle;
  try {
    const info = await stat(file);
    const absPath = await realpath(file);
    if (info.isDirectory()) return { path: file, reason: REASONS['EISDIR']!, code: 'EISDIR' };
    if (!info.isFile()) {
      // A pipe or device: opening it may wait for a writer and its head cannot be read
      // twice, so it is only checked for access here and sniffed by the reader.
      await access(file, constants.R_OK);
      return { path: file, absPath, size: -1, compression: 'none', format: 'sniff' };
    }

    handle = await open(file, 'r');
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, info.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const bytes = head.subarray(0, bytesRead);
    const gzipped = isGzipMagic(bytes);
    if (!gzipped && hasGzipName(file) && info.size > 0) {
      return { path: file, reason: 'named .gz but not in gzip format (no 1f 8b header)' };
    }
    return {
      path: file,
      absPath,
      size: info.size,
      compression: gzipped ? 'gzip' : 'none',
      format: formatOf(file, bytes, gzipped),
    };
  } catch (err) {
    return failure(file, err as NodeJS.ErrnoException);
  } finally {
    await handle?.close();
  }
}

function failure(file: string, err: NodeJS.ErrnoException): InputFailure {
  const code = err.code;
  const reason = (code !== undefined ? REASONS[code] : undefined) ?? err.message;
  return code === undefined ? { path: file, reason } : { path: file, reason, code };
}
