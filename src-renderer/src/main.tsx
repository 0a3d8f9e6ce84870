import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createServices } from './api/create-services';
import { ServicesContext } from './api/services-context';
import { trpcApi, trpcConnection } from './api/trpc-api';
import { App } from './app/App';
import { ErrorBoundary } from './app/ErrorBoundary';
import { readCachedPreferences, applyTheme } from './features/settings';
import './styles/tokens.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/list.css';
import './styles/editor.css';
import './styles/preview.css';
import './styles/overlays.css';
import './styles/sync.css';
import './styles/sidebar.css';

// Before the first render, so the window never flashes the wrong theme.
applyTheme(readCachedPreferences().theme);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <ServicesContext value={createServices(trpcApi, trpcConnection)}>
        <App />
      </ServicesContext>
    </ErrorBoundary>
  </StrictMode>,
);
