import fs from 'node:fs';
import path from 'node:path';
import type { ReportEntry } from '../../src-shared/api/vault-api';

/**
 * An Obsidian-style folder with every case of issue 9 §1 that a lossless import must keep: scripts,
 * NFC/NFD and case-only twins, Windows-illegal names, a ~900-character path, CRLF, a BOM, no final
 * newline, frontmatter as people write it, identical binaries in two places, a `.md` that is not
 * UTF-8 and one holding NUL, and a hidden `.obsidian/`. Returns what an import must report.
 */
export interface GeneratedVault {
  /** Files outside hidden folders, by relative path. */
  files: string[];
  /** The `.md` files that must become notes (relative paths). */
  notePaths: string[];
  /** What the import report must list (includeHidden false), sorted by path then kind. */
  expectedReport: ReportEntry[];
  hiddenFiles: string[];
}

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>',
);
const MP3 = Buffer.concat([
  Buffer.from('ID3\u0003\u0000\u0000\u0000\u0000\u0000\u0000', 'latin1'),
  Buffer.alloc(64, 0xff),
]);

/** Deterministic bytes (xorshift), so a failing run can be reproduced. */
function pseudoRandomBytes(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed | 1;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function generateVault(
  root: string,
  options: { bulkNotes?: number; bulkFiles?: number } = {},
): GeneratedVault {
  const bulkNotes = options.bulkNotes ?? 1200;
  const bulkFiles = options.bulkFiles ?? 800;
  const files: string[] = [];
  const notePaths: string[] = [];
  const hiddenFiles: string[] = [];
  const report: ReportEntry[] = [];
  const write = (rel: string, content: string | Buffer): void => {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    if (
      rel
        .split('/')
        .slice(0, -1)
        .some((part) => part.startsWith('.'))
    )
      hiddenFiles.push(rel);
    else {
      files.push(rel);
      if (/\.md$/i.test(rel)) notePaths.push(rel);
    }
  };
  const attachmentOnly = (rel: string, kind: ReportEntry['kind']): void => {
    notePaths.splice(notePaths.indexOf(rel), 1);
    report.push({ path: rel, kind });
  };

  // Bulk: nested folders of ordinary notes with frontmatter and links, and binaries beside them.
  for (let i = 0; i < bulkNotes; i += 1) {
    const folder = `Projects/${2020 + (i % 5)}/Area ${i % 12}`;
    write(
      `${folder}/Note ${i}.md`,
      `---\ntitle: Note ${i}\ntags: [bulk, t${i % 7}]\n---\n# Note ${i}\n\nSee [[Note ${(i + 1) % bulkNotes}]] and ![[img ${i % bulkFiles}.png]].\n`,
    );
  }
  for (let i = 0; i < bulkFiles; i += 1)
    write(`assets/${i % 10}/img ${i}.png`, Buffer.concat([PNG, pseudoRandomBytes(i + 1, 64 + (i % 500))]));

  // Scripts and symbols in names.
  write('日本語/メモ 一.md', '# 日本語のメモ\n');
  write('Заметки/Привет мир.md', 'Кириллица\n');
  write('عربي/مرحبا.md', 'نص عربي\n');
  write('🚀 Launch/🎉 party.md', 'emoji 🎉\n');
  write('odd/my note #1 100% [draft].md', 'symbols\n');
  write('odd/.leading-dot.md', 'a note whose name starts with a dot\n');
  write('odd/.md', 'a note with an empty title\n');
  write('odd/  spaced  .md', 'spaces around the title\n');
  write('odd/Upper.MD', 'upper-case extension\n');

  // NFD sorts first in byte order ("e" 0x65 < "é" 0xC3): the NFC twin is the later one.
  write('unicode/cafe\u0301.md', 'NFD name\n');
  write('unicode/caf\u00e9.md', 'NFC name\n');
  attachmentOnly('unicode/caf\u00e9.md', 'NAME_COLLISION');
  // "README.md" sorts before "Readme.md".
  write('case/README.md', 'upper\n');
  write('case/Readme.md', 'mixed\n');
  attachmentOnly('case/Readme.md', 'NAME_COLLISION');
  write('case/photo.png', PNG);
  write('case/Photo.PNG', PNG);
  report.push({ path: 'case/photo.png', kind: 'NAME_COLLISION' });

  // Names Windows cannot hold: kept, reported.
  for (const rel of ['win/a:b?.md', 'win/CON.md', 'win/trailing.', 'win/aux.txt']) {
    write(rel, `windows-illegal ${rel}\n`);
    report.push({ path: rel, kind: 'ILLEGAL_ON_WINDOWS' });
  }

  // A path of ~900 characters (each segment well under 255 bytes).
  const segment = (n: number): string => `level ${n} ${'x'.repeat(90)}`;
  const longFolder = Array.from({ length: 9 }, (_, n) => segment(n)).join('/');
  write(`${longFolder}/deep note.md`, 'deep\n');
  write(`${longFolder}/deep image.png`, PNG);

  // Bytes as people's files have them.
  write('bytes/crlf.md', '---\r\ntags: [crlf]\r\n---\r\nline one\r\nline two\r\n');
  write('bytes/bom.md', '\uFEFF# BOM first\n');
  write('bytes/no final newline.md', 'ends without a newline');
  write('bytes/trailing spaces.md', 'two spaces  \ntabs\t\there\t\n   \n');
  write('bytes/empty.md', '');
  write(
    'bytes/frontmatter.md',
    "---\n# a comment\nzeta: 'single'\nalpha: \"double\"\ntags:\n  - one   # trailing comment\n  - 'two'\nmiddle:   spaced\n---\nbody\n",
  );
  write('bytes/mixed endings.md', 'lf\ncrlf\r\ncr only\rend');

  // Binaries, one image identical in two places.
  write('assets/logo.png', PNG);
  write('elsewhere/logo copy.png', PNG);
  write('docs/manual.pdf', PDF);
  write('docs/diagram.svg', SVG);
  write('audio/clip.mp3', MP3);
  write('data/table.csv', 'a,b\n1,2\n');
  write('board.canvas', '{"nodes":[],"edges":[]}');
  write('no-extension', pseudoRandomBytes(7, 300));

  // `.md` files that cannot be notes: kept as attachments.
  write('broken/latin1.md', Buffer.from('caf\xe9 au lait\n', 'latin1'));
  attachmentOnly('broken/latin1.md', 'NOT_UTF8');
  write('broken/has nul.md', 'before\u0000after\n');
  attachmentOnly('broken/has nul.md', 'HAS_NUL');

  // Hidden folders: skipped unless asked for.
  write('.obsidian/app.json', '{"legacyEditor":false}\n');
  write('.obsidian/plugins/x/main.js', 'module.exports = {};\n');
  report.push({ path: '.obsidian', kind: 'HIDDEN_SKIPPED' });

  return { files, notePaths, hiddenFiles, expectedReport: sortReport(report) };
}

export function sortReport(entries: readonly ReportEntry[]): ReportEntry[] {
  return [...entries].sort((a, b) =>
    a.path === b.path
      ? a.kind.localeCompare(b.kind)
      : Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)),
  );
}

/** Every regular file under `root` (hidden folders left out unless asked), relative path → bytes. */
export function readTree(root: string, options: { includeHidden?: boolean } = {}): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (abs: string, rel: string): void => {
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const childAbs = path.join(abs, entry.name);
      if (entry.isDirectory()) {
        if (entry.name.startsWith('.') && !options.includeHidden) continue;
        walk(childAbs, childRel);
      } else out.set(childRel, fs.readFileSync(childAbs));
    }
  };
  walk(root, '');
  return out;
}
