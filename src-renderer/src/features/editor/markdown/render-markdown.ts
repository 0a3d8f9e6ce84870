import { Marked, type Tokens } from 'marked';
import { codeBlockHtml } from './code-highlight';
import { contentBase, mapSource, type SourceMap } from './source-map';
import { splitFrontmatter, type Frontmatter } from './frontmatter';
import { sanitizeHtml } from './sanitize';
import { wikilinkExtension, type WikilinkResolver } from './wikilinks';
import { blockIdExtension } from './block-ids';
import {
  nestedLookup,
  noteEmbedBlockExtension,
  noteEmbedInlineExtension,
  noteMarkdownLinkRenderer,
  type NoteEmbedOptions,
} from './note-embeds';
import type { LinkEmbed, LinkEmbedResult } from '../../../../../src-shared/api/links-api';
import type { EmbedRequestTarget } from '../../../../../src-shared/markdown/links/link-sections';
import { linkLookupKey } from '../../../../../src-shared/markdown/links/link-syntax';
import { inlineTagExtension } from './inline-tags';
import { highlightExtension } from './highlight-mark';
import {
  attachmentEmbedExtension,
  attachmentImageRenderer,
  attachmentLinkExtension,
  collectEmbedTarget,
  type EmbedOptions,
} from './embeds';

export interface RenderedMarkdown {
  /** Sanitised HTML of the body, safe to put into the page. */
  html: string;
  frontmatter: Frontmatter;
  /** The `[` offsets of the tasks whose boxes are live, to check a click against. */
  taskOffsets: ReadonlySet<number>;
  /** The info strings of the body's fenced code, for loading their languages. */
  codeLanguages: string[];
}

export interface RenderOptions {
  /** Task boxes can be ticked (the note is editable); otherwise they are shown disabled. */
  interactiveTasks?: boolean;
  /** The host's answers for the note's embeds (`links.embeds`); without it they show as loading. */
  noteEmbeds?: (target: EmbedRequestTarget) => LinkEmbedResult | undefined;
  /** The embedded notes' attachments, looked up from each one's folder. */
  embeddedAttachments?: EmbeddedAttachments;
}

/** Before the attachments are looked up every embed is pending; the preview passes real ones. */
const PENDING_EMBEDS: EmbedOptions = { lookup: () => undefined, src: () => '' };

/** What a render knows about its source while marked runs; empty for the embed scan. */
const NO_SOURCE: SourceMap = { blockLines: new Map(), taskOffsets: new Map() };

/** An embedded part's Markdown as HTML, its links and embeds resolved from its own note. */
/** The attachments of the notes a render embeds, by the embedded note's folder. */
export type EmbeddedAttachments = (folder: string) => EmbedOptions['lookup'];

function embeddedHtml(embed: LinkEmbed, attachments: EmbedOptions, inFolder: EmbeddedAttachments): string {
  const resolve: WikilinkResolver = (target, kind) => {
    const key = linkLookupKey(target, kind);
    return Object.hasOwn(embed.links, key) ? embed.links[key] : undefined;
  };
  // Its images resolve from its own folder, as they do when it is open.
  const own: EmbedOptions = { lookup: inFolder(embed.folder), src: attachments.src };
  const marked = createMarked(resolve, own, undefined, {
    lookup: nestedLookup(embed.embeds),
    nested: true,
    renderBody: (inner) => embeddedHtml(inner, attachments, inFolder),
  });
  return marked.parse(embed.markdown ?? '') as string;
}

