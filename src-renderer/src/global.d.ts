/// <reference types="vite/client" />

declare global {
  interface Window {
    /**
     * Set by the editor: saves every pending edit and resolves when the host has them. The
     * Electron shell awaits it before closing the window so quitting mid-sentence loses nothing.
     */
    __quireFlushPendingSaves?: () => Promise<void>;
  }
}

export {};
