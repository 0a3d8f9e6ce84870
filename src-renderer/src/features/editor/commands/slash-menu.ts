import {
  autocompletion,
  pickedCompletion,
  type Completion,
  type CompletionContext,
  type CompletionResult,
  type CompletionSection,
} from '@codemirror/autocomplete';
import { markdownLanguage } from '@codemirror/lang-markdown';
import { syntaxTree } from '@codemirror/language';
import { EditorSelection, type EditorState, type Extension } from '@codemirror/state';
import type { EditorView } from '@codemirror/view';
import type { TemplateInfo } from '../../../../../src-shared/api/templates-api';
import { slashIcon } from './slash-icons';
import {
  blockChanges,
  SLASH_BLOCKS,
  slashContextAt,
  templateChanges,
  type SlashBlock,
  type SlashContext,
  type SlashIconName,
} from './slash-items';
import { slashMenuTheme } from './slash-theme';

/** The vault's templates, for the menu's second section. */
export interface SlashTemplates {
  list(): Promise<readonly TemplateInfo[]>;
  /** The template's text with its placeholders filled for the note being edited. */
  text(templateId: string): Promise<string>;
  onError(error: unknown): void;
}

const BLOCKS_SECTION: CompletionSection = { name: 'Insert', rank: 0 };
const TEMPLATES_SECTION: CompletionSection = { name: 'Templates', rank: 1 };

/** Which icon each option shows; options are created per query, so a WeakMap keeps nothing alive. */
const icons = new WeakMap<Completion, SlashIconName>();

const CODE_NODES = new Set(['FencedCode', 'CodeBlock', 'InlineCode', 'HTMLBlock', 'CommentBlock']);

function inCode(state: EditorState, pos: number, side: -1 | 1): boolean {
  for (
    let node: ReturnType<typeof syntaxTree>['topNode'] | null = syntaxTree(state).resolveInner(pos, side);
    node;
    node = node.parent
  ) {
    if (CODE_NODES.has(node.name)) return true;
  }
  return !markdownLanguage.isActiveAt(state, pos, side);
}

/** The slash context at the cursor, or one that just inserts there (the `/query` is gone). */
function contextAtCursor(state: EditorState): { context: SlashContext; to: number } {
  const head = state.selection.main.head;
  const context = slashContextAt(state, head) ?? { replaceFrom: head, queryFrom: head, linePrefix: '' };
  return { context, to: head };
}

const withBreaks = (state: EditorState, text: string): string =>
  state.lineBreak === '\n' ? text : text.replace(/\n/g, state.lineBreak);

function applyBlock(block: SlashBlock) {
  return (view: EditorView, completion: Completion): void => {
    const { state } = view;
    const { context, to } = contextAtCursor(state);
    const { changes, anchor, head } = blockChanges(state, context, to, block);
    const spec = changes as { from: number; to: number; insert: string };
    view.dispatch({
      changes: { ...spec, insert: withBreaks(state, spec.insert) },
      selection: EditorSelection.range(anchor, head),
      annotations: pickedCompletion.of(completion),
      userEvent: 'input.complete',
      scrollIntoView: true,
    });
  };
}

function applyTemplate(template: TemplateInfo, templates: SlashTemplates) {
  return (view: EditorView, completion: Completion): void => {
    templates.text(template.id).then(
      (text) => {
        // The text arrives a moment later: go by the editor as it is now.
        const { state } = view;
        if (state.readOnly) return;
        const { context, to } = contextAtCursor(state);
        const { changes, cursor } = templateChanges(state, context, to, text);
        view.dispatch({
          changes: changes.map((change) => {
            const spec = change as { from: number; to?: number; insert: string };
            return { ...spec, insert: withBreaks(state, spec.insert) };
          }),
          selection: EditorSelection.cursor(cursor),
          annotations: pickedCompletion.of(completion),
          userEvent: 'input.complete',
          scrollIntoView: true,
        });
        view.focus();
      },
      (error: unknown) => templates.onError(error),
    );
  };
}

function blockOption(block: SlashBlock, index: number): Completion {
  const option: Completion = {
    label: block.label,
    detail: block.description,
    type: 'slash',
    section: BLOCKS_SECTION,
    // Without a query the menu keeps this order; with one, the best match comes first.
    sortText: String(index).padStart(3, '0'),
    apply: applyBlock(block),
  };
  icons.set(option, block.icon);
  return option;
}

function templateOption(template: TemplateInfo, templates: SlashTemplates): Completion {
  const option: Completion = {
    label: template.name,
    detail: template.description || 'Template',
    type: 'slash',
    section: TEMPLATES_SECTION,
    apply: applyTemplate(template, templates),
  };
  icons.set(option, 'template');
  return option;
}

export function slashCompletionSource(templates: SlashTemplates) {
  // Fetched when the menu first opens in this note; a failed load is tried again next time.
  let listing: Promise<readonly TemplateInfo[]> | null = null;
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const { state, pos } = context;
    if (state.readOnly) return null;
    const slash = slashContextAt(state, pos);
    if (!slash || inCode(state, slash.queryFrom - 1, 1)) return null;
    listing ??= templates.list().catch(() => {
      listing = null;
      return [];
    });
    const list = await listing;
    if (context.aborted) return null;
    return {
      from: slash.queryFrom,
      options: [
        ...SLASH_BLOCKS.map(blockOption),
        ...list.map((template) => templateOption(template, templates)),
      ],
      validFor: /^[\p{L}\p{N}_-]*$/u,
    };
  };
}

/**
 * `/` at the start of a line opens a menu of blocks and templates, filtered as you type (fuzzy,
 * CodeMirror's matcher). Enter or a click inserts; Escape closes it and leaves the `/` typed.
 * The source is language data rather than an `override`, so other completion sources (wikilinks)
 * keep working beside it.
 */
export function slashMenu(templates: SlashTemplates): Extension {
  return [
    autocompletion({
      optionClass: (completion) => (icons.has(completion) ? 'cm-slash-option' : ''),
      addToOptions: [
        {
          position: 20,
          render: (completion) => {
            const icon = icons.get(completion);
            return icon ? slashIcon(icon) : null;
          },
        },
      ],
    }),
    markdownLanguage.data.of({ autocomplete: slashCompletionSource(templates) }),
    slashMenuTheme,
  ];
}
