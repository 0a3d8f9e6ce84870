import { useCallback, useId, useMemo, useRef, useState } from 'react';
import type { ThemePreference } from '../../../../src-shared/api/settings-api';
import type { AppInfo, Preferences } from '../../api/quire-api';
import { Icon, IconButton, type IconName, useDismiss } from '../../ui';
import { useSyncStatus } from '../sync';
import { useRegisterCommands } from '../commands';
import { AttachmentSettingsRows } from './AttachmentSettingsRows';
import { DailyNoteSettingsRows } from '../daily-notes';

const THEMES: { value: ThemePreference; label: string; icon: IconName }[] = [
  { value: 'system', label: 'System', icon: 'monitor' },
  { value: 'light', label: 'Light', icon: 'sun' },
  { value: 'dark', label: 'Dark', icon: 'moon' },
];

const AUTOSAVE_DELAYS = [200, 400, 1_000, 2_000];

interface SettingsMenuProps {
  preferences: Preferences;
  onChange: (patch: Partial<Preferences>) => void;
  appInfo: AppInfo | null;
  /** "Sync…": the account dialog, or sign-in while sync is off. */
  onOpenSync: () => void;
}

/** The few settings there are: theme, autosave pace, pasted files, sync, and where the vault lives. */
export function SettingsMenu({ preferences, onChange, appInfo, onOpenSync }: SettingsMenuProps) {
  const [open, setOpen] = useState(false);
  // The palette's "Settings…" opens this menu.
  useRegisterCommands(
    useMemo(
      () => [
        {
          id: 'app.settings',
          label: 'Settings…',
          group: 'General',
          keywords: 'preferences options autosave folder',
          run: () => setOpen(true),
        },
      ],
      [],
    ),
  );
  const sync = useSyncStatus();
  const rootRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, rootRef, close);

  return (
    <div className="popover-anchor" ref={rootRef}>
      <IconButton
        label="Settings"
        icon="settings"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
      />
      {open && (
        <div className="popover popover-up" id={panelId} role="dialog" aria-label="Settings">
          <fieldset className="segmented">
            <legend className="popover-label">Theme</legend>
            {THEMES.map((theme) => (
              <label key={theme.value} className="segment">
                <input
                  type="radio"
                  name="theme"
                  value={theme.value}
                  checked={preferences.theme === theme.value}
                  onChange={() => onChange({ theme: theme.value })}
                />
                <Icon name={theme.icon} size={14} />
                <span>{theme.label}</span>
              </label>
            ))}
          </fieldset>
          <label className="popover-row">
            <span className="popover-label">Autosave after</span>
            <select
              value={preferences.autosaveDelayMs}
              onChange={(e) => onChange({ autosaveDelayMs: Number(e.target.value) })}
            >
              {[...new Set([...AUTOSAVE_DELAYS, preferences.autosaveDelayMs])]
                .sort((a, b) => a - b)
                .map((ms) => (
                  <option key={ms} value={ms}>
                    {ms < 1_000 ? `${ms} ms` : `${ms / 1_000} s`} of quiet
                  </option>
                ))}
            </select>
          </label>
          <AttachmentSettingsRows />
          <DailyNoteSettingsRows />
          <div className="popover-row">
            <span className="popover-label">Sync</span>
            <button
              type="button"
              className="menu-item settings-sync"
              aria-haspopup="dialog"
              onClick={() => {
                setOpen(false);
                onOpenSync();
              }}
            >
              <Icon name={sync?.account ? 'cloud' : 'cloudOff'} />
              <span className="menu-item-text">
                <span className="menu-item-name">Sync…</span>
                <span className="menu-item-description">
                  {sync?.account ? sync.account.email : 'Off: your notes are only on this device'}
                </span>
              </span>
            </button>
          </div>
          {appInfo && (
            <p className="popover-footnote">
              Quire {appInfo.version} · {appInfo.runtime}
              <br />
              <span className="path" title={appInfo.dataDir}>
                {appInfo.dataDir}
              </span>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
