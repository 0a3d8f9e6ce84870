import os from 'node:os';
import path from 'node:path';

/**
 * Where the vault lives when nobody says otherwise: the same folder Electron's
 * `app.getPath('userData')` gives for an app named "Quire", plus `vault/`, so web mode and the
 * desktop app open the same notes.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.QUIRE_DATA_DIR) return path.resolve(env.QUIRE_DATA_DIR);
  const home = os.homedir();
  const appData =
    platform === 'darwin'
      ? path.join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(appData, 'Quire', 'vault');
}
