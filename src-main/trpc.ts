import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import { QuireError } from './errors';
import type { NotesService } from './notes/notes-service';
import type { PreferencesService } from './settings/preferences-service';
import type { TemplatesService } from './templates/templates-service';
import type { SyncService } from './sync/sync-service';
import type { Clock } from './clock';
import type { AppInfo } from '../src-shared/api/settings-api';

/** What every procedure sees. Built once per host; the same for IPC and WebSocket callers. */
export interface TrpcContext {
  notes: NotesService;
  preferences: PreferencesService;
  templates: TemplatesService;
  sync: SyncService;
  clock: Clock;
  appInfo: AppInfo;
}

const t = initTRPC.context<TrpcContext>().create({
  // Never ship stack traces across IPC or WebSocket, whatever NODE_ENV says.
  isDev: false,
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? z.flattenError(error.cause) : null;
    const message =
      error.code === 'INTERNAL_SERVER_ERROR'
        ? 'Quire hit an unexpected problem and did not complete that action. Nothing was changed; details are in the log.'
        : zodError
          ? describeZodError(error.cause as ZodError)
          : shape.message;
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path, zodError },
    };
  },
});

function describeZodError(error: ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The request was not valid.';
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `Invalid input — ${where}${first.message}`;
}

/** Turns the services' expected failures into tRPC errors with the same plain message. */
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
