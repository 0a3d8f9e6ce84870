import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { createHttpConsoleApi } from './api';
import { App } from './app';

const listeners = new Set<() => void>();
const api = createHttpConsoleApi({ onSignedOut: () => listeners.forEach((listener) => listener()) });
const onSignedOut = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App api={api} onSignedOut={onSignedOut} />
  </StrictMode>,
);
