import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS } from '../src-shared/ipc/ipc-channels';
// Types only: the protocol module's schemas (zod) must not be bundled into the preload.
import type { IpcServerMessage, QuireIpcBridge } from '../src-shared/ipc/ipc-protocol';

/**
 * The whole preload: two fixed channels behind three functions. No channel name ever comes from
 * the page, and no Electron object (event, ipcRenderer) reaches it, so a compromised page can do
 * nothing but call tRPC procedures, whose inputs main validates.
 */

const bridge: QuireIpcBridge = {
  invoke: (request) =>
    ipcRenderer.invoke(IPC_CHANNELS.invoke, request) as ReturnType<QuireIpcBridge['invoke']>,
  send: (message) => ipcRenderer.send(IPC_CHANNELS.message, message),
  onMessage: (listener) => {
    const forward = (_event: IpcRendererEvent, message: IpcServerMessage): void => listener(message);
    ipcRenderer.on(IPC_CHANNELS.message, forward);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.message, forward);
    };
  },
};

contextBridge.exposeInMainWorld('quireIpc', bridge);
