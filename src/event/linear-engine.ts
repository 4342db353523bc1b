/**
 * Turns on V8's experimental linear-time regular expression engine, for the whole process,
 * when loaded. It is a module of its own so that the worker's boot file can load it before it
 * compiles the worker bundle: V8 records the flags in force in a code cache and refuses the
 * cache under other flags, and this one the bundle would otherwise set only as it runs.
 */
import v8 from 'node:v8';

v8.setFlagsFromString('--enable-experimental-regexp-engine');
