import type { Logger } from 'pino';
import type { Clock } from '../clock';
import type { SyncAccountRecord } from './account-store';

/**
 * S25 on the device: at host start, a token older than this is exchanged for a fresh one, so a
 * token copied from this machine long ago stops working even while the device keeps syncing.
 */
export const TOKEN_ROTATE_AFTER_MS = 30 * 86_400_000;

export interface TokenRotationDeps {
  clock: Clock;
  log: Logger;
  /** The server call (auth.rotateToken) with the current token. */
  rotate(record: SyncAccountRecord, token: string): Promise<string>;
  writeToken(record: SyncAccountRecord, token: string): Promise<void>;
  /** Saves the record (its `secretIssuedAt`) to settings. */
  saveRecord(record: SyncAccountRecord): void;
}

/**
 * The token to start the session with: `token` itself while young (a record from before rotation
 * existed starts its clock now), else a fresh one from the server, stored in the keychain. Never
 * throws: offline or refused, the old token is used and the session reports what the server says.
 */
export async function rotateTokenIfOld(
  deps: TokenRotationDeps,
  record: SyncAccountRecord,
  token: string,
): Promise<{ record: SyncAccountRecord; token: string }> {
  const now = deps.clock.now();
  if (record.secretIssuedAt === undefined) {
    const dated = { ...record, secretIssuedAt: now };
    deps.saveRecord(dated);
    return { record: dated, token };
  }
  if (now - record.secretIssuedAt < TOKEN_ROTATE_AFTER_MS) return { record, token };
  let fresh: string;
  try {
    fresh = await deps.rotate(record, token);
  } catch (error) {
    deps.log.info({ err: error }, 'could not rotate the sync token; using the current one');
    return { record, token };
  }
  const rotated = { ...record, secretIssuedAt: now };
  try {
    await deps.writeToken(rotated, fresh);
    deps.saveRecord(rotated);
  } catch (error) {
    // The old token is already dead on the server: this run still syncs with the new one.
    deps.log.error({ err: error }, 'could not store the rotated sync token');
  }
  return { record: rotated, token: fresh };
}
