import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown, markdownLanguage } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { languages } from '@codemirror/language-data';
import { highlightSelectionMatches, search, searchKeymap } from '@codemirror/search';
import { Annotation, type Compartment, EditorState, type Extension } from '@codemirror/state';
import {
  drawSelection,
  dropCursor,
  EditorView,
  highlightSpecialChars,
  keymap,
  placeholder,
} from '@codemirror/view';
import { editingKeymap } from '../commands';
import { conflictActions } from './conflict-actions';
import { conflictHighlighting, conflictSyntax } from './conflict-markers';
import { highlightSyntax } from './highlight-syntax';
import { editorHighlightStyle, editorPhrases, editorTheme } from './editor-theme';
import { searchMatchCount } from './search-match-count';
import { codeBlockLines } from '../live-preview/code-lines';
import { lineTextDirection } from '../live-preview/text-direction';

/** Marks transactions that load text from the host, so they are not reported back as edits. */
export const loadedFromHost = Annotation.define<boolean>();

export function readOnlyExtension(readOnly: boolean): Extension {
  return [EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)];
}

export interface EditorSetup {
  readOnly: Compartment;
  isReadOnly: boolean;
  onDocChanged: (state: EditorState) => void;
}

/** Everything a note's editor state carries; built again for each note so undo history is per note. */
export function editorExtensions({ readOnly, isReadOnly, onDocChanged }: EditorSetup): Extension {
  return [
    history(),
    drawSelection(),
    dropCursor(),
    highlightSpecialChars(),
    indentOnInput(),
    highlightSelectionMatches(),
    // The find bar (Mod+F) at the top, with a live "3 of 12" beside its field.
    search({ top: true }),
    searchMatchCount,
    EditorState.allowMultipleSelections.of(true),
    // Search first so Mod-F opens the panel; the editing keys (formatting, lists) before the
    // defaults; indentWithTab last (Escape then Tab leaves the editor).
    keymap.of([...searchKeymap, ...editingKeymap, ...historyKeymap, ...defaultKeymap, indentWithTab]),
    // Frontmatter is YAML, not a setext heading; fenced code blocks load their language on
    // demand from @codemirror/language-data.
    yamlFrontmatter({
      content: markdown({
        base: markdownLanguage,
        codeLanguages: languages,
        extensions: [conflictSyntax, highlightSyntax],
        // Enter/Backspace are in editingKeymap; pasting a URL over text is commands/paste-link.ts.
        addKeymap: false,
        pasteURLAsLink: false,
      }),
    }),
    syntaxHighlighting(editorHighlightStyle),
    conflictHighlighting,
    conflictActions(),
    // Prose wraps; code blocks do not (code-lines.ts). Each line finds its own direction (RTL).
    EditorView.lineWrapping,
    codeBlockLines,
    lineTextDirection,
    placeholder('Start writing… Markdown works: # heading, **bold**, [[link to a note]]'),
    EditorView.contentAttributes.of({
      'aria-label': 'Note text',
      spellcheck: 'true',
      autocapitalize: 'sentences',
    }),
    editorTheme,
    editorPhrases,
    readOnly.of(readOnlyExtension(isReadOnly)),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && !update.transactions.some((tr) => tr.annotation(loadedFromHost))) {
        onDocChanged(update.state);
      }
    }),
  ];
}
