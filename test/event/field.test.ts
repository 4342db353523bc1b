import { describe, expect, it } from 'vitest';

import { parseFieldPath, readField } from '../../src/event/index.js';

describe('parseFieldPath', () => {
  it('should split dots and bracketed indexes into segments', () => {
    expect(parseFieldPath('process.args[1]')).toEqual(['process', 'args', 1]);
    expect(parseFieldPath('a.b[0][2].c')).toEqual(['a', 'b', 0, 2, 'c']);
    expect(parseFieldPath('@timestamp')).toEqual(['@timestamp']);
  });
});

describe('readField', () => {
  it('should read nested objects', () => {
    expect(readField({ process: { name: 'cmd.exe' } }, 'process.name')).toBe('cmd.exe');
  });

  it('should read flat dotted keys', () => {
    expect(readField({ 'process.name': 'cmd.exe' }, 'process.name')).toBe('cmd.exe');
  });

  it('should read a mix of nesting and dotted keys', () => {
    const event = { process: { 'parent.name': 'explorer.exe' } };
    expect(readField(event, 'process.parent.name')).toBe('explorer.exe');
    expect(readField({ 'process.parent': { name: 'x' } }, 'process.parent.name')).toBe('x');
  });

  it('should return undefined for a missing field or a missing parent', () => {
    expect(readField({ process: {} }, 'process.name')).toBeUndefined();
    expect(readField({}, 'process.name')).toBeUndefined();
    expect(readField({ process: 'cmd.exe' }, 'process.name')).toBeUndefined();
  });

  it('should flatten an array anywhere along the path into its leaf values', () => {
    expect(readField({ args: ['a', 'b'] }, 'args')).toEqual(['a', 'b']);
    expect(readField({ a: [{ b: 1 }, { b: [2, 3] }] }, 'a.b')).toEqual([1, 2, 3]);
    expect(readField({ a: [[1, 2], [3]] }, 'a')).toEqual([1, 2, 3]);
  });

  it('should give a single-element array as its one scalar', () => {
    expect(readField({ args: ['a'] }, 'args')).toBe('a');
  });

  it('should treat empty arrays, nulls and object leaves as absent', () => {
    expect(readField({ args: [] }, 'args')).toBeUndefined();
    expect(readField({ x: null }, 'x')).toBeUndefined();
    expect(readField({ x: [null, 'a', null] }, 'x')).toBe('a');
    expect(readField({ x: { y: 1 } }, 'x')).toBeUndefined();
  });

  it('should stand a null_value in for explicit nulls when one is given', () => {
    expect(readField({ x: null }, 'x', 'NULL')).toBe('NULL');
    expect(readField({}, 'x', 'NULL')).toBeUndefined();
  });

  it('should index arrays with [n] segments', () => {
    const event = { process: { args: ['cmd.exe', '/c', 'whoami'] } };
    expect(readField(event, 'process.args[1]')).toBe('/c');
    expect(readField(event, 'process.args[9]')).toBeUndefined();
    expect(readField({ a: { b: 1 } }, ['a', 0])).toBeUndefined();
  });

  it('should keep booleans and numbers as they are', () => {
    expect(readField({ a: false }, 'a')).toBe(false);
    expect(readField({ a: 0 }, 'a')).toBe(0);
  });

  it('should never read through the prototype chain', () => {
    expect(readField({}, '__proto__')).toBeUndefined();
    expect(readField({}, 'constructor')).toBeUndefined();
    expect(readField({}, 'constructor.name')).toBeUndefined();
    expect(readField({ a: {} }, 'a.toString')).toBeUndefined();
    expect(readField(['x'], 'length')).toBeUndefined();
  });

  it('should read own properties named like prototype members', () => {
    const event = JSON.parse('{"__proto__": {"x": "own"}, "constructor": "c"}') as object;
    expect(readField(event, '__proto__.x')).toBe('own');
    expect(readField(event, 'constructor')).toBe('c');
  });
});
