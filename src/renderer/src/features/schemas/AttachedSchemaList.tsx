import type { LocalSchemaSummary } from '../../../../shared/schemas'

function scopeText(s: LocalSchemaSummary): string {
  return s.scope.kind === 'plain' ? 'Records with no header' : `Confluent-framed records with schema id ${s.scope.schemaId}`
}

/** Each attached schema: its label, which records it decodes, its size, and Detach. */
export function AttachedSchemaList(props: { schemas: LocalSchemaSummary[] | null; onDetach: (id: string) => void }): React.JSX.Element {
  if (props.schemas === null) return <p className="muted">Loading attached schemas…</p>
  if (props.schemas.length === 0) return <p className="muted">No schema files are attached to this stream.</p>
  return (
    <ul className="schema-list" aria-label="Attached schemas">
      {props.schemas.map((s) => (
        <li key={s.id} className="schema-item">
          <div>
            <div className="schema-label">{s.label}</div>
            <div className="muted">
              {scopeText(s)} · {(s.size / 1024).toFixed(1)} KB · attached {new Date(s.attachedAt).toLocaleString()}
            </div>
          </div>
          <button type="button" className="small-button" onClick={() => props.onDetach(s.id)} aria-label={`Detach ${s.fileName}`}>
            Detach
          </button>
        </li>
      ))}
    </ul>
  )
}
