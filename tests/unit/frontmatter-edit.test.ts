import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../../src-shared/markdown/frontmatter';
import {
  applyTextEdits,
  editFrontmatter,
  readProperties,
  type FrontmatterEdit,
} from '../../src-shared/markdown/frontmatter-edit';
import {
  coerceValue,
  effectiveType,
  inferType,
  summarizeCatalog,
} from '../../src-shared/markdown/property-types';

function edited(text: string, edit: FrontmatterEdit): string {
  const result = editFrontmatter(text, edit);
  if (!result.ok) throw new Error(result.error);
  return applyTextEdits(text, result.changes);
}

const NOTE = [
  '---',
  '# Written by hand',
  "title: 'Hello' # greeting",
  'status: draft',
  '',
  'tags:',
  '  - one',
  '  - "two" # second',
  'aliases: [A, "B, b"]',
  'summary: |',
  '  First line',
  '  second line',
  'empty:',
  '---',
  'Body',
].join('\n');

describe('editFrontmatter', () => {
  it('keeps the quoting a scalar was written with', () => {
    expect(edited(NOTE, { op: 'set', key: 'title', value: "It's" })).toBe(NOTE.replace("'Hello'", "'It''s'"));
    expect(edited(NOTE, { op: 'set', key: 'status', value: 'done' })).toBe(NOTE.replace('draft', 'done'));
  });

  it('quotes a plain value only when it must, so it stays text', () => {
    expect(edited(NOTE, { op: 'set', key: 'status', value: 'true' })).toBe(NOTE.replace('draft', '"true"'));
    expect(edited(NOTE, { op: 'set', key: 'status', value: 'a: b' })).toBe(NOTE.replace('draft', '"a: b"'));
    expect(edited(NOTE, { op: 'set', key: 'status', value: 3 })).toBe(NOTE.replace('draft', '3'));
  });

  it('changes only the item that changed, in block and flow lists', () => {
    expect(edited(NOTE, { op: 'set', key: 'tags', value: ['one', 'zwei'] })).toBe(
      NOTE.replace('"two" # second', '"zwei" # second'),
    );
    expect(edited(NOTE, { op: 'set', key: 'tags', value: ['one', 'two', 'three'] })).toBe(
      NOTE.replace('  - "two" # second', '  - "two" # second\n  - three'),
    );
    expect(edited(NOTE, { op: 'set', key: 'tags', value: ['two'] })).toBe(NOTE.replace('  - one\n', ''));
    expect(edited(NOTE, { op: 'set', key: 'aliases', value: ['A', 'B, b', 'C'] })).toBe(
      NOTE.replace('[A, "B, b"]', '[A, "B, b", C]'),
    );
    expect(edited(NOTE, { op: 'set', key: 'aliases', value: ['B, b'] })).toBe(
      NOTE.replace('[A, "B, b"]', '["B, b"]'),
    );
    expect(edited(NOTE, { op: 'set', key: 'tags', value: [] })).toBe(
      NOTE.replace('tags:\n  - one\n  - "two" # second', 'tags: []'),
    );
  });

  it('keeps a block scalar a block scalar', () => {
    expect(edited(NOTE, { op: 'set', key: 'summary', value: 'One\nTwo\n' })).toBe(
      NOTE.replace('  First line\n  second line', '  One\n  Two'),
    );
  });

  it('fills an empty value', () => {
    expect(edited(NOTE, { op: 'set', key: 'empty', value: '2024-05-01' })).toBe(
      NOTE.replace('empty:', 'empty: 2024-05-01'),
    );
    expect(edited('---\na: # why\n---\n', { op: 'set', key: 'a', value: 'x' })).toBe(
      '---\na: x # why\n---\n',
    );
  });

  it('empties a value without leaving a space after the colon, keeping its comment', () => {
    expect(edited('---\na: 3 # why\nb: x\n---\n', { op: 'set', key: 'a', value: null })).toBe(
      '---\na: # why\nb: x\n---\n',
    );
    expect(edited('---\na: 3\n---\n', { op: 'set', key: 'a', value: null })).toBe('---\na:\n---\n');
  });

  it('adds a property at the end with the note’s line break, links quoted', () => {
    const crlf = NOTE.replaceAll('\n', '\r\n');
    expect(edited(crlf, { op: 'set', key: 'related', value: '[[Other Note]]' })).toBe(
      crlf.replace('empty:\r\n', 'empty:\r\nrelated: "[[Other Note]]"\r\n'),
    );
    expect(edited(NOTE, { op: 'set', key: 'new list', value: ['a', 'b'] })).toBe(
      NOTE.replace('empty:\n', 'empty:\nnew list:\n  - a\n  - b\n'),
    );
  });

  it('creates the block when there is none, and fills an empty one', () => {
    expect(edited('Just text', { op: 'set', key: 'status', value: 'new' })).toBe(
      '---\nstatus: new\n---\nJust text',
    );
    expect(edited('Line\r\nTwo', { op: 'set', key: 'n', value: 1 })).toBe(
      '---\r\nn: 1\r\n---\r\nLine\r\nTwo',
    );
    expect(edited('---\n---\nBody', { op: 'set', key: 'a', value: true })).toBe('---\na: true\n---\nBody');
  });

  it('renames a key and nothing else', () => {
    expect(edited(NOTE, { op: 'rename', key: 'status', to: 'state' })).toBe(
      NOTE.replace('status:', 'state:'),
    );
    expect(edited(NOTE, { op: 'rename', key: 'status', to: 'my: state' })).toBe(
      NOTE.replace('status:', '"my: state":'),
    );
    expect(editFrontmatter(NOTE, { op: 'rename', key: 'status', to: 'title' })).toEqual({
      ok: false,
      error: 'There is already a property “title”.',
    });
  });

  it('removes a property’s lines with their same-line comments, keeping the others', () => {
    expect(edited(NOTE, { op: 'remove', key: 'tags' })).toBe(
      NOTE.replace('tags:\n  - one\n  - "two" # second\n', ''),
    );
    expect(edited(NOTE, { op: 'remove', key: 'title' })).toBe(
      NOTE.replace("title: 'Hello' # greeting\n", ''),
    );
    expect(edited(NOTE, { op: 'remove', key: 'empty' })).toBe(NOTE.replace('empty:\n', ''));
    expect(edited('---\nonly: 1\n---\nBody', { op: 'remove', key: 'only' })).toBe('---\n---\nBody');
  });

  it('changes a type, carrying over what fits', () => {
    expect(edited(NOTE, { op: 'retype', key: 'status', type: 'list' })).toBe(
      NOTE.replace('status: draft', 'status:\n  - draft'),
    );
    expect(edited(NOTE, { op: 'retype', key: 'aliases', type: 'text' })).toBe(
      NOTE.replace('[A, "B, b"]', 'A, B, b'),
    );
    expect(edited(NOTE, { op: 'retype', key: 'status', type: 'checkbox' })).toBe(
      NOTE.replace('draft', 'false'),
    );
  });

  it('setting a value to what it is changes nothing', () => {
    expect(editFrontmatter(NOTE, { op: 'set', key: 'title', value: 'Hello' })).toEqual({
      ok: true,
      changes: [],
    });
    expect(editFrontmatter(NOTE, { op: 'set', key: 'tags', value: ['one', 'two'] })).toEqual({
      ok: true,
      changes: [],
    });
  });

  it('refuses malformed YAML and what it cannot change exactly', () => {
    const broken = '---\ntags: [a, b\n---\n';
    expect(editFrontmatter(broken, { op: 'set', key: 'x', value: 'y' })).toMatchObject({ ok: false });
    // The line is the note's (the YAML's first line is the note's second).
    expect(readProperties(broken)).toEqual({
      kind: 'invalid',
      message: expect.stringContaining('at line 2, column'),
    });
    // An alias: changing the anchor would change the other property too.
    expect(editFrontmatter('---\na: &x 1\nb: *x\n---\n', { op: 'set', key: 'a', value: 2 })).toMatchObject({
      ok: false,
    });
    // An unresolved alias is an error to show, not a crash.
    expect(readProperties('---\na: *nothing\n---\n')).toMatchObject({ kind: 'invalid' });
  });

  it('reads the block parseFrontmatter reads', () => {
    for (const text of [NOTE, '---\r\na: 1\r\n...\r\nx', '---\n---\n', 'no block', '--- \na: [1, 2]\n---']) {
      const read = readProperties(text);
      const parsed = parseFrontmatter(text);
      if (read.kind === 'properties') {
        expect(Object.fromEntries(read.properties.map((p) => [p.key, p.value]))).toEqual(parsed.data);
      } else {
        expect(read.kind === 'none' ? parsed.content : null).toBe(read.kind === 'none' ? text : null);
      }
    }
  });
});

