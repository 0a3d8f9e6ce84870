import type {
  Completion,
  CompletionContext,
  CompletionResult,
  CompletionSource,
} from '@codemirror/autocomplete';
import type { EditorView } from '@codemirror/view';
import type { LinkSuggestion, NoteBlock, NoteHeading } from '../../../../../src-shared/api/links-api';
import { extractHeadings } from '../../../../../src-shared/markdown/headings';
import { rankBlocks } from '../../../../../src-shared/markdown/links/block-ranking';
import { inCode } from './link-at';

export interface LinkCompletionDeps {
  suggest(query: string, limit: number): Promise<LinkSuggestion[]>;
  /** The headings of the note a target names; null when no note has that name. */
  headings(target: string): Promise<NoteHeading[] | null>;
  /** The block ids of the note a target names matching `query`, ranked; null when no such note. */
  blocks(target: string, query: string): Promise<NoteBlock[] | null>;
}

const SUGGESTIONS = 20;
/** `[[` and what follows it up to the cursor, on one line, before any `|`. */
const OPEN_LINK = /\[\[[^[\]|\n]*$/;

/**
 * What to write for a pick: `[[target#heading|alias]]`. Text the user already has after the
 * cursor up to the link's `]]` (an auto-closed `]]`, an alias they wrote) is kept, not doubled.
 */
function applyLink(link: { target: string; heading?: string; alias?: string }) {
  return (view: EditorView, _completion: Completion, from: number, to: number): void => {
    const line = view.state.doc.lineAt(to);
    const open = line.from + line.text.lastIndexOf('[[', from - line.from);
    const rest = line.text.slice(to - line.from);
    // The rest of the name the cursor is in, then `]]` or `|alias]]`, which stay as they are.
    const tail = /^([^[\]|\n]*)(\|[^[\]\n]*)?\]\]/.exec(rest);
    const name = link.heading === undefined ? link.target : `${link.target}#${link.heading}`;
    const alias = link.alias !== undefined && tail?.[2] === undefined ? `|${link.alias}` : '';
    const replaced = tail?.[1]?.length ?? 0;
    const kept = tail ? tail[0].length - replaced : 0;
    const insert = `[[${name}${alias}${tail ? '' : ']]'}`;
    view.dispatch({
      changes: { from: open, to: to + replaced, insert },
      // After the closing brackets, ready to keep typing.
      selection: { anchor: open + insert.length + kept },
      userEvent: 'input.complete',
      scrollIntoView: true,
    });
  };
}

function noteOption(suggestion: LinkSuggestion, ranges: Map<Completion, readonly number[]>): Completion {
  const label =
    suggestion.alias ??
    (suggestion.matched === 'path' ? `${suggestion.folder}/${suggestion.title}` : suggestion.title);
  const detail =
    suggestion.alias !== undefined
      ? `→ ${suggestion.title}`
      : suggestion.matched === 'path'
        ? ''
        : suggestion.folder;
  const option: Completion = {
    label,
    detail,
    type: suggestion.alias !== undefined ? 'link-alias' : 'link-note',
    apply: applyLink(
      suggestion.alias === undefined
        ? { target: suggestion.target }
        : { target: suggestion.target, alias: suggestion.alias },
    ),
  };
  ranges.set(option, suggestion.ranges.flat());
  return option;
}

function headingOption(target: string, heading: NoteHeading): Completion {
  return {
    label: heading.text,
    detail: `H${heading.level}`,
    type: 'link-heading',
    apply: applyLink({ target, heading: heading.text }),
  };
}

function blockOption(target: string, block: NoteBlock): Completion {
  return {
    // The block's words are what people recognise; the id is what gets written.
    label: block.text === '' ? `^${block.id}` : block.text,
    detail: `^${block.id}`,
    type: 'link-block',
    apply: applyLink({ target, heading: `^${block.id}` }),
  };
}

/** `[[` + part of a title: notes by title, alias and `folder/title`; `[[Note#`: that note's headings. */
export function linkCompletionSource(deps: LinkCompletionDeps): CompletionSource {
  return async (context: CompletionContext): Promise<CompletionResult | null> => {
    const line = context.state.doc.lineAt(context.pos);
    const before = OPEN_LINK.exec(line.text.slice(0, context.pos - line.from));
    if (!before) return null;
    const start = line.from + before.index + 2;
    if (inCode(context.state, start)) return null;
    const typed = context.state.sliceDoc(start, context.pos);
    const hash = typed.indexOf('#');

    if (hash !== -1 && typed[hash + 1] === '^') {
      // `[[Note#^`: the note's block ids, ranked by the host (this note's, here).
      const target = typed.slice(0, hash).trim();
      const query = typed.slice(hash + 2);
      const blocks =
        target === '' ? rankBlocks(context.state.sliceDoc(), query, 50) : await deps.blocks(target, query);
      if (context.aborted || !blocks) return null;
      return {
        from: start + hash + 2,
        options: blocks.map((block) => blockOption(target, block)),
        filter: false,
      };
    }

    if (hash !== -1) {
      const target = typed.slice(0, hash).trim();
      const headings =
        target === ''
          ? extractHeadings(context.state.sliceDoc()).map(({ level, text }) => ({ level, text }))
          : await deps.headings(target);
      if (context.aborted || !headings) return null;
      return {
        from: start + hash + 1,
        options: headings.map((heading) => headingOption(target, heading)),
        // CodeMirror's own fuzzy matcher is good enough over one note's headings.
        validFor: /^[^[\]|#\n]*$/,
        filter: true,
      };
    }

    const suggestions = await deps.suggest(typed, SUGGESTIONS);
    if (context.aborted) return null;
    const ranges = new Map<Completion, readonly number[]>();
    return {
      from: start,
      options: suggestions.map((suggestion) => noteOption(suggestion, ranges)),
      // The host ranks and filters; asked again on every keystroke.
      filter: false,
      getMatch: (completion) => ranges.get(completion) ?? [],
    };
  };
}
