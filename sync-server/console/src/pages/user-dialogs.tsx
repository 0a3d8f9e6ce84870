import { useState } from 'react';
import type { FailureReason } from '../../../../src-shared/errors/reasons';
import type { AdminInvite } from '../../../../src-shared/sync/admin';
import { useConsole } from '../context';
import { dateTime } from '../format';
import { useAction } from '../hooks';
import { Button, Dialog, Field, SelectField, useToast } from '../ui';
import { FailureNote } from './user-actions';

const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function CreateUserDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { api } = useConsole();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<'member' | 'admin'>('member');
  const [tried, setTried] = useState(false);
  const [reason, setReason] = useState<FailureReason | null>(null);
  const { busy, run } = useAction(setReason);
  const emailError = !EMAIL.test(email.trim()) ? 'Enter an email address.' : null;
  const passwordError = password.length < 8 ? 'Use at least 8 characters.' : null;

  const close = () => {
    setEmail('');
    setPassword('');
    setRole('member');
    setTried(false);
    setReason(null);
    onClose();
  };
  return (
    <Dialog
      open={open}
      title="New user"
      onClose={close}
      submitLabel="Create user"
      busy={busy}
      onSubmit={() => {
        setTried(true);
        if (emailError || passwordError) return;
        setReason(null);
        const address = email.trim();
        void run(() => api.users.create({ email: address, password, role })).then((ok) => {
          if (!ok) return;
          toast.show(`${address} can now sign in.`);
          close();
          onCreated();
        });
      }}
    >
      <FailureNote reason={reason} />
      <Field
        label="Email"
        type="email"
        autoComplete="off"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={tried ? emailError : null}
      />
      <Field
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        hint="Give it to them yourself; at least 8 characters, not a common password."
        error={tried ? passwordError : null}
      />
      <SelectField
        label="Role"
        value={role}
        onChange={(event) => setRole(event.target.value === 'admin' ? 'admin' : 'member')}
        options={[
          { value: 'member', label: 'Member' },
          { value: 'admin', label: 'Administrator' },
        ]}
      />
    </Dialog>
  );
}

const EXPIRY_OPTIONS = [
  { value: '24', label: '1 day' },
  { value: '168', label: '7 days' },
  { value: '720', label: '30 days' },
] as const;

/** Creates an invite and shows its code once: the server keeps only its hash. */
export function InviteDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated?: () => void;
}) {
  const { api } = useConsole();
  const [email, setEmail] = useState('');
  const [hours, setHours] = useState('168');
  const [tried, setTried] = useState(false);
  const [invite, setInvite] = useState<AdminInvite | null>(null);
  const [copied, setCopied] = useState(false);
  const [reason, setReason] = useState<FailureReason | null>(null);
  const { busy, run } = useAction(setReason);
  const emailError =
    email.trim() && !EMAIL.test(email.trim()) ? 'Enter an email address, or leave it empty.' : null;

  const close = () => {
    setEmail('');
    setHours('168');
    setTried(false);
    setInvite(null);
    setCopied(false);
    setReason(null);
    onClose();
  };
  const server = window.location.origin;
  const message = invite?.code
    ? `You're invited to the Quire sync server ${server}. In Quire, open Sync, choose "Create account", enter this server and the invite code ${invite.code}. It works once, until ${dateTime(invite.expiresAt)}.`
    : '';

  if (invite?.code) {
    return (
      <Dialog open={open} title="Invite created" onClose={close}>
        <p>
          Send this to the person you invite. The code is shown only now; the server keeps no readable copy.
        </p>
        <dl className="facts">
          <dt>Server</dt>
          <dd>
            <code>{server}</code>
          </dd>
          <dt>Invite code</dt>
          <dd>
            <code className="invite-code" data-testid="invite-code">
              {invite.code}
            </code>
          </dd>
          <dt>For</dt>
          <dd>{invite.email ?? 'Anyone with the code'}</dd>
          <dt>Expires</dt>
          <dd>{dateTime(invite.expiresAt)}</dd>
        </dl>
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(message).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy invitation'}
        </Button>
      </Dialog>
    );
  }
  return (
    <Dialog
      open={open}
      title="Invite someone"
      onClose={close}
      submitLabel="Create invite"
      busy={busy}
      onSubmit={() => {
        setTried(true);
        if (emailError) return;
        setReason(null);
        const address = email.trim();
        void run(async () => {
          setInvite(
            await api.invites.create({
              ...(address ? { email: address } : {}),
              expiresInHours: Number(hours),
            }),
          );
          onCreated?.();
        });
      }}
    >
      <FailureNote reason={reason} />
      <p className="muted">
        An invite lets one person create an account, even while registration is by invitation only.
      </p>
      <Field
        label="Email (optional)"
        type="email"
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        hint="Set it and only this address can use the invite."
        error={tried ? emailError : null}
      />
      <SelectField
        label="Valid for"
        value={hours}
        onChange={(event) => setHours(event.target.value)}
        options={EXPIRY_OPTIONS}
      />
    </Dialog>
  );
}
