import { useState, type FormEvent } from 'react'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { DialogActions } from '../../components/DialogActions'
import { useDialogSubmit } from '../../components/use-dialog-submit'
import { ShardCalculator } from '../metrics/ShardCalculator'
import { emptyCreateStreamForm, MAX_SHARDS, validateCreateStream, type CreateStreamForm } from './create-stream-form'
import { MAX_RECORD_SIZE_CHOICES_KIB, maxRecordSizeText } from './record-size'
import { useStreamList } from './stream-list-store'

/** Creates a stream, then opens it: its view shows CREATING until describe says ACTIVE. */
export function CreateStreamDialog(props: { onClose: () => void }): React.JSX.Element {
  const create = useStreamList((s) => s.create)
  const [form, setForm] = useState(emptyCreateStreamForm)
  const [showErrors, setShowErrors] = useState(false)
  const { submit, run } = useDialogSubmit(props.onClose)
  const validation = validateCreateStream(form)
  const errors = showErrors && !validation.ok ? validation.errors : {}
  const change = <K extends keyof CreateStreamForm>(field: K, value: CreateStreamForm[K]): void => setForm((f) => ({ ...f, [field]: value }))

  const onSubmit = (event: FormEvent): void => {
    setShowErrors(true)
    run(event, validation.ok ? () => create(validation.input) : null)
  }

  return (
    <Dialog title="Create stream" onClose={props.onClose}>
      <form noValidate onSubmit={onSubmit}>
        <div className="dialog-body">
          <Field label="Stream name" error={errors.name} help="1–128 characters: letters, digits, _ . and -">
            {(a11y) => (
              <input {...a11y} data-autofocus autoComplete="off" value={form.name} onChange={(e) => change('name', e.target.value)} onBlur={() => setShowErrors((shown) => shown || form.name !== '')} />
            )}
          </Field>
          <Field label="Capacity mode">
            {(a11y) => (
              <select {...a11y} value={form.mode} onChange={(e) => change('mode', e.target.value as CreateStreamForm['mode'])}>
                <option value="PROVISIONED">Provisioned</option>
                <option value="ON_DEMAND">On-demand</option>
              </select>
            )}
          </Field>
          {form.mode === 'PROVISIONED' && (
            <Field label="Shard count" error={errors.shardCount} help={`Each shard takes 1 MB/s or 1,000 records/s in, 2 MB/s out (1–${MAX_SHARDS}).`}>
              {(a11y) => (
                <input {...a11y} type="number" min={1} max={MAX_SHARDS} step={1} value={form.shardCount} onChange={(e) => change('shardCount', e.target.value)} />
              )}
            </Field>
          )}
          {form.mode === 'PROVISIONED' && (
            <details className="create-stream-calculator">
              <summary>How many shards? The shard calculator</summary>
              <ShardCalculator onUse={(shards) => change('shardCount', String(shards))} />
            </details>
          )}
          <Field label="Maximum record size" help="The largest record the stream takes (data plus partition key). Above 1 MiB, every reader must handle records that large; it can be changed later.">
            {(a11y) => (
              <select {...a11y} value={form.maxRecordSizeKiB} onChange={(e) => change('maxRecordSizeKiB', Number(e.target.value))}>
                {MAX_RECORD_SIZE_CHOICES_KIB.map((kib) => (
                  <option key={kib} value={kib}>
                    {maxRecordSizeText(kib)}
                    {kib === 1024 ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        </div>
        <DialogActions submit={submit} label="Create stream" busyLabel="Creating…" onCancel={props.onClose} />
      </form>
    </Dialog>
  )
}
