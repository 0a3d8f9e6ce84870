import { app, Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * Standard roles only, so shortcuts, labels and platform conventions come from Electron. There is
 * no "New Note" item: the renderer owns that shortcut (Mod+N) itself, which keeps the menu from
 * needing a custom IPC channel, and it works the same in web mode.
 */
export function buildApplicationMenu(platform: NodeJS.Platform = process.platform): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
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
