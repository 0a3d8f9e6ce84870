import type { SearchNode, SearchTerm } from './search-query';
import { ALL_NOTES_TOKEN, keyToken, pathKeys } from './search-tokens';

/**
 * The FTS5 columns the index lays out, in order: the title, the text, the tags as words, and
 * `keys` (opaque tokens: each tag and folder path and its ancestors, all notes, live notes).
 */
export const FTS_COLUMNS = ['title', 'content', 'tags', 'keys'] as const;

/**
 * A search tree as an FTS5 MATCH expression. User text only ever reaches it as tokens of
 * letters, digits and marks inside double quotes, so no operator, column filter or quote a
 * user types can become FTS5 syntax; everything is parenthesised, so precedence never matters.
 *
 * `mode: 'title'` asks whether the text terms match in the title alone (for "title matches
 * first"): filters and exclusions hold there by construction of the outer query, so they drop.
 */
export function toFtsExpression(tree: SearchNode | null, mode: 'all' | 'title' = 'all'): string | null {
  if (!tree) return null;
  return compile(tree, mode);
}

function compile(node: SearchNode, mode: 'all' | 'title'): string | null {
  switch (node.kind) {
    case 'and': {
      const positives: string[] = [];
      const negatives: string[] = [];
      for (const item of node.items) {
        if (item.kind === 'not') {
          if (mode === 'title') continue;
          const inner = compile(item.item, mode);
          if (inner) negatives.push(inner);
        } else {
          const inner = compile(item, mode);
          if (inner) positives.push(inner);
        }
      }
      return combine(positives, negatives, mode);
    }
    case 'or': {
      const branches = node.items.map((item) => compile(item, mode));
      // In title mode a branch with no text (a filter) says nothing about the title.
      if (branches.some((b) => b === null)) return mode === 'title' ? null : orOf(branches);
      return orOf(branches);
    }
    case 'not':
      if (mode === 'title') return null;
      return combine(
        [],
        [compile(node.item, mode)].filter((x): x is string => x !== null),
        mode,
      );
    default:
      return term(node, mode);
  }
}

function combine(positives: string[], negatives: string[], mode: 'all' | 'title'): string | null {
  if (positives.length === 0 && negatives.length === 0) return null;
  if (positives.length === 0 && mode === 'title') return null;
  const base = positives.length === 0 ? keys(ALL_NOTES_TOKEN) : all(positives, ' AND ');
  if (negatives.length === 0) return base;
  return `(${base}) NOT (${all(negatives, ' OR ')})`;
}

function all(items: string[], operator: string): string {
  return items.length === 1 ? items[0]! : items.map(paren).join(operator);
}

function orOf(branches: (string | null)[]): string | null {
  const present = branches.filter((b): b is string => b !== null);
  if (present.length === 0) return null;
  return present.length === 1 ? present[0]! : present.map(paren).join(' OR ');
}

const paren = (expr: string): string => `(${expr})`;

function term(node: SearchTerm, mode: 'all' | 'title'): string | null {
  if (node.kind === 'text') {
    const phrase = `"${node.tokens.join(' ')}"${node.prefix ? '*' : ''}`;
    if (mode === 'title' || node.field === 'title') return `title : ${phrase}`;
    // No column filter: only key tokens are in `keys`, and no typed token can be one.
    return phrase;
  }
  if (mode === 'title') return null;
  const key = pathKeys(node.value).at(-1);
  // A value of only slashes: nothing to match, and nothing to exclude.
  if (key === undefined) return null;
  return keys(keyToken(node.kind === 'tag' ? 't' : 'f', key));
}

/** A key token in the `keys` column (quoted: it starts with a private-use character). */
export function keys(token: string): string {
  return `keys : "${token}"`;
}
