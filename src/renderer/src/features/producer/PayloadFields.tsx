import { useRef } from 'react'
import { Field } from '../../components/Field'
import { OrderFields } from './OrderFields'
import { offsetOf, PAYLOAD_KINDS, type DraftCheck, type PayloadKind } from './send-draft'
import { sendStore, useSend } from './producer-stores'

const bodyHelp: Record<Exclude<PayloadKind, 'order'>, string> = {
  json: 'Checked as you type. Placeholders such as {{uuid}} are filled in per record.',
  text: 'Sent as UTF-8. Placeholders such as {{uuid}} are filled in per record.',
  base64: 'The bytes, as base64 (whitespace ignored).',
  hex: 'The bytes, as pairs of hex digits (spaces and 0x ignored).'
}

/** What the record holds: the order form, or a payload in one of the encodings; optional gzip. */
export function PayloadFields(props: { check: DraftCheck }): React.JSX.Element {
  const { payload, body, gzip, schema } = useSend((s) => ({ payload: s.draft.payload, body: s.draft.body, gzip: s.draft.gzip, schema: s.draft.schema }))
  const { setPayload, update } = sendStore.getState().actions
  const { problems, bodyPosition } = props.check
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const goToError = (): void => {
    const area = bodyRef.current
    if (area === null || bodyPosition === null) return
    const offset = offsetOf(area.value, bodyPosition.line, bodyPosition.column)
    area.focus()
    area.setSelectionRange(offset, Math.min(offset + 1, area.value.length))
  }
  return (
    <fieldset className="field-group send-fieldset">
      <legend>Payload</legend>
      <Field label="Payload type">
        {(a11y) => (
          <select {...a11y} value={payload} onChange={(e) => setPayload(e.target.value as PayloadKind)}>
            {PAYLOAD_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      {payload === 'order' ? (
        <>
          <OrderFields problems={problems} />
          {problems.body !== undefined && <p className="field-error">{problems.body}</p>}
        </>
      ) : (
        <Field label="Payload" error={problems.body} help={bodyHelp[payload]}>
          {(a11y) => (
            <textarea
              {...a11y}
              ref={bodyRef}
              className="send-body mono"
              rows={9}
              spellCheck={false}
              value={body}
              onChange={(e) => update({ body: e.target.value })}
            />
          )}
        </Field>
      )}
      {payload !== 'order' && bodyPosition !== null && (
        <button type="button" className="link-button send-goto" onClick={goToError}>
          Go to line {bodyPosition.line}, column {bodyPosition.column}
        </button>
      )}
      <label className="send-inline">
        <input type="checkbox" checked={gzip} disabled={schema !== null} onChange={(e) => update({ gzip: e.target.checked })} />
        Gzip the bytes before sending
      </label>
    </fieldset>
  )
}
