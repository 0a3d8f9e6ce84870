import { useCallback, useId, useRef, useState } from 'react';
import { IconButton, useDismiss } from '../../ui';

/** What the box understands (src-shared/search/search-query.ts), one example a line. */
const SYNTAX: readonly { example: string; meaning: string }[] = [
  { example: 'budget plan', meaning: 'every word, in any order' },
  { example: '"exact phrase"', meaning: 'these words in this order' },
  { example: 'tag:project', meaning: 'tagged #project or #project/…' },
  { example: 'path:work', meaning: 'in the folder work or under it' },
  { example: 'title:draft', meaning: 'in the title' },
  { example: '-word', meaning: 'without it (also -tag:x, -"…")' },
  { example: 'a OR b', meaning: 'either one; group with ( )' },
];

/** The "?" in the search box: a small popover listing the search syntax. */
export function SearchSyntaxHint() {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, rootRef, close);
  const id = useId();
  return (
    <div className="popover-anchor search-syntax" ref={rootRef}>
      <IconButton
        label="Search syntax"
        icon="help"
        iconSize={14}
        small
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen((value) => !value)}
      />
      {open && (
        <div id={id} className="popover search-syntax-popover" role="dialog" aria-label="Search syntax">
          <p className="popover-label">Search syntax</p>
          <dl className="search-syntax-list">
            {SYNTAX.map(({ example, meaning }) => (
              <div key={example} className="search-syntax-row">
                <dt>
                  <code>{example}</code>
                </dt>
                <dd>{meaning}</dd>
              </div>
            ))}
          </dl>
          <p className="popover-footnote">
            Case and accents don’t matter. The last word matches as you type it.
          </p>
        </div>
      )}
    </div>
  );
}
