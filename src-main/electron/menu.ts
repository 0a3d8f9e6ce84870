import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { ShellCommand } from '../../src-shared/api/app-shell-api';

/**
 * Standard roles, so shortcuts, labels and platform conventions come from Electron, plus the
 * vault's own File items. Those go to the window through `app.shellCommands` (no IPC channel of
 * their own); their shortcuts are shown but left to the renderer (`registerAccelerator: false`),
 * which owns them in web mode too. There is no "New Note" item: Mod+N is the renderer's.
 */
export function buildApplicationMenu(
  send: (command: ShellCommand) => void,
  platform: NodeJS.Platform = process.platform,
): Menu {
  const item = (label: string, command: ShellCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator ? { accelerator, registerAccelerator: false } : {}),
    click: () => send(command),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    {
      label: 'File',
      submenu: [
        item('Import Folder…', 'importFolder', 'CmdOrCtrl+Shift+O'),
        item('Export Vault…', 'exportVault'),
        { type: 'separator' },
        item('Attachments…', 'openAttachments', 'CmdOrCtrl+Shift+A'),
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: `About ${app.getName()}`, click: () => app.showAboutPanel() }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
