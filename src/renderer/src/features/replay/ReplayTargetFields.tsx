import { useId } from 'react'
import { Field } from '../../components/Field'
import { dataOf } from '../../components/load-state'
import { useConnections } from '../connections/connections-store'
import { useStreamList } from '../streams/stream-list-store'
import { useReplay } from './replay-hooks'
import { rateProblem, targetProblem, type ReplayStore } from './replay-store'

/** Where the records go: a stream on the active or another connection, and how fast. */
export function ReplayTargetFields(props: { store: ReplayStore; disabled: boolean; showErrors: boolean }): React.JSX.Element {
  const { target, limitRate, rate } = useReplay(props.store, (s) => ({ target: s.target, limitRate: s.limitRate, rate: s.rate }))
  const { setTarget, setRate } = props.store.getState().actions
  const active = useConnections((s) => s.active)
  const connections = useConnections((s) => s.state?.connections ?? null)
  const streams = useStreamList((s) => dataOf(s.list))
  const listId = useId()
  const rateName = useId()
  const others = (connections ?? []).filter((c) => c.id !== active?.connectionId)
  return (
    <fieldset className="field-group send-fieldset" disabled={props.disabled}>
      <legend>Target</legend>
      <div className="send-row">
        <Field label="Connection">
          {(a11y) => (
            <select {...a11y} value={target.connectionId ?? ''} onChange={(e) => setTarget({ connectionId: e.target.value === '' ? null : e.target.value })}>
              <option value="">{active !== null ? `${active.name} (active)` : 'The active connection'}</option>
              {others.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} · {c.description}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Target stream" error={props.showErrors ? targetProblem(target) : null}>
          {(a11y) => (
            <>
              <input {...a11y} list={listId} className="mono" value={target.stream} onChange={(e) => setTarget({ stream: e.target.value })} />
              <datalist id={listId}>{target.connectionId === null && (streams ?? []).map((s) => <option key={s.name} value={s.name} />)}</datalist>
            </>
          )}
        </Field>
      </div>
      <div className="send-row">
        <label className="send-inline">
          <input type="radio" name={rateName} checked={!limitRate} onChange={() => setRate({ limitRate: false })} />
          As fast as the stream allows
        </label>
        <label className="send-inline">
          <input type="radio" name={rateName} checked={limitRate} onChange={() => setRate({ limitRate: true })} />
          At most
        </label>
        <input
          type="number"
          min={1}
          className="bulk-rate-input"
          aria-label="Replay records per second"
          aria-invalid={rateProblem({ limitRate, rate }) !== null}
          disabled={!limitRate}
          value={rate}
          onChange={(e) => setRate({ rate: e.target.value })}
        />
        <span>records/s</span>
      </div>
      {rateProblem({ limitRate, rate }) !== null && <p className="field-error">{rateProblem({ limitRate, rate })}</p>}
    </fieldset>
  )
}
