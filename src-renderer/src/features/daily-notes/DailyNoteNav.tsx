import { useCallback, useEffect, useState } from 'react';
import dayjs from 'dayjs';
import type { AdjacentDailyNote } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { Icon, toasts } from '../../ui';
import { dailyNoteDay } from '../../../../src-shared/daily-notes/daily-note-format';
import { useDailyNoteSettings } from './daily-settings-store';
import { openDailyNote } from './open-daily-note';
import './daily-notes.css';

interface DailyNoteNavProps {
  note: { id: string; folder: string; title: string; trashedAt: number };
  onOpen: (id: string) => void;
}

type Neighbours = { previous: AdjacentDailyNote; next: AdjacentDailyNote };

const RELOAD_PAUSE_MS = 300;

/**
 * Under a daily note's title: its day in words and the previous / next existing daily note, as
 * Obsidian's arrows go (days without a note are skipped, nothing is created).
 */
export function DailyNoteNav({ note, onOpen }: DailyNoteNavProps) {
  const { api, changes } = useServices();
  const settings = useDailyNoteSettings();
  const day = settings && note.trashedAt === 0 ? dailyNoteDay(settings, note) : null;
  const [neighbours, setNeighbours] = useState<{ of: string; value: Neighbours } | null>(null);
  const { id } = note;
  const isDaily = day !== null;

  const load = useCallback(() => {
    let live = true;
    Promise.all([
      api.dailyNotes.adjacent.query({ id, direction: 'previous' }),
      api.dailyNotes.adjacent.query({ id, direction: 'next' }),
    ]).then(
      ([previous, next]) => live && setNeighbours({ of: id, value: { previous, next } }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, id]);

  useEffect(() => {
    if (!isDaily) return;
    let cancel = load();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // A daily note made or deleted elsewhere (another window, sync) moves the neighbours; a burst
    // of writes (an import, a sync catch-up) is asked about once it settles.
    const unsubscribe = changes.subscribe((change) => {
      // Typing in this note saves it again and again; that moves no neighbour.
      if (change.kind === 'ids' && change.ids.every((changed) => changed === id)) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = null;
        cancel();
        cancel = load();
      }, RELOAD_PAUSE_MS);
    });
    return () => {
      cancel();
      if (timer !== null) clearTimeout(timer);
      unsubscribe();
    };
  }, [isDaily, load, changes, id]);

  if (!day) return null;
  const known = neighbours?.of === id ? neighbours.value : null;
  const go = (direction: 'previous' | 'next'): void => {
    api.dailyNotes.adjacent.query({ id, direction }).then(
      (target) => {
        if (target) onOpen(target.id);
        else
          toasts.show({
            message: direction === 'previous' ? 'No earlier daily note' : 'No later daily note',
          });
      },
      (error: unknown) => toasts.show({ tone: 'error', message: describeFailure(error) }),
    );
  };
  const label = (target: AdjacentDailyNote | undefined, fallback: string): string =>
    target ? `${fallback}: ${target.title}` : fallback;

  return (
    <div className="daily-nav" role="group" aria-label="Daily notes">
      <button
        type="button"
        className="daily-nav-step"
        aria-label="Previous daily note"
        title={label(known?.previous, 'Previous daily note')}
        disabled={known !== null && known.previous === null}
        onClick={() => go('previous')}
      >
        <Icon name="chevronLeft" size={14} />
      </button>
      <span className="daily-nav-day">
        <Icon name="calendar" size={13} />
        <time dateTime={day.format('YYYY-MM-DD')}>{day.format('dddd, D MMMM YYYY')}</time>
      </span>
      <button
        type="button"
        className="daily-nav-step"
        aria-label="Next daily note"
        title={label(known?.next, 'Next daily note')}
        disabled={known !== null && known.next === null}
        onClick={() => go('next')}
      >
        <Icon name="chevronRight" size={14} />
      </button>
      {!day.isSame(dayjs(), 'day') && (
        <button
          type="button"
          className="daily-nav-today"
          title="Open today’s daily note"
          onClick={() =>
            void openDailyNote(api).then(
              ({ note: today }) => onOpen(today.id),
              (error: unknown) => toasts.show({ tone: 'error', message: describeFailure(error) }),
            )
          }
        >
          Today
        </button>
      )}
    </div>
  );
}
