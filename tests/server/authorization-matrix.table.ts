import type { SyncRejectionReason } from '../../src-shared/sync/protocol';
import { note, PASSWORD, syncFields, uniqueEmail } from '../support/sync-server';

/**
 * T1 (docs/sync-protocol.md): who may call what, one row per procedure of the router. The test
 * beside this file fails when the router has a procedure without a row here, a row names a
 * procedure the router does not have, or any cell differs from what the server answers.
 *
 * Every caller acts on the member's ids (vault, device, user): the member on their own, everyone
 * else on someone else's. So a cell is a statement about one caller reaching one account.
 */

export const CALLERS = [
  /** No token, no cookie. */
  'anonymous',
  /** A live device session of an ordinary member (the owner of the ids every input names). */
  'member',
  /** A live device session of a member of another account. */
  'otherMember',
  /** A device of the member that was revoked. */
  'revoked',
  /** A device session of a user disabled after signing in. */
  'disabled',
  /** A live device session of an administrator. */
  'admin',
  /** The admin console: its cookie and `x-quire-console: 1`, no bearer token (HTTP only). */
  'adminConsole',
] as const;
export type Caller = (typeof CALLERS)[number];

/** 'allow', or the reason the refusal must carry (`data.reason`). */
export type Expected = 'allow' | SyncRejectionReason;

export interface Party {
  userId: string;
  email: string;
  deviceId: string;
  vaultId: string;
  token: string;
}

/** What an input factory may use; the members are created once per suite. */
export interface MatrixWorld {
  member: Party;
  admin: Party;
  caller: Caller;
  /** Another device of the member, made for this one call (for calls that end what they name). */
  spareMemberDevice(): Promise<Party>;
  /** A member account of its own (made by the admin), for admin calls that change or delete it. */
  freshMember(): Promise<{ userId: string }>;
  /** An invite the admin made for this one call, by id (for calls that revoke it). */
  freshInviteId(): Promise<string>;
  /** A fresh member whose deletion the admin has scheduled (for calls that cancel it). */
  memberScheduledForDeletion(): Promise<{ userId: string }>;
}

export interface MatrixRow {
  type: 'query' | 'mutation' | 'subscription';
  /** A valid input: a refusal can only be about who asks. */
  input(world: MatrixWorld): unknown;
  /**
   * The call ends or changes the caller's own session (sign-out, console sign-out): each cell
   * gets a session of its own instead of the suite's.
   */
  consumesSession?: boolean;
  expect: Record<Caller, Expected>;
}

/** Long and uncommon enough for the password rules (S7). */
const STRONG_PASSWORD = 'matrix: seven violet kangaroos';

const everyone = (outcome: Expected): Record<Caller, Expected> => ({
  anonymous: outcome,
  member: outcome,
  otherMember: outcome,
  revoked: outcome,
  disabled: outcome,
  admin: outcome,
  adminConsole: outcome,
});

/** authedProcedure on the caller's own account: any live device; the console cookie is no device. */
const ownAccount: Record<Caller, Expected> = {
  anonymous: 'UNAUTHENTICATED',
  member: 'allow',
  otherMember: 'allow',
  revoked: 'UNAUTHENTICATED',
  disabled: 'UNAUTHENTICATED',
  admin: 'allow',
  adminConsole: 'UNAUTHENTICATED',
};

/** R3: a vault is reachable by its owner's devices only; an admin's session is no exception. */
const memberVault: Record<Caller, Expected> = {
  ...ownAccount,
  otherMember: 'VAULT_NOT_FOUND',
  admin: 'VAULT_NOT_FOUND',
};

/** adminProcedure: an admin's device session or the console cookie. */
const adminOnly: Record<Caller, Expected> = {
  anonymous: 'UNAUTHENTICATED',
  member: 'NOT_ADMIN',
  otherMember: 'NOT_ADMIN',
  revoked: 'UNAUTHENTICATED',
  disabled: 'UNAUTHENTICATED',
  admin: 'allow',
  adminConsole: 'allow',
};

/** K2: console.signIn/signOut answer only the console's own requests (its header). */
const consoleOnly: Record<Caller, Expected> = {
  ...everyone('UNAUTHENTICATED'),
  adminConsole: 'allow',
};

