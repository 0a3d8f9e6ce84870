import { cleanQueryText, tokenize } from './search-tokens';

/**
 * The search box's syntax, parsed into a tree. Nothing a user types is an error: stray quotes,
 * parentheses and operators are read as the nearest sensible thing, and what cannot mean
 * anything (a lone `-`, `tag:` with no value, punctuation only) is dropped.
 *
 *   words         every word must match; the last one also as a prefix (you are typing it)
 *   "a phrase"    the words in this order
 *   tag:x         notes tagged x or a tag under it (tag:project takes project/quire)
 *   path:x        notes in folder x or a folder under it (also folder:x)
 *   title:x       x in the title (title:"a phrase" too)
 *   -x            notes without x (also -tag:x, -"a phrase", -(…))
 *   a OR b        either; binds looser than the implicit AND; ( ) group
 */
export type SearchNode =
  | { kind: 'and'; items: SearchNode[] }
  | { kind: 'or'; items: SearchNode[] }
  | { kind: 'not'; item: SearchNode }
  | SearchTerm;

export type SearchTerm =
  | {
      kind: 'text';
      /** 'any' = title, text and tag words. */
      field: 'any' | 'title';
      /** The term's folded tokens, never empty. */
      tokens: string[];
      /** The last token may be a prefix of a word. */
      prefix: boolean;
    }
  | { kind: 'tag' | 'folder'; value: string };

/** Bounds that keep a pasted novel from becoming an FTS5 expression of thousands of terms. */
export const QUERY_LIMITS = { terms: 32, depth: 8, tokensPerTerm: 16 } as const;

type Lexeme =
  | { type: 'open'; negated: boolean }
  | { type: 'close' }
  | { type: 'or' }
  | { type: 'term'; negated: boolean; field: string | null; value: string; quoted: boolean };

const FIELDS = new Set(['tag', 'path', 'folder', 'title']);

