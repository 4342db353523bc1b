/**
 * The Elasticsearch EQL conformance suite, run offline.
 *
 * Takes the suite folder (Elasticsearch's TOML spec files and their data sets) and an
 * engine, and hands on, for every query, whether it returned exactly the ids (and join
 * keys) Elasticsearch returns. The key design choice is to prepare the data the way
 * Elasticsearch indexes it (derived timestamps, `null_value`, custom date formats, field
 * types from the mappings) so that the engine itself needs no suite-specific rule.
 */
export { loadDataset, parseDate, type Dataset } from './datasets.js';
export { describeFailure, formatReport, totals, type Totals } from './report.js';
export {
  DEFAULT_SIZE,
  ENGINES,
  runCase,
  runSuite,
  type CaseResult,
  type EngineFactory,
  type FileResult,
} from './runner.js';
export {
  loadSuite,
  quoteBareNulls,
  type DatasetSpec,
  type SuiteCase,
  type SuiteFile,
} from './suite.js';