function createMarked(
  resolve: WikilinkResolver,
  embeds: EmbedOptions,
  source: { map: SourceMap; interactiveTasks: boolean } = { map: NO_SOURCE, interactiveTasks: false },
  /** Without them (a hover card, a table cell) `![[Note]]` stays a link to the note. */
  noteEmbeds: NoteEmbedOptions | null = null,
): Marked {
  // A fresh instance per render: the extensions close over this render's resolvers.
  return new Marked(
    { gfm: true, breaks: false, async: false },
    // marked tries the extensions registered last first: embeds take `![[a.png]]`, file links
    // `[[a.pdf]]`, and whatever they pass on (`![[Note]]`, `[[Note]]`) is a wikilink.
    {
      extensions: [
        highlightExtension(),
        inlineTagExtension(),
        blockIdExtension(),
        wikilinkExtension(resolve),
        ...(noteEmbeds ? [noteEmbedInlineExtension(noteEmbeds), noteEmbedBlockExtension(noteEmbeds)] : []),
        attachmentLinkExtension(embeds),
        attachmentEmbedExtension(embeds),
      ],
    },
    { renderer: attachmentImageRenderer(embeds) },
    // Registered after the attachments' renderer, so tried first: it passes on all but notes.
    { renderer: noteMarkdownLinkRenderer(resolve, noteEmbeds) },
    {
      renderer: {
        code: ({ text, lang }) => codeBlockHtml(text, lang),
        checkbox(token) {
          const offset = source.interactiveTasks ? source.map.taskOffsets.get(token) : undefined;
          const checked = token.checked ? 'checked="" ' : '';
          // The sanitiser disables every box without a source offset (raw HTML ones included).
          if (offset === undefined) return `<input ${checked}disabled="" type="checkbox"> `;
          return `<input ${checked}type="checkbox" data-task="${offset}" aria-label="Done"> `;
        },
      },
    },
  );
}

/**
 * Note text → what the preview shows. Pure apart from DOMPurify needing a DOM. The resolvers are
 * called synchronously, so titles and attachments are looked up (async) outside, and a re-render
 * shows them.
 */
export function renderMarkdown(
  source: string,
  resolve: WikilinkResolver,
  embeds: EmbedOptions = PENDING_EMBEDS,
  options: RenderOptions = {},
): RenderedMarkdown {
  const { frontmatter, content } = splitFrontmatter(source);
  const map: SourceMap = { blockLines: new Map(), taskOffsets: new Map() };
  const noteEmbeds: NoteEmbedOptions | null = options.noteEmbeds
    ? {
        lookup: options.noteEmbeds,
        nested: false,
        renderBody: (embed) =>
          embeddedHtml(embed, embeds, options.embeddedAttachments ?? (() => () => undefined)),
      }
    : null;
  const marked = createMarked(
    resolve,
    embeds,
    { map, interactiveTasks: options.interactiveTasks ?? false },
    noteEmbeds,
  );
  const tokens = marked.lexer(content);
  // What marked.parse would do between lexing and parsing (extensions' token walkers).
  const walk = marked.defaults.walkTokens;
  if (walk) void marked.walkTokens(tokens, walk);
  mapSource(marked, tokens, contentBase(source, content), map);
  const codeLanguages: string[] = [];
  void marked.walkTokens(tokens, (token) => {
    if (token.type === 'code' && (token as Tokens.Code).lang)
      codeLanguages.push((token as Tokens.Code).lang!);
  });
  // One top-level block at a time, so each can say which line it starts on (scroll sync).
  const html = tokens.map((token) => withLine(marked.parser([token]), map.blockLines.get(token))).join('');
  return {
    html: sanitizeHtml(html),
    frontmatter,
    taskOffsets: new Set(options.interactiveTasks ? map.taskOffsets.values() : []),
    codeLanguages,
  };
}

/** `data-line` on a block's first element; text without one (a comment, a space) stays as it is. */
function withLine(html: string, line: number | undefined): string {
  if (line === undefined) return html;
  return html.replace(/^(\s*<[a-zA-Z][\w-]*)/, `$1 data-line="${line}"`);
}

/**
 * The attachment targets the body embeds, exactly as the render will look them up (same
 * tokenizer, so code spans and escapes count the same), for one batched `attachments.resolve`.
 */
export function embeddedAttachmentTargets(source: string): string[] {
  const { content } = splitFrontmatter(source);
  const marked = createMarked(() => undefined, PENDING_EMBEDS);
  const targets = new Set<string>();
  void marked.walkTokens(marked.lexer(content), (token) => collectEmbedTarget(token, targets));
  return [...targets];
}
