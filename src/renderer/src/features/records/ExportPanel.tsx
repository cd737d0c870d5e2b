import { useState } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { countRecords, formatCount } from './format'
import { exportContent, exportedRecords, exportFileName, exportMimeTypes, type ExportFormat } from './record-export'
import { useRecordsActions, useRecordsGetter, useRecordsShallow } from './records-context'
import { saveExport, type SaveOutcome } from './save-export'

type Which = 'loaded' | 'filtered'

/** Opens the export panel. */
export function ExportButton(): React.JSX.Element {
  const { open, loaded } = useRecordsShallow((s) => ({ open: s.exportOpen, loaded: s.records.length }))
  const { setExportOpen } = useRecordsActions()
  return (
    <button type="button" className="small-button" aria-expanded={open} onClick={() => setExportOpen(!open)} disabled={loaded === 0 && !open}>
      Export…
    </button>
  )
}

/** Export the loaded or the filtered records as JSON Lines (re-puttable) or CSV. */
export function ExportPanel(): React.JSX.Element | null {
  const { open, loaded, shown, filterActive, stream } = useRecordsShallow((s) => ({
    open: s.exportOpen,
    loaded: s.records.length,
    shown: s.filtered?.length ?? s.records.length,
    filterActive: s.filtered !== null,
    stream: s.stream
  }))
  const getState = useRecordsGetter()
  const { setExportOpen } = useRecordsActions()
  const [which, setWhich] = useState<Which>('loaded')
  const [outcome, setOutcome] = useState<{ result: SaveOutcome; count: number } | { error: unknown } | null>(null)
  const [busy, setBusy] = useState(false)
  if (!open) return null
  const effective: Which = filterActive ? which : 'loaded'
  const run = async (format: ExportFormat): Promise<void> => {
    setBusy(true)
    setOutcome(null)
    try {
      const records = exportedRecords(getState(), effective, format)
      const content = exportContent(format, stream, records)
      const result = await saveExport(exportFileName(stream, format, Date.now()), exportMimeTypes[format], content)
      setOutcome({ result, count: records.length })
    } catch (error) {
      setOutcome({ error })
    } finally {
      setBusy(false)
    }
  }
  return (
    <section className="rec-export" aria-label="Export records">
      <fieldset>
        <legend>Export</legend>
        <label className="rec-inline">
          <input type="radio" name="rec-export-which" checked={effective === 'loaded'} onChange={() => setWhich('loaded')} />
          All loaded records ({formatCount(loaded)})
        </label>
        <label className="rec-inline">
          <input
            type="radio"
            name="rec-export-which"
            checked={effective === 'filtered'}
            disabled={!filterActive}
            onChange={() => setWhich('filtered')}
          />
          Filtered records ({formatCount(shown)})
        </label>
      </fieldset>
      <div className="rec-export-actions">
        <button type="button" disabled={busy || loaded === 0} onClick={() => void run('jsonl')} title="One JSON object per line: data as base64 and decoded, with every field needed to put it again">
          Export JSON Lines
        </button>
        <button type="button" disabled={busy || loaded === 0} onClick={() => void run('csv')} title="Arrival time, shard, sequence number, partition key, size and text">
          Export CSV
        </button>
        <button type="button" className="link-button" onClick={() => setExportOpen(false)}>
          Close
        </button>
      </div>
      {outcome !== null && 'error' in outcome && <ErrorBanner error={outcome.error} />}
      {outcome !== null && 'result' in outcome && (
        <p className="rec-export-result" role="status">
          {outcome.result.kind === 'saved' && `Saved ${countRecords(outcome.count)} to ${outcome.result.path}`}
          {outcome.result.kind === 'downloaded' && `Downloaded ${countRecords(outcome.count)} as ${outcome.result.name}`}
          {outcome.result.kind === 'cancelled' && 'Export cancelled.'}
        </p>
      )}
    </section>
  )
}