describe('property types', () => {
  it('infers types from values', () => {
    expect(inferType('2024-05-01')).toBe('date');
    expect(inferType('2024-05-01T10:30')).toBe('datetime');
    expect(inferType('[[Note]]')).toBe('link');
    expect(inferType(['a'])).toBe('list');
    expect(inferType(true)).toBe('checkbox');
    expect(inferType(3.5)).toBe('number');
    expect(inferType('words')).toBe('text');
    expect(inferType(null)).toBeNull();
  });

  it('edits a value with the vault’s type when it fits, else with its own', () => {
    expect(effectiveType('2024-05-01', 'text')).toBe('text');
    expect(effectiveType('words', 'number')).toBe('text');
    expect(effectiveType(null, 'date')).toBe('date');
  });

  it('coerces values between types', () => {
    expect(coerceValue('2024-05-01T10:00', 'date')).toBe('2024-05-01');
    expect(coerceValue('2024-05-01', 'datetime')).toBe('2024-05-01T00:00');
    expect(coerceValue('12', 'number')).toBe(12);
    expect(coerceValue('abc', 'number')).toBeNull();
    expect(coerceValue('Note', 'link')).toBe('[[Note]]');
    expect(coerceValue(['a', 'b'], 'text')).toBe('a, b');
  });

  it('summarizes the catalog: most common type, explicit types win, most used first', () => {
    const notes = [
      new Map([
        ['due', 'date' as const],
        ['status', 'text' as const],
      ]),
      new Map([['due', 'date' as const]]),
      new Map([
        ['due', 'text' as const],
        ['status', null],
      ]),
    ];
    expect(summarizeCatalog(notes, {})).toEqual([
      { name: 'due', type: 'date', count: 3 },
      { name: 'status', type: 'text', count: 2 },
    ]);
    expect(summarizeCatalog(notes, { status: 'list' }, 1)).toEqual([{ name: 'due', type: 'date', count: 3 }]);
    expect(summarizeCatalog(notes, { status: 'list' })[1]).toEqual({
      name: 'status',
      type: 'list',
      count: 2,
    });
  });
});
