import { vi } from 'vitest';
import type { Note, QuireApi } from '../../../src-renderer/src/api/quire-api';
import type { FailureReason } from '../../../src-shared/errors/reasons';
import type { RefactorResult } from '../../../src-shared/api/refactor-api';
import { titleKey } from '../../../src-shared/note-title';
import { parseLinks } from '../../../src-shared/markdown/links/link-syntax';
import { createLinkResolver } from '../../../src-shared/markdown/links/link-resolution';
import { rewriteHeadingLinks, rewriteLinksForMoves } from '../../../src-shared/markdown/links/link-rewrite';
import { renameTagInText } from '../../../src-shared/markdown/tag-rename';
import { extractTags } from '../../../src-shared/markdown/frontmatter';

/**
 * `refactor.*` over the fake's notes, with the real pure rewrites (src-shared/markdown/links,
 * tag-rename): a rename rewrites the other notes' text, records the befores, and undo writes
 * them back once (E10).
 */
export function createFakeRefactor(deps: {
  notes: Map<string, Note>;
  emitChange: (ids: string[]) => void;
  refuse: (reason: FailureReason) => Error;
}) {
  const { notes, emitChange, refuse } = deps;
  const operations = new Map<
    string,
    { label: string; befores: Note[]; undone: boolean; kind: RefactorResult['kind'] }
  >();
  let nextOp = 1;
  const live = () => [...notes.values()].filter((note) => note.trashedAt === 0);
  const names = () => live().map(({ id, title, folder }) => ({ id, title, folder, aliases: [] as string[] }));

  const write = (
    changes: Note[],
    kind: RefactorResult['kind'],
    label: string,
    links: number,
    linked: number,
  ) => {
    const befores = changes.map((next) => notes.get(next.id)!);
    for (const next of changes)
      notes.set(next.id, { ...next, tags: extractTags(next.body), updatedAt: next.updatedAt + 1 });
    const operationId = `op-${nextOp++}`;
    operations.set(operationId, { label, befores, undone: false, kind });
    emitChange(changes.map((note) => note.id));
    return Promise.resolve({
      operationId,
      kind,
      notesChanged: changes.length,
      linksRewritten: links,
      linkedNotes: linked,
      skipped: 0,
    });
  };

  const renameNote = vi.fn(({ id, title, folder }: { id: string; title?: string; folder?: string }) => {
    const note = notes.get(id);
    if (!note) return Promise.reject(refuse('NOTE_NOT_FOUND'));
    const to = { title: title ?? note.title, folder: folder ?? note.folder };
    const taken = live().some(
      (other) =>
        other.id !== id && other.folder === to.folder && titleKey(other.title) === titleKey(to.title),
    );
    if (taken) return Promise.reject(refuse('NOTE_NAME_TAKEN'));
    const before = createLinkResolver(names());
    const after = createLinkResolver(names());
    after.upsert({ id, ...to, aliases: [] });
    const moves = new Map([[id, { id, from: { title: note.title, folder: note.folder }, to }]]);
    const changes: Note[] = [];
    let links = 0;
    let linked = 0;
    for (const source of live()) {
      const result = rewriteLinksForMoves({
        text: source.body,
        sourceId: source.id,
        sourceFolder: source.folder,
        ...(source.id === id ? { sourceMove: { folder: to.folder } } : {}),
        before,
        after,
        moves,
      });
      links += result.rewritten;
      if (result.rewritten > 0) linked += 1;
      if (source.id === id) changes.push({ ...source, ...to, body: result.text });
      else if (result.rewritten > 0) changes.push({ ...source, body: result.text });
    }
    return write(changes, 'rename-note', `Rename “${note.title}” to “${to.title}”`, links, linked);
  });

  const renameTag = vi.fn(({ from, to }: { from: string; to: string }) => {
    const changes: Note[] = [];
    let renamed = 0;
    for (const note of live()) {
      const result = renameTagInText(note.body, from.replace(/^#/, ''), to.replace(/^#/, ''));
      if (result.renamed === 0) continue;
      renamed += result.renamed;
      changes.push({ ...note, body: result.text });
    }
    return write(changes, 'rename-tag', `Rename tag #${from} to #${to}`, renamed, changes.length);
  });

  const headingRewrites = (id: string, from: string, to: string) => {
    const resolver = createLinkResolver(names());
    return live().map((source) => ({
      source,
      result: rewriteHeadingLinks({
        text: source.body,
        sourceId: source.id,
        sourceFolder: source.folder,
        resolver,
        noteId: id,
        fromHeading: from,
        toHeading: to,
      }),
    }));
  };

  const renameHeading = vi.fn(({ id, from, to }: { id: string; from: string; to: string }) => {
    const found = headingRewrites(id, from, to).filter(({ result }) => result.rewritten > 0);
    const links = found.reduce((sum, { result }) => sum + result.rewritten, 0);
    return write(
      found.map(({ source, result }) => ({ ...source, body: result.text })),
      'rename-heading',
      `Rename heading “${from}”`,
      links,
      found.length,
    );
  });

  const headingLinkCount = vi.fn(({ id, heading }: { id: string; heading: string }) => {
    const found = headingRewrites(id, heading, `${heading} 2`).filter(({ result }) => result.rewritten > 0);
    return Promise.resolve({
      links: found.reduce((sum, { result }) => sum + result.rewritten, 0),
      notes: found.length,
    });
  });

  const linkCount = vi.fn(({ id }: { id: string }) => {
    const resolver = createLinkResolver(names());
    let links = 0;
    let linkedNotes = 0;
    for (const source of live()) {
      if (source.id === id) continue;
      const found = parseLinks(source.body).filter(
        (link) => resolver.resolve(link.target, source.folder, link.kind) === id,
      ).length;
      links += found;
      if (found > 0) linkedNotes += 1;
    }
    return Promise.resolve({ links, notes: linkedNotes });
  });

  const undo = vi.fn(({ operationId }: { operationId: string }) => {
    const operation = operations.get(operationId);
    if (!operation) return Promise.reject(refuse('UNDO_EXPIRED'));
    if (operation.undone) return Promise.reject(refuse('ALREADY_UNDONE'));
    operation.undone = true;
    for (const before of operation.befores)
      notes.set(before.id, { ...before, updatedAt: (notes.get(before.id)?.updatedAt ?? 0) + 1 });
    emitChange(operation.befores.map((note) => note.id));
    return Promise.resolve({
      operationId,
      kind: 'undo' as const,
      notesChanged: operation.befores.length,
      linksRewritten: 0,
      linkedNotes: 0,
      skipped: 0,
    });
  });

  const lastUndoable = vi.fn(() => {
    const last = [...operations].reverse().find(([, operation]) => !operation.undone);
    if (!last) return Promise.resolve(null);
    const [operationId, operation] = last;
    const kind = operation.kind === 'undo' ? 'rename-note' : operation.kind;
    return Promise.resolve({ operationId, kind, label: operation.label, at: 1 });
  });

  const api: QuireApi['refactor'] = {
    renameNote: { mutate: renameNote },
    moveFolder: { mutate: () => Promise.reject(new Error('not used by this test')) },
    renameTag: { mutate: renameTag },
    renameHeading: { mutate: renameHeading },
    headingLinkCount: { query: headingLinkCount },
    linkCount: { query: linkCount },
    undo: { mutate: undo },
    lastUndoable: { query: lastUndoable },
  };
  return { api, renameNote, renameTag, renameHeading, headingLinkCount, linkCount, undo, lastUndoable };
}

export type FakeRefactor = ReturnType<typeof createFakeRefactor>;
