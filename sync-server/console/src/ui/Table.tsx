import type { ReactNode } from 'react';
import { Button } from './Button';

export interface Column<Row> {
  key: string;
  header: string;
  cell: (row: Row) => ReactNode;
  /** Numbers line up on the right. */
  align?: 'right';
  width?: string;
}

/** A plain data table: real <table> semantics, a caption for screen readers, a sticky header. */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  menus = false,
}: {
  caption: string;
  /** Rows open menus: the table must not clip them (so it does not scroll sideways either). */
  menus?: boolean;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
}) {
  return (
    <div className={menus ? 'table-wrap has-menus' : 'table-wrap'}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} className={`col-${column.key}`} />
          ))}
        </colgroup>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.align === 'right' ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.align === 'right' ? 'num' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "51–100 of 230" with previous and next. */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
  noun,
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
  noun: string;
}) {
  if (total === 0) return null;
  const last = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label={`${noun} pages`}>
      <span className="pager-range">
        {offset + 1}–{last} of {total.toLocaleString('en')} {noun}
      </span>
      <Button small disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
        Previous
      </Button>
      <Button small disabled={last >= total} onClick={() => onOffset(offset + limit)}>
        Next
      </Button>
    </nav>
  );
}
