/** The Electron host: app lifecycle, the secure window, and the IPC side of the contract. */
import { app, BrowserWindow, dialog } from 'electron'
import { writeFile } from 'node:fs/promises'
import { AppCore } from './core/app-core'
import { createRouter } from './router'
import { registerIpcHost } from './host/electron/ipc-host'
import { createSecureWindow, lockDownNavigation } from './host/electron/secure-window'

if (!app.requestSingleInstanceLock()) app.quit()

app.on('web-contents-created', (_event, contents) => lockDownNavigation(contents))

void app.whenReady().then(() => {
  const core = new AppCore({
    env: process.env,
    userDataDir: app.getPath('userData'),
    saveFile: async (suggestedName, content) => {
      const window = BrowserWindow.getFocusedWindow()
      const options = { defaultPath: suggestedName }
      const result = window !== null ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
      if (result.canceled || result.filePath === undefined) return null
      await writeFile(result.filePath, content, 'utf8')
      return result.filePath
    }
  })
  const unregister = registerIpcHost(createRouter(core.handlers(), (message) => console.error(message)))
  let window = createSecureWindow()

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createSecureWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // The sandbox server and every read session stop with the app.
  let disposed = false
  app.on('before-quit', (event) => {
    if (disposed) return
    event.preventDefault()
    disposed = true
    unregister()
    void core.dispose().finally(() => app.quit())
  })
})
