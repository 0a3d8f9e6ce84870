import { expect, type Locator, type Page } from '@playwright/test';

/** What CodeMirror holds right now: its document and its main selection (offsets in the text). */
export interface EditorState {
  text: string;
  anchor: number;
  head: number;
  /** How many selection ranges there are (1 unless the user made a multi-cursor selection). */
  ranges: number;
  focused: boolean;
}

/** Where a typist puts the cursor on a line: its end, or right after its first word. */
export type CursorSpot = { line: number; at: 'end' | 'after-first-word' };

/**
 * The note's CodeMirror editor, read through its EditorView (not the DOM, which only renders the
 * visible lines) and driven with the keyboard as a user would.
 */
export class CodeMirrorEditor {
  readonly content: Locator;

  constructor(readonly page: Page) {
    this.content = page.getByTestId('editor').locator('.cm-content');
  }

  async state(): Promise<EditorState> {
    return this.content.evaluate((element) => {
      // CodeMirror 6 keeps its view on the content element (`cmTile` since 6.39, `cmView` before).
      interface View {
        state: {
          doc: { toString(): string };
          selection: { main: { anchor: number; head: number }; ranges: readonly unknown[] };
        };
        hasFocus: boolean;
      }
      const node = element as unknown as {
        cmTile?: { root?: { view?: View } };
        cmView?: { rootView?: { view?: View }; view?: View };
      };
      const view = node.cmTile?.root?.view ?? node.cmView?.rootView?.view ?? node.cmView?.view;
      if (!view) throw new Error('no CodeMirror view on .cm-content');
      const { main, ranges } = view.state.selection;
      return {
        text: view.state.doc.toString(),
        anchor: main.anchor,
        head: main.head,
        ranges: ranges.length,
        focused: view.hasFocus,
      };
    });
  }

  async text(): Promise<string> {
    return (await this.state()).text;
  }

  /**
   * Clicks into the editor and moves the cursor with the keyboard: Ctrl+Home, ArrowDown per
   * line, then End (or Home and Ctrl+ArrowRight for "after the first word"). Checks that the
   * cursor really landed there, so a failed round is never the placement's fault.
   */
  async placeCursor(spot: CursorSpot): Promise<void> {
    await this.content.click();
    const keyboard = this.page.keyboard;
    await keyboard.press('Control+Home');
    for (let i = 0; i < spot.line; i++) await keyboard.press('ArrowDown');
    if (spot.at === 'end') await keyboard.press('End');
    else {
      await keyboard.press('Home');
      await keyboard.press('Control+ArrowRight');
    }
    const state = await this.state();
    expect(state.anchor, 'a cursor, not a selection').toBe(state.head);
    expect(state.focused, 'the editor has the focus').toBe(true);
    expect(state.head, `cursor at ${spot.at} of line ${spot.line + 1}`).toBe(spotOffset(state.text, spot));
  }
}

/** The offset of a spot in a text, as placeCursor's keys reach it (lines are not wrapped here). */
export function spotOffset(text: string, spot: CursorSpot): number {
  const lines = text.split('\n');
  const line = lines[spot.line];
  if (line === undefined) throw new Error(`the text has no line ${spot.line + 1}`);
  const start = lines.slice(0, spot.line).reduce((sum, l) => sum + l.length + 1, 0);
  if (spot.at === 'end') return start + line.length;
  const firstWord = /^\s*[\p{L}\p{N}_]+/u.exec(line);
  return start + (firstWord ? firstWord[0].length : 0);
}
