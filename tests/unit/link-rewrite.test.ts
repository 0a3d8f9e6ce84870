import { describe, expect, it } from 'vitest';
import { createLinkResolver, type LinkableNote } from '../../src-shared/markdown/links/link-resolution';
import {
  rewriteHeadingLinks,
  rewriteLinksForMoves,
  type NoteMove,
} from '../../src-shared/markdown/links/link-rewrite';

const note = (id: string, folder: string, title: string, aliases: string[] = []): LinkableNote => ({
  id,
  title,
  folder,
  aliases,
});

function rename(
  notes: LinkableNote[],
  id: string,
  to: { title?: string; folder?: string },
  text: string,
  source = 'src',
) {
  const before = createLinkResolver(notes);
  const movedNotes = notes.map((n) => (n.id === id ? { ...n, ...to } : n));
  const after = createLinkResolver(movedNotes);
  const from = notes.find((n) => n.id === id)!;
  const moved = movedNotes.find((n) => n.id === id)!;
  const moves = new Map<string, NoteMove>([[id, { id, from, to: moved }]]);
  const sourceNote = notes.find((n) => n.id === source)!;
  const sourceAfter = movedNotes.find((n) => n.id === source)!;
  return rewriteLinksForMoves({
    text,
    sourceId: source,
    sourceFolder: sourceNote.folder,
    sourceMove: sourceAfter.folder !== sourceNote.folder ? { folder: sourceAfter.folder } : undefined,
    before,
    after,
    moves,
  });
}

const VAULT = [
  note('src', 'notes', 'Source'),
  note('t', 'projects', 'Plan'),
  note('o', 'archive', 'Old Plan'),
];

describe('rewriteLinksForMoves: forms', () => {
  it('renames bare links, keeping shown text, heading, block id and embeds', () => {
    const text = 'See [[Plan]], [[plan|the plan]], [[Plan#Goals]], ![[Plan#^b1]] and [[Old Plan]].';
    expect(rename(VAULT, 't', { title: 'Roadmap' }, text)).toEqual({
      text: 'See [[Roadmap]], [[Roadmap|the plan]], [[Roadmap#Goals]], ![[Roadmap#^b1]] and [[Old Plan]].',
      rewritten: 4,
    });
  });

  it('leaves a bare link alone when a move keeps it resolving', () => {
    const text = '[[Plan]] and [[projects/Plan]]';
    expect(rename(VAULT, 't', { folder: 'done' }, text)).toEqual({
      text: '[[Plan]] and [[done/Plan]]',
      rewritten: 1,
    });
  });

  it('gives a bare link a path when the new name is taken', () => {
    const vault = [...VAULT, note('p2', '', 'Roadmap')];
    expect(rename(vault, 't', { title: 'Roadmap' }, '[[Plan]]').text).toBe('[[projects/Roadmap]]');
  });

  it('gives a path when another note takes the name a bare link used', () => {
    const vault = [note('src', 'notes', 'Source'), note('t', 'projects', 'Plan'), note('x', 'z', 'Other')];
    // `Other` becomes `Plan` at the root: an exact vault path, so `[[Plan]]` would change notes.
    expect(rename(vault, 'x', { title: 'Plan', folder: '' }, '[[Plan]] [[Other]]').text).toBe(
      '[[projects/Plan]] [[Plan]]',
    );
  });

  it('rewrites Markdown links relative to the source, in their encoding', () => {
    const text = '[a](../projects/Plan.md) [b](<../projects/Plan.md#Some Part>) [c](/projects/Plan.md)';
    expect(rename(VAULT, 't', { title: 'Big Plan', folder: 'work/2024' }, text).text).toBe(
      '[a](../work/2024/Big%20Plan.md) [b](<../work/2024/Big Plan.md#Some Part>) [c](/work/2024/Big%20Plan.md)',
    );
  });

  it('fixes the source’s own relative links when the source moves', () => {
    const text = '[a](../projects/Plan.md) [[./Sibling]] [[Plan]]';
    const vault = [...VAULT, note('s', 'notes', 'Sibling')];
    expect(rename(vault, 'src', { folder: 'notes/deeper' }, text, 'src').text).toBe(
      '[a](../../projects/Plan.md) [[../Sibling]] [[Plan]]',
    );
  });

  it('keeps the .md suffix and the leading / of a wikilink', () => {
    expect(rename(VAULT, 't', { title: 'Next' }, '[[Plan.md]] [[/projects/Plan]]').text).toBe(
      '[[Next.md]] [[/projects/Next]]',
    );
  });

  it('changes nothing outside link targets, CRLF and code included', () => {
    const text = '---\r\nrel: "[[Plan]]"\r\n---\r\n`[[Plan]]` [[Plan]]\r\n```\r\n[[Plan]]\r\n```\r\n';
    expect(rename(VAULT, 't', { title: 'P2' }, text)).toEqual({
      text: '---\r\nrel: "[[P2]]"\r\n---\r\n`[[Plan]]` [[P2]]\r\n```\r\n[[Plan]]\r\n```\r\n',
      rewritten: 2,
    });
  });
});

describe('rewriteHeadingLinks', () => {
  const resolver = createLinkResolver(VAULT);
  const run = (text: string, sourceId = 'src', sourceFolder = 'notes') =>
    rewriteHeadingLinks({
      text,
      sourceId,
      sourceFolder,
      resolver,
      noteId: 't',
      fromHeading: 'Old Part',
      toHeading: 'New: Part',
    });

  it('renames heading links to the note, every form', () => {
    const text =
      '[[Plan#Old Part]] ![[Plan#old part|x]] [[Plan#Top#Old Part]] [a](../projects/Plan.md#Old%20Part) [[Plan#Other]] [[Old Plan#Old Part]]';
    expect(run(text)).toEqual({
      text: '[[Plan#New: Part]] ![[Plan#New: Part|x]] [[Plan#Top#New: Part]] [a](../projects/Plan.md#New:%20Part) [[Plan#Other]] [[Old Plan#Old Part]]',
      rewritten: 4,
    });
  });

  it('renames [[#Old Part]] inside the note itself only', () => {
    expect(run('[[#Old Part]]', 't', 'projects').text).toBe('[[#New: Part]]');
    expect(run('[[#Old Part]]').text).toBe('[[#Old Part]]');
  });
});
