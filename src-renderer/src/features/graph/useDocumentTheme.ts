import { useSyncExternalStore } from 'react';
import type { GraphTheme } from './graph-colors';

// The canvas needs colours, not CSS variables: follow the theme the settings put on <html>.
const read = (): GraphTheme => (document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

export function useDocumentTheme(): GraphTheme {
  return useSyncExternalStore(subscribe, read, read);
}
