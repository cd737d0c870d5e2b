/** The Electron host: app lifecycle, the secure window, and the IPC side of the contract. */
import { app, BrowserWindow, dialog, session } from 'electron'
import { writeFile } from 'node:fs/promises'
import { AppCore } from './core/app-core'
import { installCrashGuards } from './core/crash-guard'
import { createMainLog } from './core/diagnostics/main-log'
import { createClientSession, createRouter } from './router'
import { installAppMenu } from './host/electron/app-menu'
import { registerIpcHost } from './host/electron/ipc-host'
import { createSecureWindow, denyAllPermissions, lockDownNavigation } from './host/electron/secure-window'

if (!app.requestSingleInstanceLock()) app.quit()

const log = createMainLog({ userDataDir: app.getPath('userData') })
installCrashGuards(log)

// Every web contents, not only the main window's: navigation, new windows, <webview> refused.
app.on('web-contents-created', (_event, contents) => lockDownNavigation(contents))

/** The save dialog, over the focused window when there is one; null when the user cancels. */
async function chooseSavePath(suggestedName: string): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow()
  const options = { defaultPath: suggestedName }
  const result = window !== null ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  return result.canceled || result.filePath === undefined ? null : result.filePath
}

void app.whenReady().then(() => {
  denyAllPermissions(session.defaultSession)
  const core = new AppCore({
    env: process.env,
    userDataDir: app.getPath('userData'),
    log,
    appVersion: app.getVersion(),
    saveFile: async (suggestedName, content) => {
      const path = await chooseSavePath(suggestedName)
      if (path !== null) await writeFile(path, content, 'utf8')
      return path
    },
    chooseMatchesFile: chooseSavePath,
    chooseLeaseBackupFile: chooseSavePath
  })
  const handlers = core.handlers()
  const unregister = registerIpcHost(
    createRouter(handlers, { log: (message) => log.write('error', message), logFile: log.path })
  )
  installAppMenu(async () => (await handlers['app.diagnostics']({}, noClient)).text)
  log.write('info', `Kinesis Inspector ${app.getVersion()} started (Electron ${process.versions.electron ?? '?'})`)
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
}).catch((error: unknown) => {
  log.write('error', `Kinesis Inspector could not start: ${error instanceof Error ? (error.stack ?? error.message) : 'unknown error'}`)
  dialog.showErrorBox('Kinesis Inspector could not start', `The details are in ${log.path ?? 'the log'}.`)
  app.exit(1)
})

/** The menu's diagnostics call comes from no window. */
const noClient = createClientSession('menu', () => undefined)
