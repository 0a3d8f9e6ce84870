import { BrowserWindow, screen, shell } from 'electron';
import type { SettingsStore } from '../settings/settings-store';
import { ATTACHMENT_SCHEME } from '../../src-shared/attachments/attachment-url';
import { isAllowedExternalUrl } from './external-links';
import { withTimeout, type ShellLog } from './shell-log';
import {
  MIN_WINDOW_SIZE,
  WINDOW_STATE_KEY,
  fitToWorkAreas,
  parseWindowState,
  windowStateSchema,
} from './window-state';

export interface MainWindowOptions {
  preloadPath: string;
  /** The dev server in development, the built index.html otherwise. */
  renderer: { url: string } | { file: string };
  settings: SettingsStore;
  log: ShellLog;
  /** "Open" on an attachment link: a file the system's program for its type can open, or null. */
  openAttachment: (url: string) => Promise<string | null>;
}

const FLUSH_SAVES_TIMEOUT_MS = 5_000;
/** Windows whose pending editor saves were flushed; closing them needs no second round. */
const flushedWindows = new WeakSet<BrowserWindow>();

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { log } = options;
  const primary = screen.getPrimaryDisplay().workArea;
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const state = fitToWorkAreas(parseWindowState(options.settings.get(WINDOW_STATE_KEY)), workAreas, primary);

  const win = new BrowserWindow({
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    width: state.width,
    height: state.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Quire',
    // Shown once painted, so the user never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: true,
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  lockDownNavigation(win, log, options.openAttachment);
  rememberGeometry(win, options.settings);
  flushSavesBeforeClose(win, log);

  const load =
    'url' in options.renderer ? win.loadURL(options.renderer.url) : win.loadFile(options.renderer.file);
  load.catch((error: unknown) => log.error({ err: error }, 'The Quire window failed to load its page'));
  return win;
}

/**
 * The window only ever shows the app. Links to the web or mail open in the system's programs;
 * every other navigation, new window and <webview> is refused.
 */
function lockDownNavigation(
  win: BrowserWindow,
  log: ShellLog,
  openAttachment: MainWindowOptions['openAttachment'],
): void {
  const openOutside = (url: string): void => {
    if (url.startsWith(`${ATTACHMENT_SCHEME}:`)) {
      openAttachment(url)
        .then(async (file) => {
          if (file === null) return log.warn({ url }, 'That attachment is not on this device');
          const failure = await shell.openPath(file);
          if (failure !== '') log.warn({ url, failure }, 'Could not open an attachment');
        })
        .catch((error: unknown) => log.warn({ err: error, url }, 'Could not open an attachment'));
      return;
    }
    if (!isAllowedExternalUrl(url)) {
      log.warn({ url }, 'Blocked a link with a scheme Quire does not open');
      return;
    }
    shell.openExternal(url).catch((error: unknown) => log.warn({ err: error, url }, 'Could not open a link'));
  };
  const contents = win.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  // will-navigate covers the main frame only; the CSP forbids frames, this is the second lock.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Saves size, position and maximized state, debounced while the user drags. */
function rememberGeometry(win: BrowserWindow, settings: SettingsStore): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    clearTimeout(timer);
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return;
    // Normal bounds: the size to restore to, even while maximized.
    const parsed = windowStateSchema.safeParse({ ...win.getNormalBounds(), maximized: win.isMaximized() });
    if (parsed.success) settings.set(WINDOW_STATE_KEY, parsed.data);
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 400);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('maximize', later);
  win.on('unmaximize', later);
  win.on('close', save);
}

/**
 * Asks the page to save what the editor still holds (its autosave is debounced) and waits, up
 * to a bound, so closing the window or quitting mid-sentence loses nothing.
 */
export async function flushRendererSaves(win: BrowserWindow, log: ShellLog): Promise<void> {
  if (win.isDestroyed() || flushedWindows.has(win)) return;
  try {
    await withTimeout(
      win.webContents.executeJavaScript('globalThis.__quireFlushPendingSaves?.()').then(() => undefined),
      FLUSH_SAVES_TIMEOUT_MS,
      'Saving pending edits',
    );
  } catch (error) {
    log.error({ err: error }, 'Pending edits could not be saved before closing');
  } finally {
    flushedWindows.add(win);
  }
}

function flushSavesBeforeClose(win: BrowserWindow, log: ShellLog): void {
  let flushing = false;
  win.on('close', (event) => {
    if (flushedWindows.has(win)) return;
    event.preventDefault();
    if (flushing) return;
    flushing = true;
    void flushRendererSaves(win, log).finally(() => {
      if (!win.isDestroyed()) win.close();
    });
  });
}
