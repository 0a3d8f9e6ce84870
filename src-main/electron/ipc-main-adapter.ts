import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type {
  IpcMainLike,
  IpcMessageListener,
  IpcSenderLike,
  SenderNavigationPhase,
} from '../ipc/ipc-trpc-server';

/**
 * Adapts Electron's ipcMain and WebContents to the transport's small interfaces. The transport
 * needs to know when a page's subscriptions are orphaned, which Electron spreads over three
 * WebContents events; they are folded into `onNavigation` here.
 */
export function adaptIpcMain(ipcMain: IpcMain): IpcMainLike {
  const senders = new WeakMap<WebContents, IpcSenderLike>();
  const listeners = new Map<IpcMessageListener, (event: IpcMainEvent, message: unknown) => void>();

  const senderOf = (event: IpcMainEvent | IpcMainInvokeEvent): IpcSenderLike => {
    const contents = event.sender;
    let sender = senders.get(contents);
    if (!sender) {
      sender = adaptWebContents(contents);
      senders.set(contents, sender);
    }
    return sender;
  };

  return {
    handle: (channel, handler) =>
      ipcMain.handle(channel, (event, request: unknown) => {
        assertMainFrame(event);
        return handler({ sender: senderOf(event) }, request);
      }),
    removeHandler: (channel) => ipcMain.removeHandler(channel),
    on: (channel, listener) => {
      const wrapped = (event: IpcMainEvent, message: unknown): void => {
        // Only the main frame has the preload bridge; anything else is not ours to serve.
        if (isMainFrame(event)) listener({ sender: senderOf(event) }, message);
      };
      listeners.set(listener, wrapped);
      ipcMain.on(channel, wrapped);
    },
    off: (channel, listener) => {
      const wrapped = listeners.get(listener);
      if (!wrapped) return;
      ipcMain.off(channel, wrapped);
      listeners.delete(listener);
    },
  };
}

function isMainFrame(event: IpcMainEvent | IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null;
}

function assertMainFrame(event: IpcMainInvokeEvent): void {
  if (!isMainFrame(event)) throw new Error('IPC is only served to the main frame of a Quire window');
}

function adaptWebContents(contents: WebContents): IpcSenderLike {
  return {
    id: contents.id,
    isDestroyed: () => contents.isDestroyed(),
    send: (channel, message) => contents.send(channel, message),
    once: (event, listener) => contents.once(event, listener),
    removeListener: (event, listener) => contents.removeListener(event, listener),
    onNavigation: (listener: (phase: SenderNavigationPhase) => void) => {
      const started = (details: Electron.Event<Electron.WebContentsDidStartNavigationEventParams>): void => {
        if (details.isMainFrame && !details.isSameDocument) listener('started');
      };
      // Main frame, cross-document only (Electron does not emit it for in-page navigations).
      const committed = (): void => listener('committed');
      const gone = (): void => listener('gone');
      contents.on('did-start-navigation', started);
      contents.on('did-navigate', committed);
      contents.on('render-process-gone', gone);
      return () => {
        contents.off('did-start-navigation', started);
        contents.off('did-navigate', committed);
        contents.off('render-process-gone', gone);
      };
    },
  };
}
