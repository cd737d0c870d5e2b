/**
 * Exposes one typed function per operation, grouped by domain (window.kinesisInspector.streams.list,
 * …), and `on…` listeners that return an unsubscribe function. The renderer never sees
 * ipcRenderer, the IPC event object, or a way to name a channel itself.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { buildDomainApi } from '../shared/api-shape'

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

contextBridge.exposeInMainWorld('kinesisInspector', bridge)
