/**
 * Plans to matchers: wildcard reduction, JavaScript code generation, rule packs.
 *
 * Takes event queries (alone, as sequence or sample stages, or all the rules of a pack) and
 * hands on predicates that give exactly the interpreter's verdict on every event, faster:
 * patterns reduced to literal tests, lists to Sets, tries and automata, conditions to one
 * generated function each, fields read once per event into shared slots, and rules
 * dispatched by category and by the equalities they open with. The key design choice is
 * that generated code inlines only the common case and defers every other one to helpers
 * that mirror the interpreter line for line, and that no rule text ever becomes code: every
 * literal reaches the generated function as a constant.
 *
 * @example
 * const pack = compilePack(plans, { categoryField: 'event.category' });
 * pack.match(event); // indexes of the single-event rules that match
 */
export { describeReduction, reducePattern, reductionTest } from './wildcard.js';
export type { Item, Reduction } from './wildcard.js';
export { compilePatternSet } from './pattern-set.js';
export type { PatternReport, PatternSet } from './pattern-set.js';
export { compileInList } from './in-list.js';
export type { InList } from './in-list.js';
export type { LeafNote } from './codegen.js';
export {
  buildMatchers,
  compiledEngine,
  compileEventQuery,
  crossCheckEngine,
  EventState,
} from './matcher.js';
export type { BuiltMatcher, CompiledQuery, CompileOptions, MatchFn, MatcherBuild } from './matcher.js';
export { compilePack, interpretedPack } from './pack.js';
export type { DispatchKey, Pack, PackExplain, PackOptions, RuleExplain, StageHit } from './pack.js';
