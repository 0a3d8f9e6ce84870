import { useCallback, useEffect, useRef, useState } from 'react';
import type { ListAttachmentsInput } from '../../../../src-shared/api/attachments-api';
import type { AttachmentSummary } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { titleOrUntitled } from '../../../../src-shared/note-title';

export type AttachmentFilter = NonNullable<ListAttachmentsInput['filter']>;

/** Rows per page of the view; `attachments.list` is paged (at most ATTACHMENTS_PAGE_MAX). */
export const ATTACHMENTS_PAGE_SIZE = 50;

export type AttachmentsPage =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; total: number; items: AttachmentSummary[] };

/**
 * One page of the attachments list, kept current: it is asked again whenever an attachment
 * changes (`attachments.changes`: a paste, a delete, bytes that finished downloading) and when
 * notes change (which notes use each attachment moves with their text).
 */
export function useAttachmentsPage(filter: AttachmentFilter, offset: number) {
  const { api, changes } = useServices();
  const [page, setPage] = useState<AttachmentsPage>({ status: 'loading' });
  // Answers can overtake each other; only the latest question's answer is shown.
  const asked = useRef(0);

  const load = useCallback(() => {
    const question = ++asked.current;
    api.attachments.list.query({ filter, offset, limit: ATTACHMENTS_PAGE_SIZE }).then(
      (result) => {
        if (question === asked.current)
          setPage({ status: 'ready', total: result.total, items: result.items });
      },
      (failure: unknown) => {
        if (question === asked.current) setPage({ status: 'error', message: describeFailure(failure) });
      },
    );
  }, [api, filter, offset]);

  useEffect(() => {
    load();
    const attachments = api.attachments.changes.subscribe(undefined, {
      // The first event of each subscription carries no ids: the page was just asked for.
      onData: (event) => event.ids.length > 0 && load(),
      onError: () => undefined,
    });
    const notes = changes.subscribe(() => load());
    return () => {
      attachments.unsubscribe();
      notes();
    };
  }, [api, changes, load]);

  return { page, reload: load };
}

/**
 * The titles of the notes that use the attachments on screen, asked once per note id; a note
 * that cannot be read (deleted meanwhile) is left out.
 */
export function useNoteTitles(ids: readonly string[]): ReadonlyMap<string, string> {
  const { api } = useServices();
  const [titles, setTitles] = useState<ReadonlyMap<string, string>>(new Map());
  const asked = useRef(new Set<string>());
  const key = [...new Set(ids)].sort().join('\n');

  useEffect(() => {
    let live = true;
    const askedIds = asked.current;
    const missing = key === '' ? [] : key.split('\n').filter((id) => !askedIds.has(id));
    const inFlight = new Set(missing);
    for (const id of missing) {
      askedIds.add(id);
      api.notes.get.query({ id }).then(
        (note) => {
          inFlight.delete(id);
          if (live) setTitles((current) => new Map(current).set(id, titleOrUntitled(note.title)));
        },
        () => {
          inFlight.delete(id);
          askedIds.delete(id);
        },
      );
    }
    return () => {
      live = false;
      // Answers this run will not show: the next run asks for them again.
      for (const id of inFlight) askedIds.delete(id);
    };
  }, [api, key]);

  return titles;
}
