import { useState } from 'react'
import { Field } from '../../components/Field'
import { formatFromFileName, type SchemaFormat } from '../../../../shared/schemas'
import { fileProblem } from '../schemas/attach-form'
import { sendStore, useSend } from './producer-stores'
import { SchemaFormatOptions } from '../schemas/SchemaFormatOptions'

/** A local schema file (.avsc, .proto with a message name, JSON Schema): the record is written with no header. */
export function SchemaFileField(): React.JSX.Element {
  const schema = useSend((s) => (s.draft.schema?.kind === 'file' ? s.draft.schema : null))
  const { update } = sendStore.getState().actions
  const [problem, setProblem] = useState<string | null>(null)
  const pick = async (file: File | undefined): Promise<void> => {
    if (file === undefined) return
    // Refused before it is read, as the Schemas dialog does.
    const tooBig = fileProblem(file.name, file.size)
    setProblem(tooBig)
    if (tooBig !== null) return
    const definition = await file.text()
    update({ schema: { kind: 'file', fileName: file.name, format: formatFromFileName(file.name) ?? 'JSON', definition, messageName: schema?.messageName ?? null } })
  }
  return (
    <div className="send-row">
      <Field label="Schema file" error={problem} help={schema !== null ? `${schema.fileName}: sent as the bare encoding, no header` : '.avsc, .proto or a JSON Schema'}>
        {(a11y) => <input {...a11y} type="file" accept=".avsc,.proto,.json" onChange={(e) => void pick(e.target.files?.[0])} />}
      </Field>
      <Field label="Format">
        {(a11y) => (
          <select {...a11y} value={schema?.format ?? 'AVRO'} disabled={schema === null} onChange={(e) => schema !== null && update({ schema: { ...schema, format: e.target.value as SchemaFormat } })}>
            <SchemaFormatOptions />
          </select>
        )}
      </Field>
      {schema?.format === 'PROTOBUF' && (
        <Field label="Message name" help="The message a record holds, e.g. shop.Order">
          {(a11y) => (
            <input {...a11y} className="mono" value={schema.messageName ?? ''} onChange={(e) => update({ schema: { ...schema, messageName: e.target.value.trim() === '' ? null : e.target.value } })} />
          )}
        </Field>
      )}
    </div>
  )
}
