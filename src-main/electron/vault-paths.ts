import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * Which vault this process opens and where Chromium keeps its profile for it. Electron's
 * single-instance lock lives in the userData directory, so giving each custom vault its own
 * userData makes the lock "one instance per vault": a second launch on the same vault focuses the
 * first window, a launch on another vault (QUIRE_DATA_DIR) runs beside it.
 */
export function resolveVaultPaths(options: { defaultUserData: string; env: NodeJS.ProcessEnv }): {
  dataDir: string;
  userData: string;
} {
  const custom = options.env['QUIRE_DATA_DIR'];
  if (!custom)
    return { dataDir: path.join(options.defaultUserData, 'vault'), userData: options.defaultUserData };
  const dataDir = path.resolve(custom);
  const key = createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  return { dataDir, userData: path.join(options.defaultUserData, 'vaults', key) };
}
