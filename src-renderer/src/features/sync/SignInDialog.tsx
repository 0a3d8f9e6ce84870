import { useId, useState } from 'react';
import { ACCOUNT_LIMITS } from '../../../../src-shared/sync/account';
import {
  Button,
  FormField,
  Icon,
  IconButton,
  LinkButton,
  Modal,
  ModalHeader,
  type TabItem,
  Tabs,
} from '../../ui';
import { useSignInForm, type SignInMode } from './useSignInForm';

interface SignInDialogProps {
  open: boolean;
  onClose: () => void;
}

/** Sign in to a Quire sync server, or create an account on one. */
export function SignInDialog({ open, onClose }: SignInDialogProps) {
  const titleId = useId();
  return (
    <Modal open={open} onClose={onClose} labelledBy={titleId} className="sign-in-dialog">
      <SignInForm titleId={titleId} onDone={onClose} />
    </Modal>
  );
}

const MODES: readonly TabItem<SignInMode>[] = [
  { value: 'sign-in', label: 'Sign in' },
  { value: 'sign-up', label: 'Create account' },
];

function SignInForm({ titleId, onDone }: { titleId: string; onDone: () => void }) {
  const form = useSignInForm({ onDone });
  const { mode, values, fieldErrors, busy, firstEmpty } = form;
  const [showPassword, setShowPassword] = useState(false);
  const signUp = mode === 'sign-up';

  return (
    <>
      <ModalHeader
        icon="cloud"
        title="Sync your notes"
        titleId={titleId}
        lead="Keep your notes the same on all your devices through a Quire sync server. Everything stays on this device too, and works offline."
      />
      {form.notice && (
        <p className="dialog-notice" role="note">
          <Icon name="alert" size={14} />
          {form.notice}
        </p>
      )}
      <Tabs label="Account" items={MODES} value={mode} onChange={form.switchMode} disabled={busy}>
        {(panel) => (
          <form
            {...panel}
            className="sign-in-form"
            noValidate
            aria-busy={busy}
            onSubmit={(event) => {
              event.preventDefault();
              void form.submit();
            }}
          >
            {form.formError && (
              <div className="form-alert" role="alert">
                <Icon name="alert" size={14} />
                <span>{form.formError}</span>
              </div>
            )}
            <FormField
              ref={form.inputRef('serverUrl')}
              label="Server address"
              type="url"
              inputMode="url"
              autoComplete="url"
              spellCheck={false}
              autoCapitalize="off"
              placeholder="https://sync.example.com"
              maxLength={2_000}
              value={values.serverUrl}
              onChange={(v) => form.setValue('serverUrl', v)}
              error={fieldErrors.serverUrl}
              readOnly={busy}
              autoFocusOnOpen={firstEmpty === 'serverUrl'}
            />
            <FormField
              ref={form.inputRef('email')}
              label="Email"
              type="email"
              autoComplete="username"
              spellCheck={false}
              autoCapitalize="off"
              placeholder="name@example.com"
              maxLength={ACCOUNT_LIMITS.emailMaxLength}
              value={values.email}
              onChange={(v) => form.setValue('email', v)}
              error={fieldErrors.email}
              errorAction={
                form.offerSignIn && signUp ? (
                  <LinkButton onClick={() => form.switchMode('sign-in')}>Switch to Sign in</LinkButton>
                ) : undefined
              }
              readOnly={busy}
              autoFocusOnOpen={firstEmpty === 'email'}
            />
            <FormField
              ref={form.inputRef('password')}
              label="Password"
              type={showPassword ? 'text' : 'password'}
              autoComplete={signUp ? 'new-password' : 'current-password'}
              spellCheck={false}
              autoCapitalize="off"
              maxLength={ACCOUNT_LIMITS.passwordMaxLength}
              value={values.password}
              onChange={(v) => form.setValue('password', v)}
              hint={signUp ? `At least ${ACCOUNT_LIMITS.passwordMinLength} characters.` : undefined}
              error={fieldErrors.password}
              readOnly={busy}
              autoFocusOnOpen={firstEmpty === 'password'}
              trailing={
                <IconButton
                  label="Show password"
                  icon={showPassword ? 'eyeOff' : 'eye'}
                  iconSize={14}
                  small
                  className="field-toggle"
                  aria-pressed={showPassword}
                  title={showPassword ? 'Hide password' : 'Show password'}
                  onClick={() => setShowPassword((s) => !s)}
                />
              }
            />
            {signUp && (
              <FormField
                ref={form.inputRef('inviteCode')}
                label="Invite code"
                optional
                autoComplete="off"
                spellCheck={false}
                autoCapitalize="off"
                maxLength={ACCOUNT_LIMITS.inviteCodeMaxLength}
                value={values.inviteCode}
                onChange={(v) => form.setValue('inviteCode', v)}
                hint="Only if the server’s administrator gave you one."
                error={fieldErrors.inviteCode}
                readOnly={busy}
              />
            )}
            <div className="dialog-actions">
              <Button onClick={onDone}>Cancel</Button>
              <Button type="submit" variant="primary" busy={busy} spinner>
                {signUp ? (busy ? 'Creating account…' : 'Create account') : busy ? 'Signing in…' : 'Sign in'}
              </Button>
            </div>
          </form>
        )}
      </Tabs>
    </>
  );
}
