import os from 'node:os';
import path from 'node:path';
import { app, dialog, ipcMain, Menu, protocol, session, type BrowserWindow } from 'electron';
import { createHost, DataDirLockedError, type Host } from './host';
import { attachTrpcToIpc } from './ipc/ipc-trpc-server';
import { createKeytarSecretStore } from './secrets/secret-store';
import { createConfSettingsStore } from './settings/settings-store';
import { adaptIpcMain } from './electron/ipc-main-adapter';
import { installGracefulQuit } from './electron/graceful-quit';
import { buildApplicationMenu } from './electron/menu';
import { hardenSession } from './electron/session-security';
import { resolveVaultPaths } from './electron/vault-paths';
import { createMainWindow, flushRendererSaves } from './electron/window';
import { handleAttachmentProtocol, registerAttachmentScheme } from './electron/attachment-protocol';
import { copyForOpening, createAttachmentBytes, recordsFromDatabase } from './attachments/attachment-bytes';
import { createElectronFolderPicker } from './electron/folder-picker';

/**
 * The Electron shell: one window onto one vault. Everything the app does lives in the host
 * (src-main/host.ts), which also runs in plain Node for web mode; this file only wires it to a
 * window, IPC, the menu and the app lifecycle.
 */

const vault = resolveVaultPaths({ defaultUserData: app.getPath('userData'), env: process.env });
// Before the lock and before 'ready': both read userData.
app.setPath('userData', vault.userData);
// Privileged schemes can only be registered before 'ready'.
registerAttachmentScheme(protocol);

// electron-vite builds main to out/main, the preload to out/preload and the page to out/renderer.
const preloadPath = path.join(import.meta.dirname, '../preload/index.cjs');
const devServerUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
const renderer = devServerUrl
  ? { url: devServerUrl }
  : { file: path.join(import.meta.dirname, '../renderer/index.html') };

if (!app.requestSingleInstanceLock()) {
  // The first instance gets 'second-instance' and comes to the front.
  app.quit();
} else {
  start().catch((error: unknown) => {
    // Nothing is open yet that could show it; the terminal (or the OS log) is all there is.
    console.error('Quire failed to start:', error);
    app.exit(1);
  });
}

async function start(): Promise<void> {
  let mainWindow: BrowserWindow | null = null;
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  await app.whenReady();
  hardenSession(session.defaultSession);

  // The same settings file the web host uses for this vault, so preferences follow the vault.
  const settings = createConfSettingsStore({ cwd: vault.dataDir });
  let host: Host;
  try {
    host = await createHost({
      dataDir: vault.dataDir,
      runtime: 'electron',
      settings,
      secrets: createKeytarSecretStore(),
      appVersion: app.getVersion(),
      deviceName: os.hostname(),
      // The vault dialogs' "Choose…": modal to the window once it exists.
      folderPicker: createElectronFolderPicker({ dialog, window: () => mainWindow }),
    });
  } catch (error) {
    const locked = error instanceof DataDirLockedError;
    dialog.showErrorBox(
      locked ? 'This vault is already open' : 'Quire could not open your vault',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
    return;
  }
  const log = host.logger;
  const attachmentBytes = createAttachmentBytes({
    records: recordsFromDatabase(host.db),
    blobs: host.services.attachments.blobs,
  });
  handleAttachmentProtocol(session.defaultSession.protocol, attachmentBytes, log);
  const openAttachment = (url: string): Promise<string | null> =>
    copyForOpening(attachmentBytes, url, path.join(app.getPath('temp'), 'quire-open'));

  const ipc = attachTrpcToIpc({
    router: host.router,
    createContext: () => host.createContext(),
    ipcMain: adaptIpcMain(ipcMain),
    onError: ({ error, path: procedure, type, senderId }) => {
      // Expected failures (not found, invalid input) are answers, not incidents.
      if (error.code === 'INTERNAL_SERVER_ERROR')
        log.error({ err: error, procedure, type, senderId }, 'IPC call failed');
      else log.info({ code: error.code, procedure, type, senderId }, 'IPC call rejected');
    },
  });

  const openWindow = (): void => {
    mainWindow = createMainWindow({ preloadPath, renderer, settings, log, openAttachment });
  };

  installGracefulQuit({
    timeoutMs: 15_000,
    log,
    shutdown: async () => {
      if (mainWindow) await flushRendererSaves(mainWindow, log);
      ipc.dispose();
      await host.flush();
      await host.close();
    },
  });
  app.on('window-all-closed', () => {
    // macOS keeps apps alive without windows; 'activate' brings one back.
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!mainWindow || mainWindow.isDestroyed()) openWindow();
  });

  app.setAboutPanelOptions({ applicationName: 'Quire', applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(buildApplicationMenu((command) => host.shellCommands.send(command)));
  openWindow();
}
