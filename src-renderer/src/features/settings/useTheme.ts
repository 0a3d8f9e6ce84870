import { useEffect } from 'react';
import type { ThemePreference } from '../../../../src-shared/api/settings-api';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** Applies the theme before React renders (main.tsx) and whenever it changes. */
export function applyTheme(preference: ThemePreference): void {
  const dark = preference === 'dark' || (preference === 'system' && window.matchMedia(DARK_QUERY).matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** Follows the OS while the preference is 'system'. */
export function useTheme(preference: ThemePreference): void {
  useEffect(() => {
    applyTheme(preference);
    if (preference !== 'system') return;
    const media = window.matchMedia(DARK_QUERY);
    const onChange = (): void => applyTheme('system');
    media.addEventListener('change', onChange);
    return () => media.removeEventListener('change', onChange);
  }, [preference]);
}
