/**
 * Exposes one typed function per operation, grouped by domain (window.kinesisInspector.streams.list,
 * …), and `on…` listeners that return an unsubscribe function. The renderer never sees
 * ipcRenderer, the IPC event object, or a way to name a channel itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildDomainApi } from '../shared/api-shape'
import { acknowledgedEvents, acknowledgementOf } from '../shared/contract'

const bridge = buildDomainApi({
  call: (operation, input) => ipcRenderer.invoke(operation, input),
  listen: (event, listener) => {
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload)
    ipcRenderer.on(event, handler)
    return () => {
      ipcRenderer.removeListener(event, handler)
    }
  }
})

// Flow control: every acknowledged event is answered with reader.ack once it has reached this
// window's renderer (the page's listeners run in the same task), so main sends more only as
// fast as the page takes it.
for (const event of acknowledgedEvents) {
  ipcRenderer.on(event, (_event: IpcRendererEvent, payload: unknown) => {
    const ack = acknowledgementOf(event, payload)
    if (ack !== null) void ipcRenderer.invoke(ack.operation, ack.input)
  })
}

contextBridge.exposeInMainWorld('kinesisInspector', bridge)
