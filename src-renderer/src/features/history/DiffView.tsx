import { Fragment, useMemo, useState, type ReactNode } from 'react';
import {
  diffTexts,
  sideBySideRows,
  type DiffBlock,
  type DiffLine,
  type WordPart,
} from '../../../../src-shared/diff/text-diff';
import { LinkButton } from '../../ui';

export type DiffLayout = 'inline' | 'split';

/** Rows drawn before "Show more": a whole rewritten 1 MB note stays responsive. */
const ROW_BUDGET = 1_500;
/** Larger texts are not diffed line by line in the window (the host's limit is 1 MB a note). */
const DIFF_MAX_CHARS = 2_000_000;

interface DiffViewProps {
  before: string;
  after: string;
  layout: DiffLayout;
  /** What the two sides are, for screen readers and the split view's column heads. */
  beforeLabel: string;
  afterLabel: string;
}

/** A monospace line diff with +/− gutters, word highlights and folded unchanged runs. */
export function DiffView({ before, after, layout, beforeLabel, afterLabel }: DiffViewProps) {
  const diff = useMemo(
    () => (before.length + after.length > DIFF_MAX_CHARS ? null : diffTexts(before, after)),
    [before, after],
  );
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  const [budget, setBudget] = useState(ROW_BUDGET);

  if (!diff || diff.status === 'too-large') {
    return (
      <p className="diff-message" role="status">
        These versions differ in too many places to show side by side here. Use “Copy text” to compare them
        elsewhere.
      </p>
    );
  }
  if (diff.added === 0 && diff.removed === 0) {
    return (
      <p className="diff-message" role="status">
        {before === after ? 'No differences: the texts are the same.' : 'Only line endings differ.'}
      </p>
    );
  }

  let drawn = 0;
  const rendered: ReactNode[] = [];
  for (const [index, block] of diff.blocks.entries()) {
    if (drawn >= budget) break;
    if (block.kind === 'collapsed' && !expanded.has(index)) {
      rendered.push(
        <Fold
          key={index}
          count={block.lines.length}
          layout={layout}
          onExpand={() => setExpanded((set) => new Set(set).add(index))}
        />,
      );
      drawn += 1;
      continue;
    }
    const lines = block.lines.slice(0, budget - drawn);
    drawn += lines.length;
    rendered.push(<Lines key={index} lines={lines} layout={layout} />);
  }
  const total = countRows(diff.blocks, expanded);

  return (
    <div
      className={`diff diff-${layout}`}
      role="table"
      aria-label={`Changes from ${beforeLabel} to ${afterLabel}`}
      aria-rowcount={-1}
    >
      {layout === 'split' && (
        <div className="diff-heads" role="row">
          <span role="columnheader">{capitalize(beforeLabel)}</span>
          <span role="columnheader">{capitalize(afterLabel)}</span>
        </div>
      )}
      {rendered}
      {total > budget && (
        <div className="diff-more" role="row">
          <span role="cell">
            {total - budget} more lines.{' '}
            <LinkButton onClick={() => setBudget((b) => b + ROW_BUDGET * 2)}>Show more</LinkButton>
          </span>
        </div>
      )}
    </div>
  );
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function countRows(blocks: readonly DiffBlock[], expanded: ReadonlySet<number>): number {
  let rows = 0;
  for (const [index, block] of blocks.entries()) {
    rows += block.kind === 'collapsed' && !expanded.has(index) ? 1 : block.lines.length;
  }
  return rows;
}

function Fold({ count, layout, onExpand }: { count: number; layout: DiffLayout; onExpand: () => void }) {
  return (
    <div className={`diff-fold diff-fold-${layout}`} role="row">
      <span role="cell">
        <button type="button" className="diff-fold-button" onClick={onExpand}>
          ⋯ {count} unchanged {count === 1 ? 'line' : 'lines'}
        </button>
      </span>
    </div>
  );
}

const SIGN: Record<DiffLine['kind'], string> = { same: ' ', add: '+', del: '−' };
const KIND_LABEL: Record<DiffLine['kind'], string> = { same: '', add: 'Added: ', del: 'Removed: ' };

function Text({ line }: { line: DiffLine }) {
  if (!line.words) return <>{line.text === '' ? '\u200b' : line.text}</>;
  return (
    <>
      {line.words.map((part: WordPart, i) =>
        part.changed ? (
          <mark key={i} className={line.kind === 'add' ? 'diff-word-add' : 'diff-word-del'}>
            {part.text}
          </mark>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}

function Lines({ lines, layout }: { lines: DiffLine[]; layout: DiffLayout }) {
  if (layout === 'inline') {
    return (
      <>
        {lines.map((line, i) => (
          <div key={i} className={`diff-row diff-${line.kind}`} role="row">
            <span className="diff-no" role="cell" aria-hidden="true">
              {line.oldNo ?? ''}
            </span>
            <span className="diff-no" role="cell" aria-hidden="true">
              {line.newNo ?? ''}
            </span>
            <span className="diff-sign" role="cell" aria-hidden="true">
              {SIGN[line.kind]}
            </span>
            <span className="diff-text" role="cell">
              <span className="visually-hidden">{KIND_LABEL[line.kind]}</span>
              <Text line={line} />
            </span>
          </div>
        ))}
      </>
    );
  }
  return (
    <>
      {sideBySideRows(lines).map((row, i) => (
        <div key={i} className="diff-row diff-split-row" role="row">
          <Side line={row.left} side="old" />
          <Side line={row.right} side="new" />
        </div>
      ))}
    </>
  );
}

function Side({ line, side }: { line: DiffLine | null; side: 'old' | 'new' }) {
  if (!line) return <span className="diff-side diff-empty" role="cell" />;
  const kind = line.kind;
  return (
    <span className={`diff-side diff-${kind}`} role="cell">
      <span className="diff-no" aria-hidden="true">
        {side === 'old' ? line.oldNo : line.newNo}
      </span>
      <span className="diff-sign" aria-hidden="true">
        {SIGN[kind]}
      </span>
      <span className="diff-text">
        <span className="visually-hidden">{KIND_LABEL[kind]}</span>
        <Text line={line} />
      </span>
    </span>
  );
}
