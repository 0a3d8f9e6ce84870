import Conf from 'conf';

/**
 * Small key/value settings persisted as JSON. The Electron shell and the Node host both use
 * `conf` (electron-store's base library, which runs in plain Node); tests use the memory one.
 * Values are `unknown`: every reader validates what it gets with zod, because a settings file
 * can be edited by hand or written by an older version.
 */
export interface SettingsStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export function createConfSettingsStore(options: { cwd: string; configName?: string }): SettingsStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: options.cwd,
    // W4: the settings file is the vault's, readable by its owner only.
    configFileMode: 0o600,
    configName: options.configName ?? 'settings',
    projectName: 'quire',
    // Without an explicit first migration set, conf would replay future migrations from 0.0.0.
    migrations: {},
    projectVersion: '0.1.0',
    clearInvalidConfig: true,
  });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
  };
}

export function createMemorySettingsStore(initial: Record<string, unknown> = {}): SettingsStore {
  const values = new Map<string, unknown>(Object.entries(initial));
  return {
    get: (key) => structuredClone(values.get(key)),
    set: (key, value) => void values.set(key, structuredClone(value)),
    delete: (key) => void values.delete(key),
  };
}
