import { useEffect, useId, useState, useSyncExternalStore, type SyntheticEvent } from 'react';
import dayjs from 'dayjs';
import type { DailyNoteSettings } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { dailyFormatProblem, dailyNotePlace } from '../../../../src-shared/daily-notes/daily-note-format';
import { dailySettingsStore, useDailyNoteSettings } from './daily-settings-store';
import './daily-notes.css';

/** Where today's note would go with this format and folder, as the user will see it. */
function examplePath(format: string, folder: string): string {
  const place = dailyNotePlace({ format, folder }, dayjs());
  return place.folder ? `${place.folder}/${place.title}` : place.title;
}

/**
 * The daily-notes group of the settings menu: the date format with a live example (and why a
 * format cannot be used, before it is sent), the folder, and the template new days start from.
 */
export function DailyNoteSettingsRows() {
  const { api, templates } = useServices();
  const settings = useDailyNoteSettings();
  const store = dailySettingsStore(api);
  const templateList = useSyncExternalStore(templates.subscribe, templates.getSnapshot);
  const [format, setFormat] = useState<string | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const formatId = useId();
  const folderId = useId();

  useEffect(() => templates.load(), [templates]);

  const shownFormat = format ?? settings?.format ?? '';
  const shownFolder = folder ?? settings?.folder ?? '';
  const problem = dailyFormatProblem(shownFormat, dayjs());

  const save = (patch: Partial<DailyNoteSettings>): void => {
    setError(null);
    api.dailyNotes.setSettings.mutate(patch).then(
      (saved) => {
        store.set(saved);
        setFormat(null);
        setFolder(null);
      },
      (failure: unknown) => setError(describeFailure(failure)),
    );
  };
  const commit = (event?: SyntheticEvent): void => {
    event?.preventDefault();
    if (!settings) return;
    const patch: Partial<DailyNoteSettings> = {};
    if (format !== null && format !== settings.format && !problem) patch.format = format;
    if (folder !== null && folder !== settings.folder) patch.folder = folder;
    if (Object.keys(patch).length > 0) save(patch);
  };

  const templateId = settings?.templateId ?? '';
  const choices = templateList.templates;
  return (
    <form className="popover-row daily-settings" onSubmit={commit} aria-label="Daily notes">
      <span className="popover-label">Daily notes</span>
      <div className="daily-field">
        <label htmlFor={formatId}>Date format</label>
        <input
          id={formatId}
          className="popover-input"
          value={shownFormat}
          disabled={!settings}
          maxLength={100}
          spellCheck={false}
          autoComplete="off"
          placeholder="YYYY-MM-DD"
          aria-invalid={problem !== null}
          aria-describedby={`${formatId}-example`}
          onChange={(e) => setFormat(e.target.value)}
          onBlur={() => commit()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e);
          }}
        />
      </div>
      <span
        className={problem ? 'popover-hint daily-example is-invalid' : 'popover-hint daily-example'}
        id={`${formatId}-example`}
        aria-live="polite"
      >
        {problem ?? (
          <>
            Today’s note: <code>{examplePath(shownFormat, shownFolder)}</code>
            <br />A “/” in the format makes folders.
          </>
        )}
      </span>
      <div className="daily-field">
        <label htmlFor={folderId}>Folder</label>
        <input
          id={folderId}
          className="popover-input"
          value={shownFolder}
          disabled={!settings}
          maxLength={512}
          spellCheck={false}
          autoComplete="off"
          placeholder="Vault root"
          onChange={(e) => setFolder(e.target.value)}
          onBlur={() => commit()}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e);
          }}
        />
      </div>
      <div className="daily-field">
        <label htmlFor={`${folderId}-template`}>Template</label>
        <select
          id={`${folderId}-template`}
          value={templateId}
          disabled={!settings}
          onChange={(e) => save({ templateId: e.target.value === '' ? null : e.target.value })}
        >
          <option value="">None (empty note)</option>
          {templateId !== '' && !choices.some((t) => t.id === templateId) && (
            <option value={templateId}>{templateId}</option>
          )}
          {choices.map((template) => (
            <option key={template.id} value={template.id}>
              {template.name}
            </option>
          ))}
        </select>
      </div>
      {error && (
        <p className="popover-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
