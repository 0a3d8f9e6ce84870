import { useEffect, useId, useState, type FormEvent } from 'react';
import type { AttachmentSettings } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import './settings.css';

const LINK_STYLES: { value: AttachmentSettings['linkStyle']; label: string }[] = [
  { value: 'wikilink', label: 'Wikilink: ![[photo.png]]' },
  { value: 'markdown', label: 'Markdown: ![](attachments/photo.png)' },
];

/**
 * Where pasted and dropped files go and how they are linked (`attachments.settings`). Kept by the
 * host, so every window and the CLI agree; asked for each time the settings menu opens.
 */
export function AttachmentSettingsRows() {
  const { api } = useServices();
  const [settings, setSettings] = useState<AttachmentSettings | null>(null);
  const [folder, setFolder] = useState('');
  const [error, setError] = useState<string | null>(null);
  const folderId = useId();

  useEffect(() => {
    let live = true;
    api.attachments.settings.query().then(
      (loaded) => {
        if (!live) return;
        setSettings(loaded);
        setFolder(loaded.folder);
      },
      (failure: unknown) => live && setError(describeFailure(failure)),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const save = (patch: Partial<AttachmentSettings>): void => {
    setError(null);
    api.attachments.setSettings.mutate(patch).then(
      (saved) => {
        setSettings(saved);
        setFolder(saved.folder);
      },
      (failure: unknown) => setError(describeFailure(failure)),
    );
  };
  const commitFolder = (event?: FormEvent): void => {
    event?.preventDefault();
    if (settings && folder !== settings.folder) save({ folder });
  };

  return (
    <>
      <form className="popover-row" onSubmit={commitFolder}>
        <label className="popover-label" htmlFor={folderId}>
          Attachments folder
        </label>
        <input
          id={folderId}
          className="popover-input"
          value={folder}
          disabled={!settings}
          maxLength={512}
          spellCheck={false}
          autoComplete="off"
          placeholder="Vault root"
          aria-describedby={`${folderId}-hint`}
          onChange={(e) => setFolder(e.target.value)}
          onBlur={() => commitFolder()}
        />
        <span className="popover-hint" id={`${folderId}-hint`}>
          Where pasted files go. Start with ./ to keep them beside the note.
        </span>
      </form>
      <label className="popover-row">
        <span className="popover-label">Link pasted files as</span>
        <select
          value={settings?.linkStyle ?? 'wikilink'}
          disabled={!settings}
          onChange={(e) => save({ linkStyle: e.target.value as AttachmentSettings['linkStyle'] })}
        >
          {LINK_STYLES.map((style) => (
            <option key={style.value} value={style.value}>
              {style.label}
            </option>
          ))}
        </select>
      </label>
      {error && (
        <p className="popover-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
