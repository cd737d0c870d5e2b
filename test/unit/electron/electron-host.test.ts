/**
 * The Electron host, with electron itself replaced by a recording fake (the binary cannot run
 * here, and electron has no local stand-in): the window's security settings, navigation and
 * window.open denied, and IPC that checks its sender before the router sees a call.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'

const fake = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, input: unknown) => unknown>()
  const windows: { options: Record<string, unknown>; url: string | null }[] = []
  const openExternal = vi.fn(() => Promise.resolve())
  class BrowserWindow {
    constructor(readonly options: Record<string, unknown>) {
      windows.push({ options, url: null })
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      const last = windows.at(-1)
      if (last !== undefined) last.url = url
      return Promise.resolve()
    }
  }
  return {
    handlers,
    windows,
    openExternal,
    electron: {
      BrowserWindow,
      shell: { openExternal },
      ipcMain: {
        handle: (channel: string, fn: (event: unknown, input: unknown) => unknown) => handlers.set(channel, fn),
        removeHandler: (channel: string) => handlers.delete(channel)
      }
    }
  }
})
vi.mock('electron', () => fake.electron)

import { createSecureWindow, lockDownNavigation, rendererUrl } from '../../../src/main/host/electron/secure-window'
import { registerIpcHost } from '../../../src/main/host/electron/ipc-host'
import { operationNames } from '../../../src/shared/contract'
import type { Router } from '../../../src/main/router'

describe('the secure window', () => {
  it('is isolated, sandboxed, without node integration, and loads only the app', () => {
    createSecureWindow()
    const { options, url } = fake.windows.at(-1) ?? { options: {}, url: null }
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false
    })
    expect(url).toBe(rendererUrl())
    expect(url).toMatch(/^file:\/\/.*renderer\/index\.html$/)
  })

  it('denies navigation away and every new window; http(s) links open in the OS browser', () => {
    const listeners = new Map<string, (event: { preventDefault: () => void }, url: string) => void>()
    let openHandler: (details: { url: string }) => { action: string } = () => ({ action: 'allow' })
    const contents = {
      on: (name: string, fn: (event: { preventDefault: () => void }, url: string) => void) => listeners.set(name, fn),
      getURL: () => rendererUrl(),
      setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn)
    }
    lockDownNavigation(contents as never)

    const prevented = vi.fn()
    listeners.get('will-navigate')?.({ preventDefault: prevented }, 'https://example.com/')
    expect(prevented).toHaveBeenCalledTimes(1)
    listeners.get('will-attach-webview')?.({ preventDefault: prevented }, '')
    expect(prevented).toHaveBeenCalledTimes(2)

    expect(openHandler({ url: 'https://docs.aws.amazon.com/kinesis/' })).toEqual({ action: 'deny' })
    expect(fake.openExternal).toHaveBeenCalledWith('https://docs.aws.amazon.com/kinesis/')
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' })
    expect(fake.openExternal).toHaveBeenCalledTimes(1)
  })
})

describe('IPC', () => {
  let dispatched: unknown[]
  const router: Router = {
    dispatch: (operation, input) => {
      dispatched.push([operation, input])
      return Promise.resolve({ ok: true, result: 'ok' })
    }
  }
  const contents = { id: 7, isDestroyed: () => false, send: vi.fn(), once: vi.fn(), on: vi.fn() }
  const event = (url: string, parent: unknown = null) => ({ sender: contents, senderFrame: { url, parent } })

  beforeEach(() => {
    dispatched = []
    fake.handlers.clear()
  })

  it('registers one handler per operation of the contract, and no other', () => {
    registerIpcHost(router)
    expect([...fake.handlers.keys()].sort()).toEqual([...operationNames].sort())
  })

  it('hands calls from the app page to the router and refuses any other sender', async () => {
    registerIpcHost(router)
    const list = fake.handlers.get('streams.list')
    expect(await list?.(event(rendererUrl()), {})).toEqual({ ok: true, result: 'ok' })
    expect(dispatched).toEqual([['streams.list', {}]])

    for (const refused of [event('https://evil.example/'), event('file:///tmp/other.html'), event(rendererUrl(), { url: 'x' })]) {
      expect(await list?.(refused, {})).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED' } })
    }
    expect(dispatched).toHaveLength(1)
  })

  it("ends a window's session on each navigation without piling up listeners across reloads", async () => {
    const listeners = new Map<string, Set<(details: unknown) => void>>()
    const add = (name: string, fn: (details: unknown) => void): void => {
      listeners.set(name, (listeners.get(name) ?? new Set()).add(fn))
    }
    const page = {
      id: 8,
      isDestroyed: () => false,
      send: vi.fn(),
      on: add,
      once: add,
      removeListener: (name: string, fn: (details: unknown) => void) => listeners.get(name)?.delete(fn)
    }
    const sessions: unknown[] = []
    registerIpcHost({
      dispatch: (_operation, _input, client) => {
        sessions.push(client)
        return Promise.resolve({ ok: true, result: 'ok' })
      }
    })
    const list = fake.handlers.get('streams.list')
    for (let reload = 0; reload < 5; reload++) {
      await list?.({ sender: page, senderFrame: { url: rendererUrl(), parent: null } }, {})
      for (const fn of [...(listeners.get('did-start-navigation') ?? [])]) fn({ isMainFrame: true, isSameDocument: false })
    }
    expect(new Set(sessions).size).toBe(5)
    expect(sessions.every((s) => (s as { disposed: boolean }).disposed)).toBe(true)
    expect(listeners.get('did-start-navigation')?.size ?? 0).toBe(0)
    expect(listeners.get('destroyed')?.size ?? 0).toBe(0)
  })

  it('unregisters everything on dispose', () => {
    const dispose = registerIpcHost(router)
    dispose()
    expect(fake.handlers.size).toBe(0)
  })
})
