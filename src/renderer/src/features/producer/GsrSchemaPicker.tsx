import { useEffect } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { SlowCall } from '../../components/SlowCall'
import { gsrCompressionLabels, type GsrCompressionChoice } from '../../../../shared/schema-writing'
import { useKinesisEndpointName } from '../connections/connections-store'
import { schemaStore, sendStore, useSchema, useSend } from './producer-stores'
import type { Loaded } from './schema-store'

/** Registry → schema → version (ListRegistries / ListSchemas / ListSchemaVersions) and the GSR compression. */
export function GsrSchemaPicker(): React.JSX.Element {
  const s = useSchema((st) => ({ registries: st.registries, schemas: st.schemas, versions: st.versions, registryName: st.registryName, schemaName: st.schemaName, version: st.version }))
  const schema = useSend((st) => (st.draft.schema?.kind === 'gsr' ? st.draft.schema : null))
  const { pickRegistry, pickSchema, showVersion, loadRegistries, cancelLoading } = schemaStore.getState().actions
  const { update } = sendStore.getState().actions
  const endpoint = useKinesisEndpointName()
  const compression: GsrCompressionChoice = schema?.compression ?? 'none'
  const versionId = schema?.schemaVersionId ?? ''
  useEffect(() => {
    void showVersion(versionId === '' ? null : versionId)
  }, [versionId, showVersion])
  // Protobuf: the messages of the version's file, as main's check lists them; a record holds one.
  const messageNames = useSchema((st) => (st.check.status === 'done' ? (st.check.results[0]?.messageNames ?? []) : []))
  const loading = [s.registries, s.schemas, s.versions, s.version].some((l) => l.status === 'loading')
  const failed = [s.registries, s.schemas, s.versions, s.version].find((l) => l.status === 'error')
  return (
    <div className="send-schema-picker">
      <div className="send-row">
        <Field label="Registry">
          {(a11y) => (
            <select {...a11y} value={s.registryName} onChange={(e) => void pickRegistry(e.target.value)}>
              <option value="">{placeholder(s.registries, 'Choose a registry')}</option>
              {items(s.registries).map((r) => (
                <option key={r.registryName}>{r.registryName}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Schema">
          {(a11y) => (
            <select {...a11y} value={s.schemaName} disabled={s.registryName === ''} onChange={(e) => void pickSchema(e.target.value)}>
              <option value="">{placeholder(s.schemas, 'Choose a schema')}</option>
              {items(s.schemas).map((x) => (
                <option key={x.schemaName}>{x.schemaName}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Version">
          {(a11y) => (
            <select
              {...a11y}
              value={versionId}
              disabled={s.schemaName === ''}
              onChange={(e) => update({ schema: e.target.value === '' ? null : { kind: 'gsr', schemaVersionId: e.target.value, compression } })}
            >
              <option value="">{placeholder(s.versions, 'Choose a version')}</option>
              {items(s.versions).map((v) => (
                <option key={v.schemaVersionId} value={v.schemaVersionId}>
                  v{v.versionNumber}
                  {v.status !== null && v.status !== 'AVAILABLE' ? ` (${v.status})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Compression">
          {(a11y) => (
            <select
              {...a11y}
              value={compression}
              disabled={schema === null}
              onChange={(e) => schema !== null && update({ schema: { ...schema, compression: e.target.value as GsrCompressionChoice } })}
            >
              {(Object.keys(gsrCompressionLabels) as GsrCompressionChoice[]).map((c) => (
                <option key={c} value={c}>
                  {gsrCompressionLabels[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {schema !== null && messageNames.length > 1 && (
          <Field label="Message">
            {(a11y) => (
              <select {...a11y} value={schema.messageName ?? messageNames[0]} onChange={(e) => update({ schema: { ...schema, messageName: e.target.value } })}>
                {messageNames.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            )}
          </Field>
        )}
        <button type="button" className="small-button" onClick={() => void loadRegistries()}>
          Refresh registries
        </button>
        {loading && <SlowCall endpoint={endpoint} onCancel={cancelLoading} />}
      </div>
      {failed !== undefined && failed.status === 'error' && <ErrorBanner error={failed.error} />}
      {s.version.status === 'ready' && versionId !== '' && (
        <details className="send-schema-definition">
          <summary>
            Schema definition ({s.version.value.dataFormat}, {s.version.value.schemaName} v{s.version.value.versionNumber}, id{' '}
            <span className="mono">{s.version.value.schemaVersionId}</span>)
          </summary>
          <pre className="mono">{s.version.value.definition}</pre>
        </details>
      )}
    </div>
  )
}

function items<T>(loaded: Loaded<T[]>): T[] {
  return loaded.status === 'ready' ? loaded.value : []
}

function placeholder(loaded: Loaded<unknown[]>, choose: string): string {
  if (loaded.status === 'loading') return 'Loading…'
  if (loaded.status === 'ready' && loaded.value.length === 0) return 'None found'
  return choose
}
