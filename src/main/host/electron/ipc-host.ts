/**
 * Carries the contract over Electron IPC: one ipcMain handler per operation, each checking that
 * the sender is the app's own renderer before the router sees the call. Each webContents is one
 * client: its read sessions end when it reloads, navigates or is destroyed.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { operationNames, type Envelope } from '../../../shared/contract'
import { createClientSession, type ClientSession, type Router } from '../../router'
import { rendererUrl } from './secure-window'

export function registerIpcHost(router: Router): () => void {
  const sessions = new Map<number, ClientSession>()

  const sessionFor = (contents: WebContents): ClientSession => {
    const existing = sessions.get(contents.id)
    if (existing !== undefined) return existing
    const session = createClientSession(`window-${contents.id}`, (event, payload) => {
      if (!contents.isDestroyed()) contents.send(event, payload)
    })
    // Each session removes its own listeners: a window reloaded many times must not keep one
    // pair per page it ever showed (nor have an old page's listener drop the new page's session).
    const onNavigation = (details: { isMainFrame: boolean; isSameDocument: boolean }): void => {
      if (details.isMainFrame && !details.isSameDocument) end()
    }
    const end = (): void => {
      contents.removeListener('destroyed', end)
      contents.removeListener('did-start-navigation', onNavigation)
      session.dispose()
      if (sessions.get(contents.id) === session) sessions.delete(contents.id)
    }
    contents.once('destroyed', end)
    contents.on('did-start-navigation', onNavigation)
    sessions.set(contents.id, session)
    return session
  }

  for (const operation of operationNames) {
    ipcMain.handle(operation, async (event: IpcMainInvokeEvent, input: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: { code: 'ACCESS_DENIED', message: 'This window may not call Kinesis Inspector.' } }
      }
      try {
        return await router.dispatch(operation, input, sessionFor(event.sender))
      } catch {
        // The router answers everything itself; a throw here is a bug in the host, still answered.
        return { ok: false, error: { code: 'INTERNAL', message: `${operation} could not be answered.` } }
      }
    })
  }

  return () => {
    for (const operation of operationNames) ipcMain.removeHandler(operation)
    for (const session of sessions.values()) session.dispose()
    sessions.clear()
  }
}

/**
 * Only the app's own page, in its main frame, may call main. Anything unexpected about the
 * sender (no frame, a disposed frame whose getters throw, a URL that does not parse) is refused.
 */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  try {
    const frame = event.senderFrame
    if (frame === null || frame.parent !== null) return false
    const expected = new URL(rendererUrl())
    const actual = new URL(frame.url)
    return actual.origin === expected.origin && actual.pathname === expected.pathname
  } catch {
    return false
  }
}
