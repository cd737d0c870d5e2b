/**
 * The desktop shell's lockdown, with electron faked (the binary cannot run here): the entry
 * point (src/main/index.ts) denies every permission on the session, guards every web contents
 * created (not only the main window's), installs the crash guards with a log under the
 * user-data folder, and offers Help → Copy diagnostics.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

type Listener = (...args: unknown[]) => void

const fake = vi.hoisted(() => {
  const appListeners = new Map<string, Listener[]>()
  const sessionHandlers: { request?: Listener; check?: (...args: unknown[]) => boolean; device?: (...args: unknown[]) => boolean } = {}
  const state = { userData: '', menu: null as unknown, clipboard: '', windows: [] as { webPreferences?: Record<string, unknown> }[] }
  let copied: (text: string) => void = () => undefined
  const nextCopy = (): Promise<string> => new Promise((resolve) => (copied = resolve))
  const app = {
    requestSingleInstanceLock: () => true,
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: () => state.userData,
    getVersion: () => '9.9.9',
    whenReady: () => Promise.resolve(),
    on: (name: string, fn: Listener) => appListeners.set(name, [...(appListeners.get(name) ?? []), fn])
  }
  class BrowserWindow {
    static getAllWindows = () => []
    static getFocusedWindow = () => null
    webPreferences: unknown
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      this.webPreferences = options.webPreferences
      state.windows.push(options)
    }
    once(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve()
    }
  }
  return {
    appListeners,
    sessionHandlers,
    state,
    nextCopy,
    crashGuards: vi.fn(() => () => undefined),
    electron: {
      app,
      BrowserWindow,
      dialog: { showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: Listener) => (sessionHandlers.request = fn),
          setPermissionCheckHandler: (fn: (...args: unknown[]) => boolean) => (sessionHandlers.check = fn),
          setDevicePermissionHandler: (fn: (...args: unknown[]) => boolean) => (sessionHandlers.device = fn)
        }
      },
      shell: { openExternal: vi.fn(() => Promise.reject(new Error('no browser'))) },
      clipboard: {
        writeText: (text: string) => {
          state.clipboard = text
          copied(text)
        }
      },
      Menu: {
        buildFromTemplate: (template: unknown) => template,
        setApplicationMenu: (menu: unknown) => (state.menu = menu)
      },
      ipcMain: { handle: vi.fn(), removeHandler: vi.fn() }
    }
  }
})
vi.mock('electron', () => fake.electron)
vi.mock('../../../src/main/core/crash-guard', () => ({ installCrashGuards: fake.crashGuards }))

let userData: string
beforeAll(async () => {
  userData = await mkdtemp(join(tmpdir(), 'ki-shell-'))
  fake.state.userData = userData
  await import('../../../src/main/index')
  // whenReady resolved: let its then-callback run.
  await new Promise((resolve) => setImmediate(resolve))
})
afterAll(async () => {
  await rm(userData, { recursive: true, force: true })
})

function fakeContents(url = 'file:///app/out/renderer/index.html') {
  const listeners = new Map<string, Listener>()
  let openHandler: ((details: { url: string }) => { action: string }) | null = null
  return {
    listeners,
    open: (url: string) => openHandler?.({ url }),
    contents: {
      on: (name: string, fn: Listener) => listeners.set(name, fn),
      getURL: () => url,
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn)
    }
  }
}

describe('the desktop shell', () => {
  it('denies every permission request, check and device request', () => {
    const callback = vi.fn()
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      fake.sessionHandlers.request?.({}, permission, callback)
      expect(fake.sessionHandlers.check?.({}, permission, 'file://')).toBe(false)
    }
    expect(callback.mock.calls.every(([granted]) => granted === false)).toBe(true)
    expect(callback).toHaveBeenCalledTimes(6)
    expect(fake.sessionHandlers.device?.({ deviceType: 'hid' })).toBe(false)
  })

  it('guards every web contents created: navigation, redirects, <webview> and new windows', () => {
    const created = fake.appListeners.get('web-contents-created') ?? []
    expect(created).toHaveLength(1)
    const { contents, listeners, open } = fakeContents()
    created[0]?.({}, contents)
    for (const [event, url] of [
      ['will-navigate', 'https://evil.example/'],
      ['will-redirect', 'https://evil.example/'],
      ['will-attach-webview', '']
    ] as const) {
      const preventDefault = vi.fn()
      listeners.get(event)?.({ preventDefault }, url)
      expect(preventDefault, event).toHaveBeenCalledTimes(1)
    }
    // window.open, target=_blank and a middle click all come through the one handler: denied.
    expect(open('https://docs.aws.amazon.com/')).toEqual({ action: 'deny' })
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' })
    expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('creates its window sandboxed, isolated, and with auxclick disabled', () => {
    expect(fake.state.windows).toHaveLength(1)
    expect(fake.state.windows[0]?.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick'
    })
  })

  it('installs the crash guards with a log file under the user-data folder', () => {
    expect(fake.crashGuards).toHaveBeenCalledTimes(1)
    const [log] = fake.crashGuards.mock.calls[0] as unknown as [{ path: string }]
    expect(log.path).toBe(join(userData, 'logs', 'main.log'))
  })

  it('offers Help → Copy diagnostics, which copies versions and no connection details', async () => {
    const menu = fake.state.menu as { role?: string; submenu?: { label: string; click: () => void }[] }[]
    const help = menu.find((item) => item.role === 'help')
    const copy = help?.submenu?.find((item) => item.label === 'Copy diagnostics')
    expect(copy).toBeDefined()
    const copied = fake.nextCopy()
    copy?.click()
    await copied
    expect(fake.state.clipboard).toContain('Kinesis Inspector 9.9.9')
    expect(fake.state.clipboard).toMatch(/Node: \d+\.\d+\.\d+/)
    expect(fake.state.clipboard).toMatch(/AWS SDK for JavaScript \(client-kinesis\): \d+\.\d+\.\d+/)
    expect(fake.state.clipboard).toContain('Connection: none')
  })
})
