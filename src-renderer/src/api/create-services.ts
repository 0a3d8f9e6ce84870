import type { QuireApi } from './quire-api';
import type { ConnectionStore, Services } from './services-context';
import { NotesChangesFeed } from '../state/notes-changes-feed';
import { TitleResolver } from '../state/title-resolver';

export function createServices(api: QuireApi, connection: ConnectionStore): Services {
  return { api, connection, changes: new NotesChangesFeed(api), titles: new TitleResolver(api) };
}
