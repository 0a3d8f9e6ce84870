import { describe, expect, it } from 'vitest';
import type { Note } from '../../src-renderer/src/api/quire-api';
import { linkAt } from '../../src-renderer/src/features/editor/links';
import { resolveEditorLink } from '../../src-renderer/src/features/editor/links/resolve-editor-link';
import { createFakeLinks } from './support/fake-links';
import { hostError, makeNote } from './support/fake-host';

const vault: Note[] = [
  makeNote('root', '', 'Plan'),
  { ...makeNote('work', '', 'Plan'), folder: 'work' },
  { ...makeNote('spec', '', 'Spec'), folder: 'work/deep' },
];

async function follow(line: string, folder: string): Promise<string | null> {
  const links = createFakeLinks({ notes: new Map(vault.map((n) => [n.id, n])), refuse: hostError });
  const link = linkAt(line, 3);
  if (link?.kind !== 'note') throw new Error(`not a note link: ${line}`);
  return (await resolveEditorLink({ links: links.api }, link, folder))?.id ?? null;
}

describe('following a link in the editor resolves it from the note’s folder', () => {
  it.each<[string, string, string | null, string]>([
    ['[[Plan]]', 'work/deep', 'root', 'a bare name: the exact vault path wins'],
    ['[[Spec]]', '', 'spec', 'a unique name anywhere'],
    ['[x](../Plan.md)', 'work/deep', 'work', 'a Markdown link is relative to the note'],
    ['[x](Plan.md)', 'work', 'work', 'a Markdown link beside the note'],
    ['[[../Plan]]', 'work/deep', 'work', 'a relative wikilink'],
    ['[[Nope]]', '', null, 'no such note'],
  ])('%s from "%s" → %s (%s)', async (line, folder, expected) => {
    expect(await follow(line, folder)).toBe(expected);
  });
});
