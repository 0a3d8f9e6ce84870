import type { QuireApi } from './quire-api';
import type { ConnectionStore, Services } from './services-context';
import { NotesChangesFeed } from '../state/notes-changes-feed';
import { SyncStatusFeed } from '../state/sync-status-feed';
import { TemplatesStore } from '../state/templates-store';
import { TitleResolver } from '../state/title-resolver';

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
