import type { ChangeSpec, EditorState } from '@codemirror/state';

/**
 * What the slash menu inserts. The `/query` typed at the start of a line (after its indentation,
 * quote marks or list marker) is replaced; indentation and `> ` stay, a list marker gives way to
 * the block picked (a task replaces `- ` with `- [ ] `).
 */

/** `/query` after only whitespace, quote marks and at most one list marker, up to the cursor. */
const SLASH_LINE =
  /^([ \t]*(?:>[ \t]?)*)((?:[-+*]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?\/([\p{L}\p{N}_-]*)$/u;

export interface SlashContext {
  /** Where the kept prefix ends: the marker (if any), the `/` and the query are replaced from here. */
  replaceFrom: number;
  /** Where the query starts (just after the `/`). */
  queryFrom: number;
  /** What each following line of a multi-line block starts with (indentation and `> `). */
  linePrefix: string;
}

export function slashContextAt(state: EditorState, pos: number): SlashContext | null {
  const line = state.doc.lineAt(pos);
  const match = SLASH_LINE.exec(state.sliceDoc(line.from, pos));
  if (!match) return null;
  const prefix = match[1]!;
  const marker = match[2] ?? '';
  const replaceFrom = line.from + prefix.length;
  return { replaceFrom, queryFrom: replaceFrom + marker.length + 1, linePrefix: prefix };
}

/** A block's text, with the cursor at `cursor` (an offset into it) and an optional selected placeholder. */
export interface BlockInsert {
  text: string;
  cursor: number;
  /** Selected after inserting (from `cursor` on), so typing replaces it: a code block's language. */
  selectLength?: number;
}

export type SlashIconName =
  | 'heading1'
  | 'heading2'
  | 'heading3'
  | 'bullet'
  | 'numbered'
  | 'task'
  | 'table'
  | 'code'
  | 'callout'
  | 'quote'
  | 'divider'
  | 'template';

export interface SlashBlock {
  id: string;
  label: string;
  description: string;
  icon: SlashIconName;
  /** The block for a line whose following lines start with `linePrefix`; `blankBefore` when the line above has text. */
  build: (linePrefix: string, lineAboveHasText: boolean) => BlockInsert;
}

const simple = (text: string): BlockInsert => ({ text, cursor: text.length });

const TABLE_ROW = '|     |     |     |';
const TABLE_RULE = '| --- | --- | --- |';

export const SLASH_BLOCKS: readonly SlashBlock[] = [
  {
    id: 'h1',
    label: 'Heading 1',
    description: 'Big section heading',
    icon: 'heading1',
    build: () => simple('# '),
  },
  {
    id: 'h2',
    label: 'Heading 2',
    description: 'Medium section heading',
    icon: 'heading2',
    build: () => simple('## '),
  },
  {
    id: 'h3',
    label: 'Heading 3',
    description: 'Small section heading',
    icon: 'heading3',
    build: () => simple('### '),
  },
  {
    id: 'bullet',
    label: 'Bullet list',
    description: 'A simple bulleted list',
    icon: 'bullet',
    build: () => simple('- '),
  },
  {
    id: 'numbered',
    label: 'Numbered list',
    description: 'A list with numbering',
    icon: 'numbered',
    build: () => simple('1. '),
  },
  {
    id: 'task',
    label: 'Task',
    description: 'A checkbox to tick off',
    icon: 'task',
    build: () => simple('- [ ] '),
  },
  {
    id: 'table',
    label: 'Table',
    description: 'Three columns, a header and a row',
    icon: 'table',
    build: (prefix) => ({
      text: [TABLE_ROW, TABLE_RULE, TABLE_ROW].join(`\n${prefix}`),
      // In the first header cell, after `| `.
      cursor: 2,
    }),
  },
  {
    id: 'code',
    label: 'Code block',
    description: 'Code with syntax highlighting',
    icon: 'code',
    build: (prefix) => ({
      text: `\`\`\`language\n${prefix}\n${prefix}\`\`\``,
      cursor: 3,
      selectLength: 'language'.length,
    }),
  },
  {
    id: 'callout',
    label: 'Callout',
    description: 'A highlighted note box',
    icon: 'callout',
    build: () => simple('> [!note] '),
  },
  { id: 'quote', label: 'Quote', description: 'A quoted passage', icon: 'quote', build: () => simple('> ') },
  {
    id: 'divider',
    label: 'Divider',
    description: 'A horizontal rule',
    icon: 'divider',
    // Straight under a paragraph, `---` would make that paragraph a heading: keep a blank line.
    build: (prefix, aboveHasText) => simple(`${aboveHasText ? `\n${prefix}` : ''}---\n${prefix}`),
  },
];

/** The changes and selection that put `block` in place of the `/query` (from `context` to `to`). */
export function blockChanges(
  state: EditorState,
  context: SlashContext,
  to: number,
  block: SlashBlock,
): { changes: ChangeSpec; anchor: number; head: number } {
  const line = state.doc.lineAt(context.replaceFrom);
  const aboveHasText = line.number > 1 && state.doc.line(line.number - 1).text.trim() !== '';
  const built = block.build(context.linePrefix, aboveHasText);
  const anchor = context.replaceFrom + built.cursor;
  return {
    changes: { from: context.replaceFrom, to, insert: built.text },
    anchor,
    head: anchor + (built.selectLength ?? 0),
  };
}

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;
const KEY = /^([^\s:#-][^:]*):/;

/** A frontmatter's lines grouped by top-level key (a key's block includes its indented lines). */
function keyBlocks(yaml: string): { key: string; lines: string[] }[] {
  const blocks: { key: string; lines: string[] }[] = [];
  for (const line of yaml.split(/\r?\n/)) {
    const key = KEY.exec(line)?.[1]?.trim();
    if (key !== undefined) blocks.push({ key, lines: [line] });
    else if (blocks.length > 0 && line.trim() !== '') blocks.at(-1)!.lines.push(line);
  }
  return blocks;
}

/**
 * A template's text going into a note: its body replaces the `/query`; its frontmatter goes to
 * the note's, as Obsidian does: at the top of a note that has none, otherwise the keys the note
 * lacks are added (the note's own values win).
 */
export function templateChanges(
  state: EditorState,
  context: SlashContext,
  to: number,
  templateText: string,
): { changes: ChangeSpec[]; cursor: number } {
  const text = templateText.replace(/\r\n/g, '\n');
  const ownMatch = FRONTMATTER.exec(text);
  const body = (ownMatch ? text.slice(ownMatch[0].length) : text).replace(/^\n+/, '').replace(/\n+$/, '');
  const prefixed = body.split('\n').join(`\n${context.linePrefix}`);
  const bodyChange: ChangeSpec = { from: context.replaceFrom, to, insert: prefixed };
  // Listed first: at the same position (a slash on the first line) the properties go above the body.
  const changes: ChangeSpec[] = [];
  let shift = 0;
  if (ownMatch) {
    // Document positions count a line break as one character: read the note with \n breaks.
    const noteMatch = FRONTMATTER.exec(state.doc.sliceString(0, Math.min(state.doc.length, 20_000)));
    if (!noteMatch) {
      const insert = `---\n${ownMatch[1]!.replace(/\n+$/, '')}\n---\n`;
      changes.push({ from: 0, insert });
      shift = insert.length;
    } else {
      const present = new Set(keyBlocks(noteMatch[1]!).map((block) => block.key));
      const missing = keyBlocks(ownMatch[1]!).filter((block) => !present.has(block.key));
      if (missing.length > 0) {
        const closingAt = noteMatch[0].lastIndexOf('---');
        const insert = `${missing.flatMap((block) => block.lines).join('\n')}\n`;
        changes.push({ from: closingAt, insert });
        if (closingAt <= context.replaceFrom) shift = insert.length;
      }
    }
  }
  changes.push(bodyChange);
  return { changes, cursor: context.replaceFrom + shift + prefixed.length };
}
