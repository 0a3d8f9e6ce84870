import { Component, type ErrorInfo, type ReactNode } from 'react';
import { Button } from '../ui';

interface ErrorBoundaryState {
  failed: boolean;
}

/** Last resort for a rendering bug: a plain message and a way out instead of a blank window. */
export class ErrorBoundary extends Component<{ children: ReactNode }, ErrorBoundaryState> {
  override state: ErrorBoundaryState = { failed: false };

  static getDerivedStateFromError(): ErrorBoundaryState {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Quire UI crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h1>Something went wrong in Quire’s window.</h1>
        <p>Your notes are safe: everything you saved is stored. Reloading the window usually fixes this.</p>
        <Button variant="primary" onClick={() => window.location.reload()}>
          Reload
        </Button>
      </div>
    );
  }
}
