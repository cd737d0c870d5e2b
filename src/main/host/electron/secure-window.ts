/**
 * The app's only window, locked down: context isolation, the renderer sandbox, no node
 * integration, navigation and new windows denied, external http(s) links handed to the OS.
 * The same guards go on every web contents the app ever creates (index.ts applies them on
 * `web-contents-created`), and the session grants no permission at all.
 */
import { BrowserWindow, shell, type Session, type WebContents } from 'electron'
import { join } from 'node:path'

/** Where the renderer is loaded from: electron-vite's dev server in `dev`, the built file otherwise. */
export function rendererUrl(): string {
  const devServer = process.env.ELECTRON_RENDERER_URL
  return devServer ?? `file://${join(__dirname, '../renderer/index.html')}`
}

export function createSecureWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Kinesis Inspector',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      // A middle click (auxclick) on a link must not open anything either.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false
    }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl())
  return window
}

function isExternalLink(url: string): boolean {
  try {
    const { protocol } = new URL(url)
    return protocol === 'https:' || protocol === 'http:'
  } catch {
    return false
  }
}

/**
 * Applied to every web contents the app ever creates: no navigation away from the page (nor by
 * a redirect), no <webview>, and no new window — window.open, target=_blank and a middle click
 * (auxclick, which Electron routes through the same handler) are all denied, and an http(s)
 * link goes to the OS browser instead: the one checked openExternal.
 */
export function lockDownNavigation(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) void shell.openExternal(url).catch(() => undefined)
    return { action: 'deny' }
  })
}

/**
 * The app needs no permission (camera, microphone, notifications, geolocation, clipboard-read,
 * HID, serial…): every request and every check is denied, for every origin.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}
