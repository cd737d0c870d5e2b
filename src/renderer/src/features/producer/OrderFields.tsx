import { Field } from '../../components/Field'
import { ORDER_SOURCES, type DraftProblems } from './send-draft'
import { sendStore, useSend } from './producer-stores'

/** The seed article's order form: Id, Source, Store id, Pizza id, Timestamp. */
export function OrderFields(props: { problems: DraftProblems }): React.JSX.Element {
  const order = useSend((s) => s.draft.order)
  const { updateOrder } = sendStore.getState().actions
  return (
    <div className="order-fields">
      <div className="field">
        <span className="field-label-text">Id</span>
        <p className="order-id muted">A fresh UUID for every order sent</p>
      </div>
      <Field label="Source" error={props.problems.source} help="web, mobile, store, phone, partner — or anything else">
        {(a11y) => (
          <>
            <input {...a11y} list="order-sources" value={order.source} onChange={(e) => updateOrder({ source: e.target.value })} />
            <datalist id="order-sources">
              {ORDER_SOURCES.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Store id" error={props.problems.storeId}>
        {(a11y) => <input {...a11y} value={order.storeId} onChange={(e) => updateOrder({ storeId: e.target.value })} />}
      </Field>
      <Field label="Pizza id" error={props.problems.pizzaId}>
        {(a11y) => <input {...a11y} value={order.pizzaId} onChange={(e) => updateOrder({ pizzaId: e.target.value })} />}
      </Field>
      <Field label="Timestamp" error={props.problems.timestamp} help="ISO 8601; empty sends the time of sending">
        {(a11y) => (
          <div className="order-time">
            <input
              {...a11y}
              className="mono"
              placeholder="now"
              value={order.timestamp}
              onChange={(e) => updateOrder({ timestamp: e.target.value })}
            />
            <button type="button" className="small-button" onClick={() => updateOrder({ timestamp: new Date().toISOString() })}>
              Fill in now
            </button>
          </div>
        )}
      </Field>
    </div>
  )
}
