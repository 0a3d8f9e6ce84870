/** Settings: the host-stored preferences (cached for the first frame), the theme, the settings menu. */
export { SettingsMenu } from './SettingsMenu';
export { usePreferences, readCachedPreferences } from './usePreferences';
export { useTheme, applyTheme } from './useTheme';