function lex(input: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  const n = input.length;
  const isSpace = (c: string): boolean => /\s/u.test(c);
  while (i < n) {
    const c = input[i]!;
    if (isSpace(c)) {
      i += 1;
      continue;
    }
    let negated = false;
    if (c === '-' && i + 1 < n && !isSpace(input[i + 1]!)) {
      negated = true;
      i += 1;
    }
    const d = input[i]!;
    if (d === '(') {
      out.push({ type: 'open', negated });
      i += 1;
      continue;
    }
    if (d === ')') {
      out.push({ type: 'close' });
      i += 1;
      continue;
    }
    if (d === '"') {
      // An unclosed quote runs to the end: the phrase is still being typed.
      const close = input.indexOf('"', i + 1);
      const end = close < 0 ? n : close;
      out.push({ type: 'term', negated, field: null, value: input.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < n && !isSpace(input[j]!) && input[j] !== '(' && input[j] !== ')' && input[j] !== '"') j += 1;
    const word = input.slice(i, j);
    i = j;
    const colon = word.indexOf(':');
    const field = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
    if (FIELDS.has(field)) {
      let value = word.slice(colon + 1);
      let quoted = false;
      if (value === '' && input[i] === '"') {
        const close = input.indexOf('"', i + 1);
        const end = close < 0 ? n : close;
        value = input.slice(i + 1, end);
        quoted = true;
        i = end + 1;
      }
      out.push({ type: 'term', negated, field: field === 'path' ? 'folder' : field, value, quoted });
    } else if (word === 'OR' && !negated) {
      out.push({ type: 'or' });
    } else {
      out.push({ type: 'term', negated, field: null, value: word, quoted: false });
    }
  }
  return out;
}

class Parser {
  private at = 0;
  private terms = 0;
  constructor(private readonly lexemes: Lexeme[]) {}

  parse(): SearchNode | null {
    const parts: (SearchNode | null)[] = [];
    // A stray `)` at the top level closes nothing; parsing goes on after it.
    for (;;) {
      parts.push(this.orExpr(0));
      if (this.at >= this.lexemes.length) break;
      this.at += 1;
    }
    return group('and', parts);
  }

  private orExpr(depth: number): SearchNode | null {
    const branches: (SearchNode | null)[] = [this.andExpr(depth)];
    while (this.peek()?.type === 'or') {
      this.at += 1;
      branches.push(this.andExpr(depth));
    }
    return group('or', branches);
  }

  private andExpr(depth: number): SearchNode | null {
    const items: (SearchNode | null)[] = [];
    for (let next = this.peek(); next && next.type !== 'or' && next.type !== 'close'; next = this.peek()) {
      this.at += 1;
      if (next.type === 'open') {
        // Past the depth bound the parentheses are ignored, their contents kept.
        const inner = depth < QUERY_LIMITS.depth ? this.orExpr(depth + 1) : null;
        if (this.peek()?.type === 'close') this.at += 1;
        items.push(inner && next.negated ? { kind: 'not', item: inner } : inner);
      } else if (next.type === 'term') {
        const term = this.term(next);
        items.push(term && next.negated ? { kind: 'not', item: term } : term);
      }
    }
    return group('and', items);
  }

  private term(lexeme: Extract<Lexeme, { type: 'term' }>): SearchTerm | null {
    if (this.terms >= QUERY_LIMITS.terms) return null;
    let term: SearchTerm | null = null;
    if (lexeme.field === 'tag' || lexeme.field === 'folder') {
      const value = lexeme.value.trim().replace(/^#+/, '').replace(/\/+$/, '');
      if (value !== '') term = { kind: lexeme.field, value };
    } else {
      const tokens = tokenize(lexeme.value, QUERY_LIMITS.tokensPerTerm);
      const last = tokens.at(-1);
      if (last) {
        // Prefix only on the query's last bare word (fixed up in parseSearchQuery).
        term = {
          kind: 'text',
          field: lexeme.field === 'title' ? 'title' : 'any',
          tokens: tokens.map((t) => t.key),
          prefix: !lexeme.quoted && !last.unigram,
        };
      }
    }
    if (term) this.terms += 1;
    return term;
  }

  private peek(): Lexeme | undefined {
    return this.lexemes[this.at];
  }
}

function group(kind: 'and' | 'or', parts: (SearchNode | null)[]): SearchNode | null {
  const items = parts.filter((p): p is SearchNode => p !== null);
  if (items.length === 0) return null;
  if (items.length === 1) return items[0]!;
  return { kind, items };
}

/** The query's tree, or null when nothing in it can match anything. */
export function parseSearchQuery(input: string): SearchNode | null {
  const lexemes = lex(cleanQueryText(input));
  const tree = new Parser(lexemes).parse();
  if (tree) keepPrefixOnLastWordOnly(tree, lastBareWord(lexemes));
  return tree;
}

/** Only the word being typed is a prefix; the earlier ones were finished with a space. */
function lastBareWord(lexemes: Lexeme[]): boolean {
  const last = lexemes.at(-1);
  // An exclusion stays exact: `-pla` on the way to `-plan` must not hide `planning` meanwhile.
  return (
    last?.type === 'term' && !last.quoted && !last.negated && (last.field === null || last.field === 'title')
  );
}

function keepPrefixOnLastWordOnly(tree: SearchNode, lastIsBare: boolean): void {
  const texts: Extract<SearchTerm, { kind: 'text' }>[] = [];
  const walk = (node: SearchNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.items.forEach(walk);
    else if (node.kind === 'not') walk(node.item);
    else if (node.kind === 'text') texts.push(node);
  };
  walk(tree);
  const last = texts.at(-1);
  for (const text of texts) if (text !== last || !lastIsBare) text.prefix = false;
}

/** The text terms that make a note match (not those under a `-`), for marking matches. */
export function positiveTextTerms(tree: SearchNode | null): Extract<SearchTerm, { kind: 'text' }>[] {
  const out: Extract<SearchTerm, { kind: 'text' }>[] = [];
  const walk = (node: SearchNode): void => {
    if (node.kind === 'and' || node.kind === 'or') node.items.forEach(walk);
    else if (node.kind === 'text') out.push(node);
  };
  if (tree) walk(tree);
  return out;
}
