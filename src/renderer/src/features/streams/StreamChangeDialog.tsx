import { useState, type FormEvent, type ReactNode } from 'react'
import { Dialog } from '../../components/Dialog'
import { DialogActions } from '../../components/DialogActions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { useDialogSubmit } from '../../components/use-dialog-submit'
import { useConnections } from '../connections/connections-store'

/**
 * The frame every dialog that changes a stream shares (reshard, maximum record size, record
 * distribution, the Configuration tab's changes): the caller's fields, the stream's name typed
 * outside the sandbox (main checks it again), main's error on failure, Cancel and the change's
 * button, enabled once the fields make a change and the name matches.
 */
export function StreamChangeDialog(props: {
  title: string
  name: string
  label: string
  busyLabel?: string
  danger?: boolean
  /** False while the fields make no change (nothing differs, or a field is invalid). */
  ready: boolean
  /** Sends the change with the typed name: null on the sandbox, where none is asked. */
  onConfirm: (confirmName: string | null) => Promise<unknown>
  onClose: () => void
  children: ReactNode
}): React.JSX.Element {
  const sandbox = useConnections((s) => s.active?.kind === 'sandbox')
  const [typed, setTyped] = useState('')
  const { submit, run } = useDialogSubmit(props.onClose)
  const confirmed = sandbox || typed === props.name
  const onSubmit = (event: FormEvent): void => run(event, props.ready && confirmed ? () => props.onConfirm(sandbox ? null : typed) : null)
  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form noValidate onSubmit={onSubmit}>
        <div className="dialog-body">
          {props.children}
          {!sandbox && (
            <Field label={`Type ${props.name} to confirm`}>
              {(a11y) => <input {...a11y} autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />}
            </Field>
          )}
          {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        </div>
        <DialogActions
          submit={submit}
          label={props.label}
          busyLabel={props.busyLabel ?? 'Changing…'}
          onCancel={props.onClose}
          danger={props.danger === true}
          disabled={!props.ready || !confirmed}
        />
      </form>
    </Dialog>
  )
}
