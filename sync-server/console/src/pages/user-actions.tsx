import { useCallback, useState } from 'react';
import { REASON_WORDS } from '../../../../src-shared/errors/reason-words';
import type { FailureReason } from '../../../../src-shared/errors/reasons';
import { formatByteSize, parseByteSize } from '../../../../src-shared/format/byte-size';
import type { AdminUser } from '../../../../src-shared/sync/admin';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useAction } from '../hooks';
import { Dialog, Field, SelectField, useToast, type MenuItem } from '../ui';

/** What an admin can do to one user, from the Users list or the user's own page. */
export type UserAction = 'disable' | 'role' | 'password' | 'delete' | 'quota';

const MIN_PASSWORD = 8;

/** Parses a size field: blank is "follow the default" (null), else bytes, else a message. */
export function readSizeField(
  text: string,
): { ok: true; bytes: number | null } | { ok: false; message: string } {
  if (!text.trim()) return { ok: true, bytes: null };
  const bytes = parseByteSize(text);
  return bytes === null
    ? { ok: false, message: 'Write a size like 5 GB, 500 MB or 1.5 TB.' }
    : { ok: true, bytes };
}

/**
 * The dialogs behind the user actions, and the menu entries that open them. `onChanged` runs
 * after any action that worked, so the page reloads what it shows.
 */
export function useUserActions(onChanged: () => void) {
  const { api, now } = useConsole();
  const toast = useToast();
  const [target, setTarget] = useState<{ action: UserAction; user: AdminUser } | null>(null);
  const [reason, setReason] = useState<FailureReason | null>(null);
  const { busy, run } = useAction(setReason);

  const close = useCallback(() => {
    setTarget(null);
    setReason(null);
  }, []);
  const done = (message: string) => {
    toast.show(message);
    close();
    onChanged();
  };
  // Actions without a dialog report failures in a toast.
  const direct = (action: () => Promise<unknown>, message: string) => {
    void action().then(
      () => {
        toast.show(message);
        onChanged();
      },
      (error: unknown) => toast.show(wordsOf(error), 'error'),
    );
  };

  const menuFor = (user: AdminUser): MenuItem[] => [
    user.disabled
      ? {
          label: 'Enable',
          onSelect: () =>
            direct(() => api.users.setDisabled(user.userId, false), `${user.email} can sign in again.`),
        }
      : { label: 'Disable…', onSelect: () => setTarget({ action: 'disable', user }) },
    { label: 'Change role…', onSelect: () => setTarget({ action: 'role', user }) },
    { label: 'Reset password…', onSelect: () => setTarget({ action: 'password', user }) },
    { label: 'Set quota…', onSelect: () => setTarget({ action: 'quota', user }) },
    user.purgeAt === null
      ? { label: 'Delete…', danger: true, onSelect: () => setTarget({ action: 'delete', user }) }
      : {
          label: 'Cancel deletion',
          onSelect: () =>
            direct(() => api.users.cancelDeletion(user.userId), `Deletion of ${user.email} cancelled.`),
        },
  ];

  const cancelDeletion = (user: AdminUser) =>
    direct(() => api.users.cancelDeletion(user.userId), `Deletion of ${user.email} cancelled.`);

  const dialogs = target && (
    <ActionDialog
      key={`${target.action}-${target.user.userId}`}
      action={target.action}
      user={target.user}
      busy={busy}
      reason={reason}
      now={now()}
      onClose={close}
      onSubmit={(perform, message) => {
        setReason(null);
        void run(perform).then((ok) => ok && done(message));
      }}
    />
  );
  return {
    menuFor,
    dialogs,
    cancelDeletion,
    open: (action: UserAction, user: AdminUser) => setTarget({ action, user }),
  };
}

function wordsOf(error: unknown): string {
  const reason = (error as { reason?: FailureReason }).reason ?? 'UNKNOWN';
  return REASON_WORDS[reason]?.words ?? REASON_WORDS.UNKNOWN.words;
}

export function FailureNote({ reason }: { reason: FailureReason | null }) {
  if (!reason) return null;
  return (
    <div className="form-error" role="alert">
      <strong>{REASON_WORDS[reason].headline}.</strong> {REASON_WORDS[reason].words}
    </div>
  );
}

