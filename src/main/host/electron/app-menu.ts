/**
 * The application menu: the platform's usual Edit/View/Window menus, and Help → Copy
 * diagnostics (versions, the connection's kind and region — see core/diagnostics).
 */
import { clipboard, Menu, type MenuItemConstructorOptions } from 'electron'

export function appMenuTemplate(diagnosticsText: () => Promise<string>): MenuItemConstructorOptions[] {
  return [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : [{ role: 'fileMenu' as const }]),
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'Copy diagnostics',
          click: () => {
            void diagnosticsText()
              .then((text) => clipboard.writeText(text))
              .catch(() => undefined)
          }
        }
      ]
    }
  ]
}

export function installAppMenu(diagnosticsText: () => Promise<string>): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(diagnosticsText)))
}
