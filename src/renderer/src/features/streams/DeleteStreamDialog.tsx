import { useState, type FormEvent } from 'react'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { DialogActions } from '../../components/DialogActions'
import { useDialogSubmit } from '../../components/use-dialog-submit'
import { useStreamList } from './stream-list-store'

/** Deletes a stream once its name is typed exactly (main checks the same again). */
export function DeleteStreamDialog(props: { name: string; onClose: () => void }): React.JSX.Element {
  const remove = useStreamList((s) => s.remove)
  const [typed, setTyped] = useState('')
  const { submit, run } = useDialogSubmit(props.onClose)
  const matches = typed === props.name

  const onSubmit = (event: FormEvent): void => run(event, matches ? () => remove(props.name, typed) : null)

  return (
    <Dialog title="Delete stream" onClose={props.onClose}>
      <form noValidate onSubmit={onSubmit}>
        <div className="dialog-body">
          <p className="dialog-warning">
            Deleting <strong className="mono">{props.name}</strong> removes the stream and every record in it. Producers
            and consumers that use it will start to fail. This cannot be undone.
          </p>
          <Field label={`Type ${props.name} to confirm`}>
            {(a11y) => (
              <input {...a11y} data-autofocus autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
            )}
          </Field>
          {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        </div>
        <DialogActions submit={submit} label="Delete" busyLabel="Deleting…" onCancel={props.onClose} danger disabled={!matches} />
      </form>
    </Dialog>
  )
}