export const MATRIX: Record<string, MatrixRow> = {
  hello: {
    type: 'query',
    input: () => ({ protocolVersion: syncFields('').protocolVersion, clientVersion: 'matrix' }),
    expect: everyone('allow'),
  },
  // Public: a session on the request is ignored, not refused.
  'auth.signUp': {
    type: 'mutation',
    input: () => ({ email: uniqueEmail('matrix'), password: PASSWORD, deviceName: 'matrix' }),
    expect: everyone('allow'),
  },
  'auth.signIn': {
    type: 'mutation',
    input: ({ member }) => ({ email: member.email, password: PASSWORD, deviceName: 'matrix' }),
    expect: everyone('allow'),
  },
  'auth.signOut': { type: 'mutation', input: () => undefined, consumesSession: true, expect: ownAccount },
  'auth.rotateToken': { type: 'mutation', input: () => undefined, consumesSession: true, expect: ownAccount },
  'auth.me': { type: 'query', input: () => undefined, expect: ownAccount },
  'auth.devices': { type: 'query', input: () => undefined, expect: ownAccount },
  // Devices of the caller's own account only: another account's device "does not exist".
  'auth.revokeDevice': {
    type: 'mutation',
    input: async ({ spareMemberDevice }) => ({ deviceId: (await spareMemberDevice()).deviceId }),
    expect: { ...ownAccount, otherMember: 'DEVICE_NOT_FOUND', admin: 'DEVICE_NOT_FOUND' },
  },
  'admin.createInvite': { type: 'mutation', input: () => ({}), expect: adminOnly },
  // G1: every admin.* procedure, whatever it acts on, for admins only (a device or the console).
  'admin.users.list': { type: 'query', input: () => ({}), expect: adminOnly },
  'admin.users.get': { type: 'query', input: ({ member }) => ({ userId: member.userId }), expect: adminOnly },
  'admin.users.create': {
    type: 'mutation',
    input: () => ({ email: uniqueEmail('matrix-created'), password: STRONG_PASSWORD }),
    expect: adminOnly,
  },
  'admin.users.setDisabled': {
    type: 'mutation',
    input: async ({ freshMember }) => ({ userId: (await freshMember()).userId, disabled: true }),
    expect: adminOnly,
  },
  'admin.users.setRole': {
    type: 'mutation',
    input: async ({ freshMember }) => ({ userId: (await freshMember()).userId, role: 'member' }),
    expect: adminOnly,
  },
  'admin.users.resetPassword': {
    type: 'mutation',
    input: async ({ freshMember }) => ({ userId: (await freshMember()).userId, password: STRONG_PASSWORD }),
    expect: adminOnly,
  },
  'admin.users.scheduleDeletion': {
    type: 'mutation',
    input: async ({ freshMember }) => ({ userId: (await freshMember()).userId }),
    expect: adminOnly,
  },
  'admin.users.cancelDeletion': {
    type: 'mutation',
    input: async ({ memberScheduledForDeletion }) => ({
      userId: (await memberScheduledForDeletion()).userId,
    }),
    expect: adminOnly,
  },
  'admin.users.devices': {
    type: 'query',
    input: ({ member }) => ({ userId: member.userId }),
    expect: adminOnly,
  },
  'admin.devices.revoke': {
    type: 'mutation',
    input: async ({ spareMemberDevice }) => ({ deviceId: (await spareMemberDevice()).deviceId }),
    expect: adminOnly,
  },
  'admin.invites.create': { type: 'mutation', input: () => ({}), expect: adminOnly },
  'admin.invites.list': { type: 'query', input: () => undefined, expect: adminOnly },
  'admin.invites.revoke': {
    type: 'mutation',
    input: async ({ freshInviteId }) => ({ inviteId: await freshInviteId() }),
    expect: adminOnly,
  },
  'admin.quotas.defaults': { type: 'query', input: () => undefined, expect: adminOnly },
  'admin.quotas.setDefaults': {
    type: 'mutation',
    input: () => ({ quotaBytes: null, maxFileBytes: null }),
    expect: adminOnly,
  },
  'admin.quotas.setUser': {
    type: 'mutation',
    input: async ({ freshMember }) => ({
      userId: (await freshMember()).userId,
      quotaBytes: 10_000_000,
      maxFileBytes: null,
    }),
    expect: adminOnly,
  },
  'admin.audit.list': { type: 'query', input: () => ({}), expect: adminOnly },
  'admin.jobs.list': { type: 'query', input: () => undefined, expect: adminOnly },
  // The cheapest job, and one that changes nothing a later cell reads.
  'admin.jobs.runNow': { type: 'mutation', input: () => ({ name: 'usage-snapshot' }), expect: adminOnly },
  'admin.usage.series': { type: 'query', input: () => ({ range: '24h' }), expect: adminOnly },
  'admin.health.get': { type: 'query', input: () => undefined, expect: adminOnly },
  'account.usage': { type: 'query', input: () => undefined, expect: ownAccount },
  'account.storage': { type: 'query', input: () => undefined, expect: ownAccount },
  'sync.pull': {
    type: 'query',
    input: ({ member }) => ({ ...syncFields(member.vaultId), checkpoint: null, batchSize: 10 }),
    expect: memberVault,
  },
  'sync.push': {
    type: 'mutation',
    // Each caller writes its own note id, so the test can tell which writes landed.
    input: ({ member, caller }) => ({
      ...syncFields(member.vaultId),
      rows: [{ assumedMasterState: null, newDocumentState: note(`matrix-${caller}`) }],
    }),
    expect: memberVault,
  },
  'sync.stream': {
    type: 'subscription',
    input: ({ member }) => syncFields(member.vaultId),
    expect: memberVault,
  },
  'sync.revisions': {
    type: 'query',
    input: ({ member }) => ({ ...syncFields(member.vaultId), documentId: 'matrix-seed', limit: 5 }),
    expect: memberVault,
  },
  'console.signIn': {
    type: 'mutation',
    input: ({ admin }) => ({ email: admin.email, password: PASSWORD }),
    expect: consoleOnly,
  },
  'console.signOut': { type: 'mutation', input: () => undefined, consumesSession: true, expect: consoleOnly },
  'console.me': { type: 'query', input: () => undefined, expect: adminOnly },
};
