import { Menu, type MenuItemConstructorOptions } from 'electron';

/** The application menu, built from Electron's standard roles so every platform gets its own. */
export function applicationMenu(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}

export function setupMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenu(process.platform)));
}
