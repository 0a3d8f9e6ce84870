import { createContext } from 'react';
import type { TitleResolver } from '../features/editor';
import type { SyncStatusFeed } from '../features/sync';
import type { TemplatesStore } from '../features/templates';
import type { QuireApi } from './quire-api';
import type { NotesChangesFeed } from './notes-changes-feed';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

/** The transport's connection state, shaped for `useSyncExternalStore`. */
export interface ConnectionStore {
  getSnapshot: () => ConnectionStatus;
  subscribe: (listener: () => void) => () => void;
}

/** Everything the UI needs from outside itself; tests provide fakes through the same context. */
export interface Services {
  api: QuireApi;
  connection: ConnectionStore;
  changes: NotesChangesFeed;
  /** The device's sync state (`sync.onStatus`), shared by every view of it. */
  sync: SyncStatusFeed;
  titles: TitleResolver;
  templates: TemplatesStore;
}

export const ServicesContext = createContext<Services | null>(null);
