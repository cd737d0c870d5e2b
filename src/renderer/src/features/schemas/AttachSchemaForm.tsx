import { useState } from 'react'
import { type SchemaFormat } from '../../../../shared/schemas'
import { DialogActions } from '../../components/DialogActions'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { useDialogSubmit } from '../../components/use-dialog-submit'
import { emptyAttachForm, fileProblem, toAttachInput, withFile, type AttachErrors, type AttachForm } from './attach-form'
import type { AttachInput } from './use-stream-schemas'
import { SchemaFormatOptions } from './SchemaFormatOptions'

/** Pick a schema file, say what it is and which records it decodes, and attach it (main compiles it first). */
export function AttachSchemaForm(props: { stream: string; onAttach: (input: AttachInput) => Promise<void>; onClose: () => void }): React.JSX.Element {
  const [form, setForm] = useState<AttachForm>(emptyAttachForm)
  const [errors, setErrors] = useState<AttachErrors>({})
  const [attached, setAttached] = useState<string | null>(null)
  // Bumped after each attach so that the file input (which React does not control) starts empty.
  const [resets, setResets] = useState(0)
  const { submit, run } = useDialogSubmit(() => {
    setAttached(form.fileName)
    setForm(emptyAttachForm)
    setResets((n) => n + 1)
  })
  const update = (patch: Partial<AttachForm>): void => setForm((f) => ({ ...f, ...patch }))

  const pick = async (file: File | undefined): Promise<void> => {
    if (file === undefined) return
    const problem = fileProblem(file.name, file.size)
    setErrors(problem === null ? {} : { file: problem })
    if (problem !== null) return update({ fileName: '', definition: '' })
    setForm((f) => withFile(f, file.name, ''))
    const text = await file.text()
    setForm((f) => withFile(f, file.name, text))
  }

  return (
    <form
      noValidate
      onSubmit={(e) =>
        run(e, () => {
          const checked = toAttachInput(props.stream, form)
          if (!checked.ok) {
            setErrors(checked.errors)
            return Promise.reject(new Error('Fix the fields marked above.'))
          }
          setErrors({})
          setAttached(null)
          return props.onAttach(checked.input)
        })
      }
    >
      <div className="dialog-body schema-attach">
        <h3 className="schema-attach-title">Attach a schema file</h3>
        <Field label="Schema file (.avsc, .proto, JSON Schema)" error={errors.file} help={form.fileName !== '' ? `${form.fileName} (${form.definition.length.toLocaleString('en-US')} characters)` : undefined}>
          {(a11y) => (
            <input
              {...a11y}
              key={resets}
              type="file"
              accept=".avsc,.proto,.json,application/json,text/plain"
              onChange={(e) => {
                void pick(e.target.files?.[0])
              }}
            />
          )}
        </Field>
        <Field label="Format">
          {(a11y) => (
            <select {...a11y} value={form.format} onChange={(e) => update({ format: e.target.value as SchemaFormat })}>
              <SchemaFormatOptions />
            </select>
          )}
        </Field>
        {form.format === 'PROTOBUF' && (
          <Field label="Message (full name)" help="The message a record holds, e.g. shop.Order. Blank: the first message by name.">
            {(a11y) => <input {...a11y} value={form.messageName} onChange={(e) => update({ messageName: e.target.value })} autoComplete="off" placeholder="shop.Order" />}
          </Field>
        )}
        <fieldset className="schema-scope">
          <legend>Decodes</legend>
          <label className="rec-inline">
            <input type="radio" name="schema-scope" checked={form.scope === 'plain'} onChange={() => update({ scope: 'plain' })} />
            Records with no header
          </label>
          <label className="rec-inline">
            <input type="radio" name="schema-scope" checked={form.scope === 'confluent'} onChange={() => update({ scope: 'confluent' })} />
            Confluent-framed records (magic byte 0 and a schema id)
          </label>
        </fieldset>
        {form.scope === 'confluent' && (
          <Field label="Confluent schema id" error={errors.schemaId}>
            {(a11y) => <input {...a11y} inputMode="numeric" value={form.schemaId} onChange={(e) => update({ schemaId: e.target.value })} autoComplete="off" placeholder="17" />}
          </Field>
        )}
        {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        {attached !== null && submit.type !== 'error' && (
          <p role="status" className="dialog-note">
            Attached {attached}. Start a read to decode with it.
          </p>
        )}
      </div>
      <DialogActions submit={submit} label="Attach" busyLabel="Attaching…" onCancel={props.onClose} disabled={form.definition === ''} />
    </form>
  )
}
