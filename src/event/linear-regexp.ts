/**
 * Regular expressions that run in time linear in the input.
 *
 * Every pattern a query supplies (wildcards, Lucene regular expressions) is compiled on V8's
 * experimental linear-time engine, enabled here once when the module loads. That engine is an
 * automaton simulation: `(a+)+$` over a long input cannot blow up, which matters because rules
 * are written by many people and run over untrusted telemetry. It has limits: no `i` or `u`
 * flag, no lookaround or backreferences, and bounded repetition of at most 16 copies.
 * Lucene regular expressions it refuses run on an automaton instead (`lucene-regex.ts`).
 */
// The engine must be on before the first RegExp with the `l` flag is created; turning it on
// again is harmless, so every worker that loads this module does it.
import './linear-engine.js';

import { EqlError } from '../errors.js';

/**
 * Compiles `source` (JavaScript regex syntax, already anchored as needed) for the linear-time
 * engine. Throws `EqlError` with code `unsupported` when the engine cannot run it, naming
 * `what` (the pattern as the user wrote it) in the message.
 *
 * @example linearRegExp('^(?:a+)+$', '"(a+)+"').test('aaaa') // true
 */
export function linearRegExp(source: string, what: string): RegExp {
  try {
    return new RegExp(source, 'l');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EqlError(
      'unsupported',
      `Pattern ${what} cannot be matched in linear time (${reason}); ` +
        'bounded repetition allows at most 16 copies',
    );
  }
}

/**
 * Compiles `source` for the linear-time engine, or returns null when the engine refuses it
 * (or it is not valid JavaScript regex syntax), for callers that have another way to run it.
 *
 * @example tryLinearRegExp('^(?:a{1,100})$') // null
 */
export function tryLinearRegExp(source: string): RegExp | null {
  try {
    return new RegExp(source, 'l');
  } catch {
    return null;
  }
}
