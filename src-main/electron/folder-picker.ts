import type { BrowserWindow, Dialog } from 'electron';
import type { FolderPicker } from '../app/folder-picker';

const TITLES = {
  import: { title: 'Import folder', buttonLabel: 'Import' },
  export: { title: 'Export vault to', buttonLabel: 'Export here' },
} as const;

/**
 * The OS folder dialog for the vault dialogs' "Choose…". Attached to the window when there is one,
 * so it is modal to it (a sheet on macOS). `createDirectory` lets an export go to a new folder.
 */
export function createElectronFolderPicker(deps: {
  dialog: Pick<Dialog, 'showOpenDialog'>;
  window: () => BrowserWindow | null;
}): FolderPicker {
  return {
    async pick(purpose) {
      const options = {
        ...TITLES[purpose],
        properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
      };
      const win = deps.window();
      const result =
        win && !win.isDestroyed()
          ? await deps.dialog.showOpenDialog(win, options)
          : await deps.dialog.showOpenDialog(options);
      const chosen = result.filePaths[0];
      return result.canceled || chosen === undefined ? { cancelled: true } : { path: chosen };
    },
  };
}
