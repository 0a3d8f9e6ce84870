import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { QuireError } from './errors';
import type { FailureReason } from '../src-shared/errors/reasons';
import { describeReason } from '../src-shared/errors/reason-words';
import { describeInputError } from '../src-shared/errors/input-words';
import type { NotesService } from './notes/notes-service';
import type { PreferencesService } from './settings/preferences-service';
import type { TemplatesService } from './templates/templates-service';
import type { SyncService } from './sync/sync-service';
import type { Clock } from './clock';
import type { AppInfo } from '../src-shared/api/settings-api';

import type { AttachmentsService } from './attachments/attachments-service';
import type { VaultIoService } from './vault-io/vault-io-service';
import type { ShellCommands } from './app/shell-commands';
import type { FolderPicker } from './app/folder-picker';
import type { PropertyCatalogService } from './properties/property-catalog-service';
import type { LinkSuggestService } from './links/link-suggest-service';
import type { LinkIndexService } from './link-index/link-index-service';
import type { DailyNotesService } from './daily-notes/daily-notes-service';
import type { RefactorService } from './refactor/refactor-service';
import type { SnapshotsService } from './snapshots/snapshots-service';
import type { FoldersService } from './folders/folders-service';
import type { TagsService } from './tags/tags-service';
import type { BookmarksService } from './folders/bookmarks-service';
import type { RecentService } from './recent/recent-service';

/** What every procedure sees. Built once per host; the same for IPC and WebSocket callers. */
export interface TrpcContext {
  notes: NotesService;
  preferences: PreferencesService;
  templates: TemplatesService;
  sync: SyncService;
  attachments: AttachmentsService;
  vault: VaultIoService;
  properties: PropertyCatalogService;
  links: LinkSuggestService;
  /** Backlinks, unlinked mentions, outgoing and broken links, the graph. */
  linkIndex: LinkIndexService;
  dailyNotes: DailyNotesService;
  refactor: RefactorService;
  snapshots: SnapshotsService;
  /** The sidebar: folder tree, tag pane, bookmarks. */
  folders: FoldersService;
  tags: TagsService;
  bookmarks: BookmarksService;
  /** Recently opened notes and run commands (the switcher, the palette). */
  recent: RecentService;
  clock: Clock;
  appInfo: AppInfo;
  /** The shell's folder dialog (Electron), or null (web mode, CLI, tests). */
  folderPicker: FolderPicker | null;
  /** The shell's menu items for the window (Electron's File menu). */
  shellCommands: ShellCommands;
}

/** The reason an error carries to callers (`data.reason`); exported for callers in process. */
export function reasonOf(error: TRPCError): FailureReason {
  if (error.cause instanceof QuireError) return error.cause.reason;
  if (error.cause instanceof ZodError || error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR')
    return 'INVALID_INPUT';
  // tRPC's own refusals: no such procedure, or a malformed IPC/WebSocket message.
  if (error.code === 'NOT_FOUND' || error.code === 'METHOD_NOT_SUPPORTED') return 'INVALID_INPUT';
  return 'INTERNAL_ERROR';
}

const t = initTRPC.context<TrpcContext>().create({
  // Never ship stack traces across IPC or WebSocket, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const reason = reasonOf(error);
    const message = reason === 'INVALID_INPUT' ? describeInputError(zodError) : describeReason(reason);
    return {
      ...shape,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError,
        /** Callers branch on this, never on `message` or `code`. */
        reason,
      },
    };
  },
});

/** Turns the services' expected failures into tRPC errors that keep their reason. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof QuireError) {
    throw new TRPCError({
      code: result.error.cause.code,
      message: result.error.cause.message,
      cause: result.error.cause,
    });
  }
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapDomainErrors);
export const createCallerFactory = t.createCallerFactory;
