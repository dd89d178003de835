import { Menu, app } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentFolder } from '../core/config/recent-folders.ts';

export interface MenuActions {
  openFolder(): void;
  openRecent(folder: string): void;
  clearRecent(): void;
}

// On Windows and Linux `&` in a label marks the access key; a folder named "R&D" must show as is.
const literal = (text: string): string => (process.platform === 'darwin' ? text : text.replaceAll('&', '&&'));

/** File > Open Recent: most recent first; a folder that is gone is listed, greyed out, until it returns. */
function recentMenu(actions: MenuActions, recent: readonly RecentFolder[]): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: 'No Recent Folders', enabled: false }];
  return [
    ...recent.map(
      (r): MenuItemConstructorOptions =>
        r.missing
          ? { label: literal(`${r.path} (not found)`), enabled: false }
          : { label: literal(r.path), click: () => actions.openRecent(r.path) },
    ),
    { type: 'separator' },
    { label: 'Clear Recent Folders', click: () => actions.clearRecent() },
  ];
}

/**
 * The native menu, rebuilt whenever the recent folders change. Edit has no Undo/Redo items on
 * purpose: Ctrl+Z / Ctrl+Shift+Z belong to the page, which undoes through the journal; a menu
 * accelerator would swallow them for text-field undo.
 */
export function installMenu(actions: MenuActions, recent: readonly RecentFolder[] = []): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
        { label: 'Open Recent', submenu: recentMenu(actions, recent) },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { type: 'separator' }, { role: 'selectAll' }],
    },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ type: 'separator' } as const, { role: 'toggleDevTools' } as const]),
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
