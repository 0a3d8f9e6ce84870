import type { SyncStats } from '../src-main/sync/sync-stats';

/** What the `bench:sync` coordinator asks a device process to do. */
export type BenchCommand =
  | { type: 'init'; dataDir: string; deviceName: string }
  | { type: 'import'; count: number; notesFile: string | undefined }
  | {
      type: 'signUp' | 'signIn';
      serverUrl: string;
      email: string;
      password: string;
      /** Resolve once the device pushed at least this many rows and is idle… */
      expectPushed: number;
      /** …and (when set) holds at least this many live notes. */
      expectNotes: number | null;
    }
  | { type: 'edit'; id: string; marker: number }
  | { type: 'markers' }
  | { type: 'close' };

export type BenchReply =
  | { type: 'ok' }
  | { type: 'imported'; count: number; ms: number; ids: string[] }
  | { type: 'synced'; ms: number; stats: SyncStats }
  | { type: 'edited'; savedAt: number }
  | { type: 'markers'; seen: Record<string, number> }
  | { type: 'error'; message: string };
