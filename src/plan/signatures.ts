/**
 * What each EQL function accepts and returns, as Elasticsearch defines them.
 *
 * The parser accepts any number of arguments of any kind for a known function name; these
 * signatures are what verification checks calls against. Types here are only those a
 * query shows without a mapping: the type of a literal, or what a function or an operator
 * always returns. A field's type is unknown offline, so a field passes every check.
 */
import type { FunctionName } from '../query/ast.js';

/** What a query shows of a value's type. `number` is a numeric result of unknown kind. */
export type KnownType = 'string' | 'integer' | 'decimal' | 'number' | 'boolean' | 'null';

/** What a parameter accepts. */
export type ParamType = 'string' | 'integer' | 'number' | 'boolean' | 'any';

/** One parameter of a function. */
export interface Param {
  type: ParamType;
  /** The argument must be written as a constant, as Elasticsearch folds it before running. */
  constant?: boolean;
}

/** A function's signature. */
export interface Signature {
  /** Parameters in order; with `variadic`, the last one repeats. */
  params: Param[];
  /** How many arguments are required; the rest of `params` are optional. */
  min: number;
  /** The last parameter may be repeated any number of times. */
  variadic?: boolean;
  /** `fn~()` is allowed: the function compares strings and can ignore case. */
  caseAware?: boolean;
  returns: KnownType;
}

const STRING: Param = { type: 'string' };
const INTEGER: Param = { type: 'integer' };
const NUMBER: Param = { type: 'number' };
const ANY: Param = { type: 'any' };

const math: Signature = { params: [NUMBER, NUMBER], min: 2, returns: 'number' };
const stringTest: Signature = {
  params: [STRING, STRING],
  min: 2,
  caseAware: true,
  returns: 'boolean',
};

/** Every EQL function's signature, by canonical name. */
export const SIGNATURES: Readonly<Record<FunctionName, Signature>> = {
  add: math,
  between: {
    params: [STRING, STRING, STRING, { type: 'boolean', constant: true }],
    min: 3,
    caseAware: true,
    returns: 'string',
  },
  // The first argument is an IP field in Elasticsearch; offline a string holding an address.
  cidrMatch: {
    params: [STRING, { type: 'string', constant: true }],
    min: 2,
    variadic: true,
    returns: 'boolean',
  },
  // Elasticsearch sets no lower bound: `concat()` is the empty string.
  concat: { params: [ANY], min: 0, variadic: true, returns: 'string' },
  divide: math,
  endsWith: stringTest,
  indexOf: { params: [STRING, STRING, INTEGER], min: 2, caseAware: true, returns: 'integer' },
  length: { params: [STRING], min: 1, returns: 'integer' },
  modulo: math,
  multiply: math,
  number: { params: [STRING, INTEGER], min: 1, returns: 'number' },
  startsWith: stringTest,
  string: { params: [ANY], min: 1, returns: 'string' },
  stringContains: stringTest,
  substring: { params: [STRING, INTEGER, INTEGER], min: 2, returns: 'string' },
  subtract: math,
};

/** Can a value of type `found` be passed where `expected` is required? */
export function accepts(expected: ParamType, found: KnownType): boolean {
  if (expected === 'any' || found === 'null') return true;
  switch (expected) {
    case 'string':
      return found === 'string';
    case 'boolean':
      return found === 'boolean';
    case 'number':
      return found === 'integer' || found === 'decimal' || found === 'number';
    case 'integer':
      // A computed number may well be whole; only a written fraction is surely wrong.
      return found === 'integer' || found === 'number';
  }
}

/** The arity as a sentence fragment: `1 argument`, `2 to 3 arguments`, `at least 2 arguments`. */
export function describeArity(sig: Signature): string {
  if (sig.variadic) return `at least ${sig.min} argument${sig.min === 1 ? '' : 's'}`;
  const max = sig.params.length;
  if (max === sig.min) return `${max} argument${max === 1 ? '' : 's'}`;
  return `${sig.min} to ${max} arguments`;
}
