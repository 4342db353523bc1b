/**
 * Loading rules from files and folders, choosing the format by extension and content.
 *
 * A file named on the command line is always read: `.toml` as detection-rules TOML, `.md` /
 * `.txt` as a rule documentation page when it looks like one, `.ndjson` / `.jsonl` / `.json`
 * as JSON rules, anything else as a plain query. Inside a folder, only files that look like
 * rules are read, so that a rules checkout (with its `pyproject.toml`, READMEs and JSON
 * schemas) or a folder of telemetry can be named whole.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { EqlError } from '../errors.js';
import { loadMarkdown, looksLikeRulePage } from './load-markdown.js';
import { loadNdjson } from './load-ndjson.js';
import { loadQueryFile } from './load-query.js';
import { loadToml } from './load-toml.js';
import { RuleError, type LoadResult } from './rule.js';

/** The rule formats a file can hold. */
export type RuleFormat = 'toml' | 'markdown' | 'json' | 'query';

const JSON_EXTENSIONS = new Set(['.ndjson', '.jsonl', '.json']);
const PAGE_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);

/** How much of a JSON file a folder walk reads to decide whether it holds rules. */
const SNIFF_BYTES = 64 * 1024;
const RULE_ID = /"rule_id"\s*:/;
const KNOWN_EXTENSIONS = new Set(['.toml', '.eql', ...JSON_EXTENSIONS, ...PAGE_EXTENSIONS]);

/**
 * Loads every rule in the given files and folders (recursively), in sorted path order.
 *
 * @example const { rules, skipped, failed } = await loadRules(['rules/']);
 * @throws EqlError 'io' when a path given does not exist or cannot be read.
 */
export async function loadRules(paths: readonly string[]): Promise<LoadResult> {
  const files = new Map<string, boolean>(); // path -> named directly
  for (const given of paths) {
    const info = await stat(given).catch((err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? 'no such file or directory' : err.message;
      throw new EqlError('io', `Cannot read [${given}]: ${why}`);
    });
    if (info.isDirectory()) {
      for (const file of await walk(given)) if (!files.has(file)) files.set(file, false);
    } else {
      files.set(given, true);
    }
  }

  const result: LoadResult = { rules: [], skipped: [], failed: [] };
  const sorted = [...files.keys()].sort(comparePaths);
  // Reads run a few files ahead of parsing: one at a time, a pack of small files spent a
  // fifth of its loading time waiting on the disk.
  const reads: Promise<Read>[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = reads.length; j < Math.min(sorted.length, i + READ_AHEAD); j++) {
      reads.push(readRuleFile(sorted[j]!, files.get(sorted[j]!)!));
    }
    const file = sorted[i]!;
    const read = await reads[i]!;
    delete reads[i];
    if (read === null) continue;
    if (read instanceof Error) {
      const detail = `Cannot read file: ${read.message}`;
      result.failed.push(new RuleError('io', detail, file, { line: 1, column: 1 }).toFailure());
      continue;
    }
    const format = formatOf(file, read, files.get(file)!);
    if (format === null) continue;
    const loaded = loadRuleText(read, file, format);
    result.rules.push(...loaded.rules);
    result.skipped.push(...loaded.skipped);
    result.failed.push(...loaded.failed);
  }
  return result;
}

/**
 * The format of a file from its extension and text; null when a file found in a folder walk
 * (`named` false) holds no rules.
 */
export function formatOf(file: string, text: string, named = true): RuleFormat | null {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.toml') return named || /^\[rule\]/m.test(text) ? 'toml' : null;
  if (JSON_EXTENSIONS.has(ext)) {
    return named || RULE_ID.test(text.slice(0, SNIFF_BYTES)) ? 'json' : null;
  }
  if (PAGE_EXTENSIONS.has(ext)) {
    if (looksLikeRulePage(text)) return 'markdown';
    return named ? 'query' : null;
  }
  if (ext === '.eql') return 'query';
  return named ? 'query' : null;
}

/** Loads rules from text already read, in the given format. */
export function loadRuleText(text: string, file: string, format: RuleFormat): LoadResult {
  // Editors hide a byte-order mark, and counting it would shift every column of line 1.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  switch (format) {
    case 'toml':
      return loadToml(body, file);
    case 'markdown':
      return loadMarkdown(body, file);
    case 'json':
      return loadNdjson(body, file);
    case 'query':
      return loadQueryFile(body, file);
  }
}

/** Files read ahead of the one being parsed. */
const READ_AHEAD = 16;

/** A file's text; null for a JSON file found in a folder that holds no rules; the error. */
type Read = string | null | Error;

async function readRuleFile(file: string, named: boolean): Promise<Read> {
  try {
    // A folder may hold telemetry next to rules: look at the head of a JSON file first.
    if (!named && JSON_EXTENSIONS.has(path.extname(file).toLowerCase())) {
      if (!RULE_ID.test(await head(file))) return null;
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    // Returned, not thrown: the read may finish before anyone awaits it.
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The first bytes of a file as text; empty when it cannot be read (reading it later says why). */
async function head(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => null);
  if (!handle) return '';
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.toString('utf8', 0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Every file with a rule extension under a folder, skipping hidden entries and `node_modules`. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile() && KNOWN_EXTENSIONS.has(path.extname(full).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

/** Code-unit order, not locale order, so that every machine lists files the same way. */
function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
