import { TitleResolver } from '../features/editor';
import { SyncStatusFeed } from '../features/sync';
import { TemplatesStore } from '../features/templates';
import type { QuireApi } from './quire-api';
import type { ConnectionStore, Services } from './services-context';
import { NotesChangesFeed } from './notes-changes-feed';

export function createServices(api: QuireApi, connection: ConnectionStore): Services {
  const changes = new NotesChangesFeed(api);
  return {
    api,
    connection,
    changes,
    sync: new SyncStatusFeed(api),
    titles: new TitleResolver(api, changes),
    templates: new TemplatesStore(api),
  };
}
