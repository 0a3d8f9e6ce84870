import { syntaxTree } from '@codemirror/language';
import type { Extension } from '@codemirror/state';
import type { SyntaxNode } from '@lezer/common';
import {
  Decoration,
  ViewPlugin,
  type DecorationSet,
  type EditorView,
  type ViewUpdate,
} from '@codemirror/view';
import { markdownImageTarget } from '../markdown/embeds';
import { blockPreviewExtension } from './block-field';
import { decorateBlockquote, decorateFencedCode, decorateRule } from './blocks';
import { calloutFoldToggles } from './callout-folds';
import { createCollector, type Collector } from './collector';
import {
  altAndSize,
  attachmentsResolved,
  decorateEmbed,
  decorateRemoteImage,
  resolvedAttachments,
  type AttachmentSource,
} from './embeds';
import {
  decorateAutolink,
  decorateEscape,
  decorateHeading,
  decorateInlineCode,
  decorateInlineStyle,
  decorateLink,
  headingLevel,
  isInlineStyle,
} from './inline';
import { decorateListItem } from './lists';
import { livePreviewTheme } from './live-preview-theme';
import { hideFrontmatter } from './frontmatter';
import { editorFocus, focusEffect, revealMayChange } from './reveal';
import { decorateWikilinks } from './wikilinks';

/**
 * Live Preview, Obsidian's default editing mode: Markdown drawn in place from the Lezer syntax
 * tree, its raw syntax shown only on the lines the selection touches (see reveal.ts). Built for
 * the visible ranges only, so typing in a long note costs the same as in a short one.
 */

export interface LivePreviewOptions {
  /** Resolves embedded attachments; without it embeds say the file is not in this vault. */
  attachments?: AttachmentSource | null;
}

/** Nodes to handle and then not descend into (their insides are literal or drawn whole). */
const OPAQUE = new Set(['FencedCode', 'CodeBlock', 'Table', 'Frontmatter', 'HTMLBlock', 'CommentBlock']);

function overlaps(taken: readonly [number, number][], from: number, to: number): boolean {
  return taken.some(([start, end]) => from < end && to > start);
}

function decorateImage(c: Collector, node: SyntaxNode, attachments: AttachmentSource | null): void {
  const url = node.getChild('URL');
  if (!url) return;
  const href = c.state.sliceDoc(url.from, url.to);
  const marks = node.getChildren('LinkMark');
  const alt = marks.length >= 2 ? c.state.sliceDoc(marks[0]!.to, marks[1]!.from) : '';
  const target = markdownImageTarget(href);
  if (target !== null) decorateEmbed(c, node.from, node.to, { target, ...altAndSize(alt) }, attachments);
  else if (/^https:\/\//i.test(href)) decorateRemoteImage(c, node.from, node.to, href, alt);
}

function buildDecorations(view: EditorView, attachments: AttachmentSource | null) {
  const c = createCollector(view, view.state);
  const tree = syntaxTree(view.state);
  for (const { from, to } of view.visibleRanges) {
    const taken = decorateWikilinks(c, from, to, attachments);
    tree.iterate({
      from,
      to,
      enter(ref) {
        const name = ref.name;
        if (headingLevel(name) !== undefined) decorateHeading(c, ref.node);
        else if (isInlineStyle(name)) decorateInlineStyle(c, ref.node);
        else if (name === 'InlineCode') {
          decorateInlineCode(c, ref.node);
          return false;
        } else if (name === 'Link' || name === 'Image') {
          if (overlaps(taken, ref.from, ref.to)) return false;
          if (name === 'Link') decorateLink(c, ref.node);
          else decorateImage(c, ref.node, attachments);
        } else if (name === 'Autolink' || name === 'URL') {
          if (!overlaps(taken, ref.from, ref.to)) decorateAutolink(c, ref.node);
          return false;
        } else if (name === 'Escape') decorateEscape(c, ref.node);
        else if (name === 'ListItem') decorateListItem(c, ref.node);
        else if (name === 'Blockquote') decorateBlockquote(c, ref.node);
        else if (name === 'HorizontalRule') decorateRule(c, ref.node);
        else if (name === 'FencedCode') decorateFencedCode(c, ref.node);
        return !OPAQUE.has(name);
      },
    });
  }
  return { decorations: Decoration.set(c.ranges, true), needed: c.needed };
}

class LivePreviewPlugin {
  decorations: DecorationSet;
  private readonly pending = new Set<string>();
  private readonly stopWatching: () => void;
  private destroyed = false;

  constructor(
    private readonly view: EditorView,
    private readonly attachments: AttachmentSource | null,
  ) {
    this.decorations = this.build();
    // Switched on while the editor has focus (a shortcut, a new note): the field starts unfocused.
    if (view.hasFocus && !view.state.field(editorFocus, false))
      queueMicrotask(() => {
        if (!this.destroyed && view.hasFocus) view.dispatch({ effects: focusEffect.of(true) });
      });
    this.stopWatching = attachments?.watch((ids) => this.refreshAttachments(ids)) ?? (() => undefined);
  }

  update(update: ViewUpdate): void {
    if (
      update.docChanged ||
      update.viewportChanged ||
      syntaxTree(update.state) !== syntaxTree(update.startState) ||
      revealMayChange(update.startState, update.state) ||
      update.state.field(resolvedAttachments, false) !==
        update.startState.field(resolvedAttachments, false) ||
      update.state.field(calloutFoldToggles, false) !== update.startState.field(calloutFoldToggles, false)
    )
      this.decorations = this.build();
  }

  destroy(): void {
    this.destroyed = true;
    this.stopWatching();
  }

  private build(): DecorationSet {
    const { decorations, needed } = buildDecorations(this.view, this.attachments);
    const fresh = [...needed].filter((target) => !this.pending.has(target));
    if (fresh.length > 0) this.resolve(fresh);
    return decorations;
  }

  private resolve(targets: readonly string[]): void {
    if (!this.attachments) return;
    for (const target of targets) this.pending.add(target);
    // Resolved outside the update cycle; the answer arrives as an effect.
    this.attachments.resolve(targets).then(
      (answer) => {
        for (const target of targets) this.pending.delete(target);
        if (!this.destroyed) this.view.dispatch({ effects: attachmentsResolved.of(answer) });
      },
      // Embeds stay pending; the next change to the attachments asks again.
      () => targets.forEach((target) => this.pending.delete(target)),
    );
  }

  /** Re-asks for what changed: any missing target (it may have arrived) or a changed id. */
  private refreshAttachments(ids: readonly string[]): void {
    const known = this.view.state.field(resolvedAttachments, false);
    if (!known || known.size === 0) return;
    const again = [...known].filter(
      ([, attachment]) => ids.length === 0 || attachment === null || ids.includes(attachment.id),
    );
    if (again.length > 0) this.resolve(again.map(([target]) => target));
  }
}

/** The Live Preview extension; put it in a compartment to switch modes without a new state. */
export function livePreview(options: LivePreviewOptions = {}): Extension {
  const attachments = options.attachments ?? null;
  return [
    resolvedAttachments,
    blockPreviewExtension,
    hideFrontmatter,
    ViewPlugin.define((view) => new LivePreviewPlugin(view, attachments), {
      decorations: (plugin) => plugin.decorations,
    }),
    livePreviewTheme,
  ];
}
