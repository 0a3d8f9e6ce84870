import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { IPC_CHANNELS, IpcServerMessage, QuireIpcBridge } from '../src-shared/ipc/ipc-protocol';

/**
 * The whole preload: two fixed channels behind three functions. No channel name ever comes from
 * the page, and no Electron object (event, ipcRenderer) reaches it, so a compromised page can do
 * nothing but call tRPC procedures, whose inputs main validates.
 */

/**
 * A copy of IPC_CHANNELS, checked against it at compile time: importing the protocol module at
 * run time would bundle zod (its schemas) into the preload of every page.
 */
const CHANNELS = {
  invoke: 'quire:trpc-invoke',
  message: 'quire:trpc-message',
} as const satisfies typeof IPC_CHANNELS;

const bridge: QuireIpcBridge = {
  invoke: (request) => ipcRenderer.invoke(CHANNELS.invoke, request) as ReturnType<QuireIpcBridge['invoke']>,
  send: (message) => ipcRenderer.send(CHANNELS.message, message),
  onMessage: (listener) => {
    const forward = (_event: IpcRendererEvent, message: IpcServerMessage): void => listener(message);
    ipcRenderer.on(CHANNELS.message, forward);
    return () => {
      ipcRenderer.removeListener(CHANNELS.message, forward);
    };
  },
};

contextBridge.exposeInMainWorld('quireIpc', bridge);
