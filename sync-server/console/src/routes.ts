import { useCallback, useEffect, useState, type MouseEvent } from 'react';

/** The console's pages, under /admin (served with a fallback to index.html, K5). */
export type Route =
  | { page: 'users' }
  | { page: 'user'; userId: string }
  | { page: 'quotas' }
  | { page: 'usage' }
  | { page: 'audit' }
  | { page: 'jobs' }
  | { page: 'health' };

export const BASE = '/admin';

export function parseRoute(pathname: string): Route {
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname;
  const parts = rest.split('/').filter(Boolean);
  const [first, second] = parts;
  if (first === 'users' && second && /^[A-Za-z0-9_-]{1,64}$/.test(second))
    return { page: 'user', userId: second };
  if (first === 'quotas' || first === 'usage' || first === 'audit' || first === 'jobs' || first === 'health')
    return { page: first };
  return { page: 'users' };
}

export function hrefOf(route: Route): string {
  return route.page === 'user' ? `${BASE}/users/${route.userId}` : `${BASE}/${route.page}`;
}

/** The current route and a way to go elsewhere (history.pushState; Back and Forward work). */
export function useRoute(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname));
  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: Route) => {
    const href = hrefOf(next);
    if (window.location.pathname !== href) window.history.pushState(null, '', href);
    setRoute(next);
    window.scrollTo?.(0, 0);
  }, []);
  return [route, go];
}

/** A link that navigates in the app for a plain click, and behaves as a link for anything else. */
export function linkHandler(go: (route: Route) => void, route: Route) {
  return (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    go(route);
  };
}
