import type { ScheduledTask, Scheduler } from '../clock';

/**
 * Where credentials live (the sync session token, later). The real one is the OS keychain via
 * keytar; it is loaded lazily because keytar is a native optional dependency that needs a
 * Secret Service at run time, which a CI box or a headless server may not have.
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

export const SECRET_SERVICE_NAME = 'Quire';

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export function createKeytarSecretStore(service: string = SECRET_SERVICE_NAME): SecretStore {
  let keytar: Promise<KeytarModule> | null = null;
  const load = (): Promise<KeytarModule> => {
    keytar ??= import('keytar').then(
      (mod: { default?: KeytarModule } & Partial<KeytarModule>) => (mod.default ?? mod) as KeytarModule,
    );
    return keytar;
  };
  return {
    get: async (account) => (await load()).getPassword(service, account),
    set: async (account, secret) => (await load()).setPassword(service, account, secret),
    delete: async (account) => (await load()).deletePassword(service, account),
  };
}

export function createMemorySecretStore(): SecretStore {
  const secrets = new Map<string, string>();
  return {
    get: (account) => Promise.resolve(secrets.get(account) ?? null),
    set: (account, secret) => {
      secrets.set(account, secret);
      return Promise.resolve();
    },
    delete: (account) => Promise.resolve(secrets.delete(account)),
  };
}

/**
 * Whether a store answers at all: keytar needs its native module and an unlocked Secret Service,
 * which a headless box may lack. A read of an entry that does not exist is harmless either way.
 */
export async function secretStoreAnswers(
  store: SecretStore,
  { scheduler, timeoutMs = 3_000 }: { scheduler: Scheduler; timeoutMs?: number },
): Promise<boolean> {
  let timer: ScheduledTask | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = scheduler.after(timeoutMs, () => resolve(false));
  });
  try {
    return await Promise.race([store.get('quire-probe').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    timer?.cancel();
  }
}
