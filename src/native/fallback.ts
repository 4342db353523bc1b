/**
 * The scan's choice of parser when `native` is asked for: the addon if it loads here,
 * else the `json` backend, said once per scan (on the main thread, not per worker).
 */
import type { ExecOptions, ParserName } from '../pool/messages.js';
import { loadNative, nativeUnavailableReason } from './index.js';

/**
 * `options` as they can run: with `parser: 'native'` and no addon, the `json` parser,
 * after telling `say` why (default: standard error).
 *
 * @example runnableOptions({ ...options, parser: 'native' }).parser // 'native' or 'json'
 */
export function runnableOptions(
  options: ExecOptions,
  say: (line: string) => void = (line) => process.stderr.write(line),
): ExecOptions {
  if (options.parser !== 'native' || loadNative() !== null) return options;
  say(`eqlscan: the native parser is not available: ${nativeUnavailableReason()}; using the json parser\n`);
  return { ...options, parser: 'json' };
}

/**
 * The parser a scan uses when none is named: `native` where the addon loads (the benchmark
 * measures it faster than `json` on every rule set), else `json`, without a word: nothing
 * was asked for that could not be had.
 */
export function defaultScanParser(): ParserName {
  return loadNative() !== null ? 'native' : 'json';
}
