import type { TokenizerAndRendererExtension, Tokens } from 'marked';

interface HighlightToken extends Tokens.Generic {
  type: 'highlight';
  raw: string;
  tokens: Tokens.Generic[];
}

/** `==text==` whose inside neither starts nor ends with a space and holds no `==`. */
const HIGHLIGHT = /^==(?=[^\s=])((?:[^=\n]|=(?!=))*?[^\s=])==(?!=)/;

/** Obsidian's `==highlight==` as `<mark>`, its inside parsed as inline Markdown. */
export function highlightExtension(): TokenizerAndRendererExtension {
  return {
    name: 'highlight',
    level: 'inline',
    start: (src) => {
      const at = src.indexOf('==');
      return at === -1 ? undefined : at;
    },
    tokenizer(src): HighlightToken | undefined {
      const match = HIGHLIGHT.exec(src);
      if (!match?.[1]) return undefined;
      return { type: 'highlight', raw: match[0], tokens: this.lexer.inlineTokens(match[1]) };
    },
    renderer(token) {
      return `<mark>${this.parser.parseInline((token as HighlightToken).tokens)}</mark>`;
    },
  };
}
