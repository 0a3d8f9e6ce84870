import { useEffect, useMemo, useState } from 'react';
import { REASON_WORDS } from '../../../src-shared/errors/reason-words';
import type { FailureReason } from '../../../src-shared/errors/reasons';
import type { ConsoleMe } from '../../../src-shared/sync/admin';
import { failureReason, type ConsoleApi } from './api';
import { ConsoleContext, type ConsoleContextValue } from './context';
import { AuditPage } from './pages/Audit';
import { HealthPage } from './pages/Health';
import { JobsPage } from './pages/Jobs';
import { QuotasPage } from './pages/Quotas';
import { SignInPage } from './pages/SignIn';
import { UsagePage } from './pages/Usage';
import { UserDetailPage } from './pages/UserDetail';
import { UsersPage } from './pages/Users';
import { hrefOf, linkHandler, useRoute, type Route } from './routes';
import { Button, ErrorState, Loading, ToastProvider } from './ui';

type Session =
  | { status: 'checking' }
  | { status: 'signed-out'; notice: string | null }
  | { status: 'failed'; reason: FailureReason }
  | { status: 'signed-in'; me: ConsoleMe };

const NAV: readonly { page: Exclude<Route['page'], 'user'>; label: string }[] = [
  { page: 'users', label: 'Users' },
  { page: 'quotas', label: 'Quotas' },
  { page: 'usage', label: 'Usage' },
  { page: 'audit', label: 'Audit log' },
  { page: 'jobs', label: 'Jobs' },
  { page: 'health', label: 'Health' },
];

export interface AppProps {
  api: ConsoleApi;
  /** Registers a callback for "the server ended this session" (any call answered UNAUTHENTICATED). */
  onSignedOut?: (listener: () => void) => () => void;
  now?: () => number;
}

export function App({ api, onSignedOut, now = Date.now }: AppProps) {
  const [session, setSession] = useState<Session>({ status: 'checking' });

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    api.me().then(
      (me) => live && setSession({ status: 'signed-in', me }),
      (error: unknown) => {
        if (!live) return;
        const reason = failureReason(error);
        // No session (or not an admin's) is the ordinary first visit: the sign-in page, quietly.
        if (reason === 'UNAUTHENTICATED' || reason === 'NOT_ADMIN')
          setSession({ status: 'signed-out', notice: null });
        else setSession({ status: 'failed', reason });
      },
    );
    return () => {
      live = false;
    };
  }, [api, attempt]);
  const check = () => {
    setSession({ status: 'checking' });
    setAttempt((n) => n + 1);
  };
  useEffect(
    () =>
      onSignedOut?.(() =>
        setSession((current) =>
          current.status === 'signed-in'
            ? { status: 'signed-out', notice: 'Your console session ended. Sign in again.' }
            : current,
        ),
      ),
    [onSignedOut],
  );

  let body;
  switch (session.status) {
    case 'checking':
      body = (
        <div className="center-page">
          <Loading label="Opening the console…" />
        </div>
      );
      break;
    case 'failed':
      body = (
        <div className="center-page">
          <ErrorState reason={session.reason} onRetry={check} />
        </div>
      );
      break;
    case 'signed-out':
      body = (
        <SignInPage
          api={api}
          notice={session.notice}
          onSignedIn={(me) => setSession({ status: 'signed-in', me })}
        />
      );
      break;
    case 'signed-in':
      body = (
        <Shell
          api={api}
          me={session.me}
          now={now}
          onSignOut={() => setSession({ status: 'signed-out', notice: 'You signed out.' })}
        />
      );
      break;
  }
  return <ToastProvider>{body}</ToastProvider>;
}

function Shell({
  api,
  me,
  now,
  onSignOut,
}: {
  api: ConsoleApi;
  me: ConsoleMe;
  now: () => number;
  onSignOut: () => void;
}) {
  const [route, go] = useRoute();
  const [signingOut, setSigningOut] = useState(false);
  const value = useMemo<ConsoleContextValue>(() => ({ api, me, go, now }), [api, me, go, now]);
  const current = route.page === 'user' ? 'users' : route.page;

  useEffect(() => {
    const label = NAV.find((item) => item.page === current)?.label ?? 'Console';
    document.title = `${label} · Quire admin`;
  }, [current]);

  const signOut = () => {
    setSigningOut(true);
    // Signed out on this screen whatever the answer: the cookie is cleared or already useless.
    api
      .signOut()
      .catch(() => undefined)
      .finally(onSignOut);
  };

  return (
    <ConsoleContext.Provider value={value}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="shell">
        <div className="sidebar-col">
          <aside className="sidebar">
            <div className="brand">
              <span className="brand-mark" aria-hidden="true">
                Q
              </span>
              <span className="brand-name">
                Quire <span className="brand-sub">Sync admin</span>
              </span>
            </div>
            <nav aria-label="Console">
              <ul className="nav">
                {NAV.map((item) => (
                  <li key={item.page}>
                    <a
                      href={hrefOf({ page: item.page })}
                      className={item.page === current ? 'nav-link is-current' : 'nav-link'}
                      aria-current={item.page === current ? 'page' : undefined}
                      onClick={linkHandler(go, { page: item.page })}
                    >
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="sidebar-foot">
              <p className="whoami" title={me.email}>
                {me.email}
              </p>
              <p className="server-facts">
                Server {me.serverVersion} · registration {me.registration}
              </p>
              <Button small variant="ghost" busy={signingOut} onClick={signOut}>
                Sign out
              </Button>
            </div>
          </aside>
        </div>
        <main id="main" className="main" tabIndex={-1}>
          <Page route={route} />
        </main>
      </div>
    </ConsoleContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'users':
      return <UsersPage />;
    case 'user':
      return <UserDetailPage userId={route.userId} />;
    case 'quotas':
      return <QuotasPage />;
    case 'usage':
      return <UsagePage />;
    case 'audit':
      return <AuditPage />;
    case 'jobs':
      return <JobsPage />;
    case 'health':
      return <HealthPage />;
  }
}

/** The headline for a reason, for short places (a toast). */
export function headline(reason: FailureReason): string {
  return REASON_WORDS[reason].headline;
}
