import type { SyncStatus } from '../../../src-shared/api/sync-api';
import type { SyncStats } from '../../../src-main/sync/sync-stats';

/** What a test asks a device process (device-process-main.ts) to do. */
export type DeviceCommand =
  | {
      type: 'init';
      dataDir: string;
      /** A file-backed keychain, so a restarted process still has its session token. */
      secretsFile: string;
      deviceName: string;
      pullBatchSize: number;
    }
  | { type: 'signIn'; serverUrl: string; email: string; password: string }
  | { type: 'inspect' }
  | { type: 'close' };

/** The device's state: every command answers with it. */
export interface DeviceState {
  status: SyncStatus;
  stats: SyncStats;
  /** Notes outside the trash. */
  liveNotes: number;
}

export type DeviceReply =
  { type: 'state'; state: DeviceState } | { type: 'closed' } | { type: 'error'; message: string };

/** Child → parent: a command's answer, or an unprompted report on every sync status change. */
export type DeviceMessage =
  | { kind: 'reply'; seq: number; reply: DeviceReply }
  | { kind: 'report'; status: SyncStatus; stats: SyncStats };

export type ParentMessage = { seq: number; command: DeviceCommand };
