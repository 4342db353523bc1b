import { describe, expect, test } from 'vitest';

import { foldValue } from '../../src/compile/runtime.js';
import { TAG, type Projector } from '../../src/native/index.js';
import { frame, native, project } from './helpers.js';

const FIELDS = ['name', 'id', 'args', 'n'];

/** Every field of every line as the batch reads it, and as it reads it folded. */
function readAll(projector: Projector, lines: string[]): { values: unknown[]; folded: unknown[] } {
  const batch = project(projector, frame(lines));
  const values: unknown[] = [];
  const folded: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let f = 0; f < FIELDS.length; f++) {
      values.push(batch.value(i, f));
      folded.push(batch.internedFold(i, f) ?? foldValue(batch.value(i, f)));
    }
  }
  return { values, folded };
}

const line = (k: number, unique: number): string =>
  JSON.stringify({
    name: ['Cmd.EXE', 'svchost.exe', 'Ünïcode.exe', 'Кириллица', 'bash'][k % 5],
    id: `id-${unique}`,
    args: k % 3 === 0 ? ['-C', `x${k % 4}`] : `one-${k % 2}`,
    n: k % 7,
  });

describe.skipIf(!native)('interned values', () => {
  test('read as they do without interning, across batches and after the table starts again', () => {
    const plain = native!.createProjector(FIELDS, { intern: false });
    const small = native!.createProjector(FIELDS, { internMaxValues: 5 });
    const usual = native!.createProjector(FIELDS);
    let unique = 0;
    for (let b = 0; b < 6; b++) {
      const lines = Array.from({ length: 40 }, (_, k) => line(k + b, unique++));
      const want = readAll(plain, lines);
      expect(readAll(small, lines)).toEqual(want);
      expect(readAll(usual, lines)).toEqual(want);
      expect(want.folded).toEqual(want.values.map((v) => foldValue(v as never)));
    }
  });

  test('hands a repeated value over by id, as the same string every time', () => {
    const projector = native!.createProjector(FIELDS);
    const first = project(projector, frame([line(0, 0), line(5, 1)]));
    const second = project(projector, frame([line(10, 2)]));
    expect(first.tags[0]).toBe(TAG.interned);
    expect(second.tags[0]).toBe(TAG.interned);
    expect(second.refs[0]).toBe(first.refs[0]);
    expect(second.value(0, 0)).toBe('Cmd.EXE');
    // Past Latin-1, values keep their own table and are not interned.
    const wide = project(projector, frame([line(3, 3)]));
    expect(wide.tags[0]).toBe(TAG.wideString);
    expect(wide.value(0, 0)).toBe('Кириллица');
    expect(project(projector, frame([line(2, 4)])).value(0, 0)).toBe('Ünïcode.exe');
  });

  test('stops interning a field whose values do not repeat, and keeps reading them', () => {
    const projector = native!.createProjector(FIELDS);
    const lines = Array.from({ length: 5000 }, (_, k) => line(k, k));
    const batch = project(projector, frame(lines));
    const last = lines.length - 1;
    const idSlot = last * FIELDS.length + 1;
    expect(batch.tags[idSlot]).toBe(TAG.string);
    expect(batch.value(last, 1)).toBe(`id-${last}`);
    expect(batch.tags[last * FIELDS.length]).toBe(TAG.interned);
  });
});
