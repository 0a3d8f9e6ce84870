import type { QuireIpcBridge } from '../src-shared/ipc/ipc-protocol';

export type { QuireIpcBridge };

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser (web mode), where the client uses WebSocket. */
    quireIpc?: QuireIpcBridge;
  }
}