function ActionDialog({
  action,
  user,
  busy,
  reason,
  now,
  onClose,
  onSubmit,
}: {
  action: UserAction;
  user: AdminUser;
  busy: boolean;
  reason: FailureReason | null;
  now: number;
  onClose: () => void;
  onSubmit: (perform: () => Promise<unknown>, message: string) => void;
}) {
  const { api } = useConsole();
  const [role, setRole] = useState(user.role);
  const [password, setPassword] = useState('');
  const [quota, setQuota] = useState(
    user.quotaIsCustom && user.quotaBytes !== null ? formatByteSize(user.quotaBytes) : '',
  );
  const [maxFile, setMaxFile] = useState(
    user.maxFileIsCustom && user.maxFileBytes !== null ? formatByteSize(user.maxFileBytes) : '',
  );
  const [tried, setTried] = useState(false);
  const common = { open: true, onClose, busy };

  switch (action) {
    case 'disable':
      return (
        <Dialog
          {...common}
          title={`Disable ${user.email}?`}
          submitLabel="Disable"
          submitVariant="danger"
          onSubmit={() =>
            onSubmit(() => api.users.setDisabled(user.userId, true), `${user.email} is disabled.`)
          }
        >
          <FailureNote reason={reason} />
          <p>
            They can no longer sign in, and every device of theirs stops syncing now. Their notes stay on the
            server and on their devices; enable the account to let them back in.
          </p>
        </Dialog>
      );
    case 'role':
      return (
        <Dialog
          {...common}
          title={`Role of ${user.email}`}
          submitLabel="Save role"
          onSubmit={() =>
            onSubmit(
              () => api.users.setRole(user.userId, role),
              `${user.email} is now ${role === 'admin' ? 'an administrator' : 'a member'}.`,
            )
          }
        >
          <FailureNote reason={reason} />
          <SelectField
            label="Role"
            value={role}
            onChange={(event) => setRole(event.target.value === 'admin' ? 'admin' : 'member')}
            options={[
              { value: 'member', label: 'Member — syncs their own notes' },
              { value: 'admin', label: 'Administrator — also runs this console' },
            ]}
          />
        </Dialog>
      );
    case 'password': {
      const short = password.length < MIN_PASSWORD;
      return (
        <Dialog
          {...common}
          title={`Reset the password of ${user.email}`}
          submitLabel="Reset password"
          submitVariant="danger"
          onSubmit={() => {
            setTried(true);
            if (!short)
              onSubmit(
                () => api.users.resetPassword(user.userId, password),
                `Password reset. Every device of ${user.email} was signed out.`,
              );
          }}
        >
          <FailureNote reason={reason} />
          <p>
            This <strong>ends all of their sessions</strong>: every device they use is signed out and must
            sign in again with the new password. Give them the new password yourself.
          </p>
          <Field
            label="New password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            hint={`At least ${MIN_PASSWORD} characters, not a common password.`}
            error={tried && short ? `Use at least ${MIN_PASSWORD} characters.` : null}
          />
        </Dialog>
      );
    }
    case 'delete':
      return (
        <Dialog
          {...common}
          title={`Delete ${user.email}?`}
          submitLabel="Schedule deletion"
          submitVariant="danger"
          onSubmit={() =>
            onSubmit(async () => {
              await api.users.scheduleDeletion(user.userId);
            }, `${user.email} is scheduled for deletion. You can cancel it for 24 hours.`)
          }
        >
          <FailureNote reason={reason} />
          <p>
            The account is signed out everywhere now, and in <strong>24 hours</strong> (after{' '}
            {dateTime(now + 24 * 3_600_000)}) everything it holds is erased from the server: notes, revisions
            and attachments. Until then you can cancel the deletion.
          </p>
        </Dialog>
      );
    case 'quota': {
      const quotaField = readSizeField(quota);
      const fileField = readSizeField(maxFile);
      return (
        <Dialog
          {...common}
          title={`Quota of ${user.email}`}
          submitLabel="Save quota"
          onSubmit={() => {
            setTried(true);
            if (quotaField.ok && fileField.ok)
              onSubmit(
                () =>
                  api.quotas.setUser({
                    userId: user.userId,
                    quotaBytes: quotaField.bytes,
                    maxFileBytes: fileField.bytes,
                  }),
                `Quota of ${user.email} saved.`,
              );
          }}
        >
          <FailureNote reason={reason} />
          <p className="muted">
            Uses {formatByteSize(user.bytesUsed)} now. Leave a field empty to follow the server’s default.
          </p>
          <Field
            label="Storage quota"
            value={quota}
            placeholder="Default"
            onChange={(event) => setQuota(event.target.value)}
            hint="Notes, attachments and revisions together. Like 5 GB or 500 MB."
            error={tried && !quotaField.ok ? quotaField.message : null}
          />
          <Field
            label="Largest file"
            value={maxFile}
            placeholder="Default"
            onChange={(event) => setMaxFile(event.target.value)}
            hint="The biggest single attachment. Like 100 MB."
            error={tried && !fileField.ok ? fileField.message : null}
          />
        </Dialog>
      );
    }
  }
}
