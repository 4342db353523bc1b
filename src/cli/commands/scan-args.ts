/**
 * The options of `eqlscan scan`, checked once here so that the rest of the scan can trust
 * them. Every error names the option it is about.
 */
import { EqlError } from '../../errors.js';
import { PARSER_NAMES } from '../../event/parse/index.js';
import { DEFAULT_STAGE_LIMITS, type StageLimits } from '../../execute/sequence-run.js';
import type { EngineName, ParserName } from '../../pool/messages.js';

/** `eqlscan scan` options after checking. */
export interface ScanArgs {
  inputs: string[];
  queries: string[];
  rulePaths: string[];
  categoryField: string;
  timestampField: string;
  tiebreakerField: string | null;
  engine: EngineName;
  /** Null: the default parser. */
  parser: ParserName | null;
  prefilter: boolean;
  strict: boolean;
  /** Null: every core. */
  workers: number | null;
  out: string | null;
  format: 'ndjson' | 'table';
  statsJson: string | null;
  /** Null: draw when stderr is a terminal. */
  progress: boolean | null;
  /** Elasticsearch mapping files giving field types; merged, the first file winning. */
  mappings: string[];
  /** Bounds on sequence and sample state; only those given. */
  stageLimits: Partial<StageLimits>;
  help: boolean;
}

/** The usage text, with the default worker count filled in. */
export function scanUsage(workers: number, parser: string): string {
  return `usage: eqlscan scan [options] INPUT...

Runs EQL rules over NDJSON telemetry: files (plain or .gz), folders, globs, or - for
standard input. Alerts go to stdout as NDJSON, the summary to stderr.

rules (at least one of):
  --query EQL              an EQL query to run; repeatable
  --rules PATH             rule files or folders: detection-rules TOML, rule documentation
                           pages (.md), Kibana NDJSON exports; repeatable

matching:
  --category-field FIELD   the event category field (default event.category)
  --timestamp-field FIELD  the event time field (default @timestamp)
  --tiebreaker-field FIELD orders events with equal timestamps (default none)
  --engine ENGINE          compiled (default) or interpreter
  --parser PARSER          json, simdjson or native (default ${parser}); native filters
                           and decodes lines in the C++ addon, reading only the fields
                           the rules need (json is used when the addon is not built)
  --no-prefilter           decode and match every line instead of skipping lines
                           in which no rule's literals occur
  --strict                 decode every line; exit 1 when any line is rejected
  --mapping FILE           Elasticsearch mapping JSON giving field types (dates, ip, ...);
                           repeatable, the first file to type a field wins

sequences and samples (matched in time order after the input is read; their head/tail
apply to each rule's matches over the whole scan; overflows are counted and reported):
  --max-samples-per-key N  samples per join key (default ${DEFAULT_STAGE_LIMITS.maxSamplesPerKey})
  --max-hit-events N       stage-hit events kept (default ${DEFAULT_STAGE_LIMITS.maxHitEvents})
  --max-pending N          in-flight sequences and sample keys, all rules together
                           (default ${DEFAULT_STAGE_LIMITS.maxPending}); the oldest are evicted
  --max-per-key N          missing-event hits kept per rule, stage and key
                           (default ${DEFAULT_STAGE_LIMITS.maxPerKey})

running and output:
  --workers N              worker threads (default ${workers}: every core)
  --out FILE               write alerts to FILE instead of stdout
  --format FORMAT          ndjson (default) or table
  --stats-json FILE        write the totals as JSON
  --progress               draw a progress bar on stderr (default: when it is a terminal)
  --no-progress            never draw one

exit codes:
  0  the scan completed
  1  with --strict, some line was rejected; or some input could not be read or scanned
  2  usage error, or a rule error that leaves no rule to run
`;
}

/**
 * Parses `eqlscan scan` arguments.
 *
 * @throws EqlError 'option' naming the option at fault.
 */
export function parseScanArgs(args: readonly string[]): ScanArgs {
  const parsed: ScanArgs = {
    inputs: [], queries: [], rulePaths: [], categoryField: 'event.category',
    timestampField: '@timestamp', tiebreakerField: null, engine: 'compiled', parser: null,
    prefilter: true, strict: false, workers: null, out: null, format: 'ndjson',
    statsJson: null, progress: null, mappings: [], stageLimits: {}, help: false,
  };
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      parsed.inputs.push(arg);
      continue;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const v = args[++i];
      if (v === undefined) throw new EqlError('option', `${name}: missing value`);
      return v;
    };
    switch (name) {
      case '--': optionsEnded = true; break;
      case '-h': case '--help': parsed.help = true; break;
      case '--query': case '-q': parsed.queries.push(value()); break;
      case '--rules': case '-r': parsed.rulePaths.push(value()); break;
      case '--category-field': parsed.categoryField = field(name, value()); break;
      case '--timestamp-field': parsed.timestampField = field(name, value()); break;
      case '--tiebreaker-field': parsed.tiebreakerField = field(name, value()); break;
      case '--engine': parsed.engine = oneOf(name, value(), ['compiled', 'interpreter'] as const); break;
      case '--parser': parsed.parser = oneOf(name, value(), PARSER_NAMES); break;
      case '--no-prefilter': parsed.prefilter = false; break;
      case '--prefilter': parsed.prefilter = true; break;
      case '--strict': parsed.strict = true; break;
      case '--workers': case '-j': parsed.workers = positive(name, value()); break;
      case '--out': case '-o': parsed.out = value(); break;
      case '--format': parsed.format = oneOf(name, value(), ['ndjson', 'table'] as const); break;
      case '--stats-json': parsed.statsJson = value(); break;
      case '--progress': parsed.progress = true; break;
      case '--no-progress': parsed.progress = false; break;
      case '--mapping': parsed.mappings.push(value()); break;
      case '--max-samples-per-key': parsed.stageLimits.maxSamplesPerKey = positive(name, value()); break;
      case '--max-hit-events': parsed.stageLimits.maxHitEvents = positive(name, value()); break;
      case '--max-pending': parsed.stageLimits.maxPending = positive(name, value()); break;
      case '--max-per-key': parsed.stageLimits.maxPerKey = positive(name, value()); break;
      default: throw new EqlError('option', `unknown option ${name} (see eqlscan scan --help)`);
    }
  }
  return parsed;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new EqlError('option', `${name}: expected ${allowed.join(' or ')}, got '${value}'`);
}

function positive(name: string, value: string): number {
  if (!/^[1-9]\d*$/.test(value)) {
    throw new EqlError('option', `${name}: expected a positive integer, got '${value}'`);
  }
  return Number(value);
}

function field(name: string, value: string): string {
  if (value.trim() === '') throw new EqlError('option', `${name}: expected a field name`);
  return value;
}
