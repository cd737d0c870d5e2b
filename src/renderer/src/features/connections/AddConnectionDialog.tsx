import { useState, type FormEvent } from 'react'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { DialogActions } from '../../components/DialogActions'
import { useDialogSubmit } from '../../components/use-dialog-submit'
import { ConnectionFields } from './ConnectionFields'
import { emptyConnectionForm, validateConnectionForm, type ConnectionField } from './connection-form'
import { useConnections } from './connections-store'

/**
 * Adds a connection. Validation messages show as soon as a field is left (all of them on
 * submit), with the contract's schema; main's own answer shows if the save fails.
 */
export function AddConnectionDialog(props: { onClose: () => void }): React.JSX.Element {
  const profiles = useConnections((s) => s.state?.profiles)
  const save = useConnections((s) => s.save)
  const [form, setForm] = useState(emptyConnectionForm)
  const [touched, setTouched] = useState<ReadonlySet<ConnectionField> | 'all'>(() => new Set())
  const { submit, run } = useDialogSubmit(props.onClose)
  const validation = validateConnectionForm(form)
  const allErrors = validation.ok ? {} : validation.errors
  const errors = Object.fromEntries(
    Object.entries(allErrors).filter(([field]) => touched === 'all' || touched.has(field as ConnectionField))
  )

  const onSubmit = (event: FormEvent): void => {
    setTouched('all')
    run(event, validation.ok ? () => save(validation.input) : null)
  }

  return (
    <Dialog title="Add connection" onClose={props.onClose}>
      <form noValidate onSubmit={onSubmit}>
        <div className="dialog-body">
          <p className="dialog-note">
            Kinesis Inspector never asks for or stores credentials. A connection uses the credentials of its AWS
            profile (SSO included) from ~/.aws, or the AWS environment (AWS_ACCESS_KEY_ID, AWS_PROFILE…).
          </p>
          <ConnectionFields
            form={form}
            errors={errors}
            {...(profiles !== undefined ? { profiles } : {})}
            onChange={(field, value) => setForm((f) => ({ ...f, [field]: value }))}
            onBlur={(field) => setTouched((t) => (t === 'all' ? t : new Set([...t, field])))}
          />
          {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        </div>
        <DialogActions submit={submit} label="Save and connect" busyLabel="Saving…" onCancel={props.onClose} />
      </form>
    </Dialog>
  )
}
