import { useRecordsActions, useRecordsShallow } from './records-context'

/** All shards, or a chosen few (open and closed marked). Positions by sequence number read their own shard. */
export function ScopeFields(props: { disabled: boolean }): React.JSX.Element {
  const { scope, chosen, shards, position, shardOfSequence, error } = useRecordsShallow((s) => ({
    scope: s.form.scope,
    chosen: s.form.chosenShards,
    shards: s.shards,
    position: s.form.position,
    shardOfSequence: s.form.sequenceShardId,
    error: s.formErrors.chosenShards
  }))
  const { updateForm } = useRecordsActions()
  if (position === 'AT_SEQUENCE_NUMBER' || position === 'AFTER_SEQUENCE_NUMBER') {
    return (
      <p className="rec-scope-note muted">
        Scope: {shardOfSequence === '' ? 'the shard of the sequence number' : shardOfSequence} and, after it closes, its children.
      </p>
    )
  }
  const toggle = (id: string, on: boolean): void =>
    updateForm({ chosenShards: on ? [...chosen, id] : chosen.filter((c) => c !== id), scope: 'chosen' })
  return (
    <fieldset className="rec-scope" disabled={props.disabled} aria-describedby={error !== undefined ? 'rec-scope-error' : undefined}>
      <legend>Scope</legend>
      <label className="rec-inline" title="Every shard the start position covers, open and closed, merged in one view by arrival time; children of a shard that closes are read after it">
        <input type="radio" name="rec-scope" checked={scope === 'all'} onChange={() => updateForm({ scope: 'all' })} />
        All shards
      </label>
      <label className="rec-inline">
        <input type="radio" name="rec-scope" checked={scope === 'chosen'} onChange={() => updateForm({ scope: 'chosen' })} />
        Chosen shards
      </label>
      {scope === 'chosen' && (
        <ul className="rec-shard-choices" aria-label="Shards to read">
          {shards.map((s) => (
            <li key={s.shardId}>
              <label className="rec-inline mono">
                <input type="checkbox" checked={chosen.includes(s.shardId)} onChange={(e) => toggle(s.shardId, e.target.checked)} />
                {s.shardId}
                <span className={s.open ? 'rec-shard-state rec-open' : 'rec-shard-state rec-closed'}>{s.open ? 'open' : 'closed'}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {error !== undefined && (
        <p id="rec-scope-error" className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  )
}
