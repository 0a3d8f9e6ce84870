import { createTRPCUntypedClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import { reasonInData, type FailureReason } from '../../../src-shared/errors/reasons';
import {
  adminDeviceSchema,
  adminInviteSchema,
  adminUserSchema,
  auditPageSchema,
  consoleMeSchema,
  jobSchema,
  quotaDefaultsSchema,
  scheduledPurgeSchema,
  serverHealthSchema,
  usageSeriesSchema,
  userPageSchema,
  type AuditAction,
  type consoleSignInInput,
  type createAdminInviteInput,
  type createUserInput,
  type JobName,
  type listAuditInput,
  type listUsersInput,
  type QuotaDefaults,
  type setUserQuotaInput,
  type UsageRange,
} from '../../../src-shared/sync/admin';
import type { SyncServerRouter } from '../../router';

/**
 * What the console asks of the server: the `console.*` and `admin.*` procedures, typed by the
 * contracts in src-shared/sync/admin.ts. Pages take this interface, so tests hand them a fake;
 * the real one is tRPC over HTTP to /trpc with the console's cookie and its header (K2). Every
 * answer is parsed with its contract, so a page never renders a shape it did not expect.
 */

type Out<S extends z.ZodType> = z.output<S>;

export interface ConsoleApi {
  signIn(input: z.input<typeof consoleSignInInput>): Promise<Out<typeof consoleMeSchema>>;
  signOut(): Promise<void>;
  me(): Promise<Out<typeof consoleMeSchema>>;
  users: {
    list(input: z.input<typeof listUsersInput>): Promise<Out<typeof userPageSchema>>;
    get(userId: string): Promise<Out<typeof adminUserSchema>>;
    create(input: z.input<typeof createUserInput>): Promise<void>;
    setDisabled(userId: string, disabled: boolean): Promise<void>;
    setRole(userId: string, role: 'admin' | 'member'): Promise<void>;
    resetPassword(userId: string, password: string): Promise<void>;
    scheduleDeletion(userId: string): Promise<Out<typeof scheduledPurgeSchema>>;
    cancelDeletion(userId: string): Promise<void>;
    devices(userId: string): Promise<Out<typeof adminDeviceSchema>[]>;
  };
  devices: { revoke(deviceId: string): Promise<void> };
  invites: {
    create(input: z.input<typeof createAdminInviteInput>): Promise<Out<typeof adminInviteSchema>>;
    list(): Promise<Out<typeof adminInviteSchema>[]>;
    revoke(inviteId: string): Promise<void>;
  };
  quotas: {
    defaults(): Promise<QuotaDefaults>;
    setDefaults(input: QuotaDefaults): Promise<void>;
    setUser(input: z.input<typeof setUserQuotaInput>): Promise<void>;
  };
  audit: { list(input: z.input<typeof listAuditInput>): Promise<Out<typeof auditPageSchema>> };
  jobs: { list(): Promise<Out<typeof jobSchema>[]>; runNow(name: JobName): Promise<void> };
  usage: { series(range: UsageRange): Promise<Out<typeof usageSeriesSchema>> };
  health: { get(): Promise<Out<typeof serverHealthSchema>> };
  /** The audit log as CSV for the current filter: a plain link, the cookie rides along. */
  auditCsvUrl(filter: { query: string; action: AuditAction | null }): string;
}

/** A failed call, by reason only: pages show `describeReason(reason)`, never a server message. */
export class ConsoleFailure extends Error {
  constructor(readonly reason: FailureReason) {
    super(reason);
    this.name = 'ConsoleFailure';
  }
}

export function failureReason(error: unknown): FailureReason {
  if (error instanceof ConsoleFailure) return error.reason;
  if (error instanceof TRPCClientError) {
    const reason = reasonInData(error.data);
    if (reason) return reason;
    // No answer at all: fetch itself failed (server down, network gone).
    return error.data === undefined || error.data === null ? 'NETWORK' : 'UNKNOWN';
  }
  return 'UNKNOWN';
}

export const CONSOLE_HEADER = { 'x-quire-console': '1' } as const;

export interface HttpConsoleApiOptions {
  /** Defaults to this page's own /trpc. */
  url?: string;
  /** Called on UNAUTHENTICATED from any call but sign-in: the session ended (expired, revoked). */
  onSignedOut?: () => void;
  fetch?: typeof fetch;
}

export function createHttpConsoleApi(options: HttpConsoleApiOptions = {}): ConsoleApi {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const client = createTRPCUntypedClient<SyncServerRouter>({
    links: [
      httpBatchLink({
        url: options.url ?? '/trpc',
        // The cookie is httpOnly and SameSite=Strict: the browser sends it to this origin only.
        fetch: (input, init) => fetchImpl(input, { ...(init as RequestInit), credentials: 'same-origin' }),
        headers: () => CONSOLE_HEADER,
        maxItems: 10,
      }),
    ],
  });

  async function run<S extends z.ZodType>(
    kind: 'query' | 'mutation',
    path: string,
    input: unknown,
    schema: S,
  ): Promise<z.output<S>> {
    let answer: unknown;
    try {
      answer = kind === 'query' ? await client.query(path, input) : await client.mutation(path, input);
    } catch (error) {
      const reason = failureReason(error);
      if (reason === 'UNAUTHENTICATED' && path !== 'console.signIn') options.onSignedOut?.();
      throw new ConsoleFailure(reason);
    }
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new ConsoleFailure('UNKNOWN');
    return parsed.data;
  }
  const none = z.unknown().transform(() => undefined);
  const query = <S extends z.ZodType>(path: string, input: unknown, schema: S) =>
    run('query', path, input, schema);
  const mutate = (path: string, input: unknown) => run('mutation', path, input, none);

  return {
    signIn: (input) => run('mutation', 'console.signIn', input, consoleMeSchema),
    signOut: () => mutate('console.signOut', undefined),
    me: () => query('console.me', undefined, consoleMeSchema),
    users: {
      list: (input) => query('admin.users.list', input, userPageSchema),
      get: (userId) => query('admin.users.get', { userId }, adminUserSchema),
      create: (input) => mutate('admin.users.create', input),
      setDisabled: (userId, disabled) => mutate('admin.users.setDisabled', { userId, disabled }),
      setRole: (userId, role) => mutate('admin.users.setRole', { userId, role }),
      resetPassword: (userId, password) => mutate('admin.users.resetPassword', { userId, password }),
      scheduleDeletion: (userId) =>
        run('mutation', 'admin.users.scheduleDeletion', { userId }, scheduledPurgeSchema),
      cancelDeletion: (userId) => mutate('admin.users.cancelDeletion', { userId }),
      devices: (userId) => query('admin.users.devices', { userId }, adminDeviceSchema.array()),
    },
    devices: { revoke: (deviceId) => mutate('admin.devices.revoke', { deviceId }) },
    invites: {
      create: (input) => run('mutation', 'admin.invites.create', input, adminInviteSchema),
      list: () => query('admin.invites.list', undefined, adminInviteSchema.array()),
      revoke: (inviteId) => mutate('admin.invites.revoke', { inviteId }),
    },
    quotas: {
      defaults: () => query('admin.quotas.defaults', undefined, quotaDefaultsSchema),
      setDefaults: (input) => mutate('admin.quotas.setDefaults', input),
      setUser: (input) => mutate('admin.quotas.setUser', input),
    },
    audit: { list: (input) => query('admin.audit.list', input, auditPageSchema) },
    jobs: {
      list: () => query('admin.jobs.list', undefined, jobSchema.array()),
      runNow: (name) => mutate('admin.jobs.runNow', { name }),
    },
    usage: { series: (range) => query('admin.usage.series', { range }, usageSeriesSchema) },
    health: { get: () => query('admin.health.get', undefined, serverHealthSchema) },
    auditCsvUrl: ({ query: text, action }) => {
      const params = new URLSearchParams({ query: text, action: action ?? '' });
      return `/admin/api/audit.csv?${params.toString()}`;
    },
  };
}
