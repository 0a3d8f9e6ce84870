import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReportEntry } from '../../src-shared/api/vault-api';
import {
  decodeNoteBytes,
  illegalOnWindows,
  scanFolder,
  type ScannedFile,
} from '../../src-main/vault-io/scan';
import { exportNames, safeNoteStem } from '../../src-main/vault-io/export-job';
import type { Note } from '../../src-shared/schema/note';
import { useTempDirs } from '../support/temp-dir';
import { generateVault, sortReport } from './generate-vault';

const tempDir = useTempDirs(afterEach);

async function scan(dir: string, includeHidden = false) {
  const files: ScannedFile[] = [];
  const report: ReportEntry[] = [];
  await scanFolder(
    dir,
    { includeHidden },
    { file: (f) => files.push(f), report: (e) => report.push(e), cancelled: () => false },
  );
  return { files, report };
}

describe('scanFolder on the generated vault', () => {
  it('finds every file, classifies .md by name, reports what its names alone decide', async () => {
    const dir = tempDir();
    const vault = generateVault(dir, { bulkNotes: 50, bulkFiles: 20 });
    const { files, report } = await scan(dir);
    expect(files.map((f) => f.rel).sort()).toEqual([...vault.files].sort());
    const byBytes = vault.expectedReport.filter((e) => e.kind !== 'NOT_UTF8' && e.kind !== 'HAS_NUL');
    expect(sortReport(report)).toEqual(byBytes);
    const colliding = files.find((f) => f.rel === 'unicode/caf\u00e9.md');
    expect(colliding).toMatchObject({ kind: 'attachment', why: 'NAME_COLLISION' });
    expect(files.find((f) => f.rel === 'unicode/cafe\u0301.md')?.kind).toBe('note');
    const hidden = await scan(dir, true);
    expect(hidden.files.map((f) => f.rel)).toEqual(expect.arrayContaining(vault.hiddenFiles));
  });

  it('skips a name that is not UTF-8 and does not follow a symlink', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      Buffer.concat([Buffer.from(`${dir}/`), Buffer.from([0x66, 0xff, 0x2e, 0x6d, 0x64])]),
      'x',
    );
    fs.writeFileSync(path.join(dir, 'real.md'), 'x');
    fs.symlinkSync(path.join(dir, 'real.md'), path.join(dir, 'link.md'));
    const { files, report } = await scan(dir);
    expect(files.map((f) => f.rel)).toEqual(['real.md']);
    expect(sortReport(report)).toEqual([
      { path: 'f\uFFFD.md', kind: 'NAME_NOT_UTF8' },
      { path: 'link.md', kind: 'NOT_A_FILE' },
    ]);
  });
});

describe('decodeNoteBytes and names', () => {
  it('keeps the BOM, refuses invalid UTF-8 and NUL', () => {
    expect(decodeNoteBytes(Buffer.from('\uFEFFa\r\n'))).toEqual({ ok: true, text: '\uFEFFa\r\n' });
    expect(decodeNoteBytes(Buffer.from([0x63, 0xe9, 0x20]))).toEqual({ ok: false, kind: 'NOT_UTF8' });
    expect(decodeNoteBytes(Buffer.from('a\u0000b'))).toEqual({ ok: false, kind: 'HAS_NUL' });
  });

  it('knows the names Windows refuses', () => {
    for (const name of ['a:b?.md', 'CON.md', 'con', 'trailing.', 'sp ', 'LPT1.txt'])
      expect([name, illegalOnWindows(name)]).toEqual([name, true]);
    for (const name of ['Con tent.md', '.md', 'CONSOLE.md', 'a b.md'])
      expect([name, illegalOnWindows(name)]).toEqual([name, false]);
  });

  it('exports the imported name while the title fits it, else a safe unique one', () => {
    const note = (id: string, title: string, folder: string, fileName?: string): Note => ({
      id,
      title,
      body: '',
      tags: [],
      folder,
      createdAt: 0,
      updatedAt: 0,
      trashedAt: 0,
      needsReview: false,
      ...(fileName === undefined ? {} : { fileName }),
    });
    const names = exportNames(
      [
        note('1', 'Ideas', '', ' Ideas .MD'),
        note('2', 'Renamed', '', 'Old.md'),
        note('3', 'a/b', 'x'),
        note('4', '', ''),
        note('5', 'Untitled', ''),
      ],
      ['x/a_b.md'],
    );
    expect(Object.fromEntries(names)).toEqual({
      '1': ' Ideas .MD',
      '2': 'Renamed.md',
      '3': 'a_b 1.md',
      '4': 'Untitled.md',
      '5': 'Untitled 1.md',
    });
    expect(safeNoteStem('\u0000')).toBe('_');
  });
});
