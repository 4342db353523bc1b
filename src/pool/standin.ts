/**
 * A JSON.parse line parser with the interface of `src/event/parse`, used until that stage is
 * wired in.
 */
// TODO: the line parser of src/event/parse replaces this once its index lands (createParser, DEFAULT_PARSER).

/** The parser used when none is asked for. */
export const DEFAULT_PARSER = 'json';
/** Decodes one line. */
export interface Parser { parse(buf: Uint8Array, s: number, e: number): { ok: true; event: unknown } | { ok: false; reason: string; detail?: string } }
const dec = new TextDecoder();
/** A parser by name; both names give JSON.parse here. */
export function createParser(_n: string): Parser {
  return { parse(buf, s, e) { try { return { ok: true, event: JSON.parse(dec.decode(buf.subarray(s, e))) }; } catch (err) { return { ok: false, reason: 'invalid JSON', detail: (err as Error).message }; } } };
}
