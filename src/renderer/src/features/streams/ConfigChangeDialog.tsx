import { useState, type FormEvent, type ReactNode } from 'react'
import type { StreamDetails } from '../../../../shared/domain'
import { configChangeEffect, type ConfigChange } from '../../../../shared/stream-config'
import { api } from '../../api/client'
import { Dialog } from '../../components/Dialog'
import { DialogActions } from '../../components/DialogActions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { useDialogSubmit } from '../../components/use-dialog-submit'
import { useConnections } from '../connections/connections-store'
import { useStreamView } from './stream-view-store'

/** Sends the change, then follows the stream (UPDATING) until it is ACTIVE again. */
async function send(name: string, change: ConfigChange, confirmName: string | null, after: (() => void) | undefined): Promise<void> {
  await api.streams.configure({ name, change, confirmName })
  useStreamView.getState().watchStatus()
  after?.()
}

/**
 * The frame every Configuration change shares: the caller's fields, what the change costs or
 * breaks (the same words main returns), the stream's name typed outside the sandbox (main checks
 * it again), and main's error — UNSUPPORTED where the server lacks the operation — on failure.
 */
export function ConfigChangeDialog(props: {
  title: string
  details: StreamDetails
  /** null while the fields do not make a change (nothing differs, or a field is invalid). */
  change: ConfigChange | null
  label: string
  danger?: boolean
  children: ReactNode
  onClose: () => void
  /** After a successful change (the tags section lists its tags again). */
  onChanged?: () => void
}): React.JSX.Element {
  const name = props.details.name
  const sandbox = useConnections((s) => s.active?.kind === 'sandbox')
  const [typed, setTyped] = useState('')
  const { submit, run } = useDialogSubmit(props.onClose)
  const confirmed = sandbox || typed === name
  const change = props.change
  const onSubmit = (event: FormEvent): void =>
    run(event, change !== null && confirmed ? () => send(name, change, sandbox ? null : typed, props.onChanged) : null)
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form noValidate onSubmit={onSubmit}>
        <div className="dialog-body">
          {props.children}
          {change !== null && (
            <p className="dialog-warning" data-testid="config-consequence">
              {configChangeEffect(name, props.details, change)}
            </p>
          )}
          {!sandbox && (
            <Field label={`Type ${name} to confirm`}>
              {(a11y) => <input {...a11y} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />}
            </Field>
          )}
          {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        </div>
        <DialogActions
          submit={submit}
          label={props.label}
          busyLabel="Changing…"
          onCancel={props.onClose}
          danger={props.danger === true}
          disabled={change === null || !confirmed}
        />
      </form>
    </Dialog>
  )
}
