/**
 * Saving an export: under Electron main shows a save dialog (files.saveExport); in the web host
 * the browser downloads a Blob through a temporary <a download> (a navigation, which the page's
 * CSP does not restrict, unlike a fetch).
 */
import { api } from '../../api/client'

export type SaveOutcome = { kind: 'saved'; path: string } | { kind: 'cancelled' } | { kind: 'downloaded'; name: string }

/** `mimeType` is the download's type in the web host (exportMimeTypes has the record exports'). */
export async function saveExport(name: string, mimeType: string, content: string): Promise<SaveOutcome> {
  if (window.kinesisInspector !== undefined) {
    const { path } = await api.files.saveExport({ suggestedName: name, content })
    return path === null ? { kind: 'cancelled' } : { kind: 'saved', path }
  }
  const url = URL.createObjectURL(new Blob([content], { type: `${mimeType};charset=utf-8` }))
  const anchor = document.createElement('a')
  anchor.href = url
  anchor.download = name
  anchor.hidden = true
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  // The download has its own reference to the data once started; free ours a little later.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return { kind: 'downloaded', name }
}
