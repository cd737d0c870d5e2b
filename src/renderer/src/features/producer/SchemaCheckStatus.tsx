import { ErrorBanner } from '../../components/ErrorBanner'
import { SlowCall } from '../../components/SlowCall'
import { useKinesisEndpointName } from '../connections/connections-store'
import { formatBytes } from '../records/format'
import { schemaStore, useSchema, useSend } from './producer-stores'

/** Main's answer for the record being edited: the schema it fits and its encoded size, or the field that fails. */
export function SchemaCheckStatus(): React.JSX.Element {
  const check = useSchema((s) => s.check)
  const chosen = useSend((s) => s.draft.schema !== null)
  const first = check.status === 'done' ? check.results[0] : undefined
  const endpoint = useKinesisEndpointName()
  return (
    <div className="send-schema-check" role="status" aria-live="polite">
      {!chosen && <span className="muted">Choose a schema to check the record against.</span>}
      {chosen && check.status === 'checking' && (
        <>
          <span className="muted">Checking against the schema…</span>
          {/* The first check of a version fetches it from Glue: it may wait; Cancel stops waiting. */}
          <SlowCall endpoint={endpoint} onCancel={() => void schemaStore.getState().actions.checkRecords(null, [])} />
        </>
      )}
      {chosen && first !== undefined && first.ok && (
        <span className="send-schema-ok">
          ✓ Fits {first.label} · encoded {formatBytes(first.size)} ({first.size.toLocaleString('en-US')} bytes)
        </span>
      )}
      {chosen && first !== undefined && !first.ok && (
        <span className="field-error">
          Does not fit {first.label}: {first.problem}
        </span>
      )}
      {chosen && check.status === 'error' && <ErrorBanner error={check.error} />}
    </div>
  )
}
