/**
 * The "Attach schema" form as plain data: the file's format from its name, the size cap checked
 * before the file is read, and the input main validates again with the contract's schema.
 */
import { formatFromFileName, MAX_SCHEMA_FILE_BYTES, type SchemaFormat } from '../../../../shared/schemas'
import type { AttachInput } from './use-stream-schemas'

export interface AttachForm {
  fileName: string
  definition: string
  format: SchemaFormat
  messageName: string
  scope: 'plain' | 'confluent'
  schemaId: string
}

export const emptyAttachForm: AttachForm = { fileName: '', definition: '', format: 'AVRO', messageName: '', scope: 'plain', schemaId: '' }

export type AttachErrors = Partial<Record<'file' | 'schemaId', string>>

/** Refuses a file too big to be a schema before anything reads it. */
export function fileProblem(name: string, size: number): string | null {
  if (size > MAX_SCHEMA_FILE_BYTES) {
    return `${name} is ${(size / (1024 * 1024)).toFixed(1)} MB; a schema file may be at most ${MAX_SCHEMA_FILE_BYTES / 1024} KB.`
  }
  return size === 0 ? `${name} is empty.` : null
}

export function withFile(form: AttachForm, fileName: string, definition: string): AttachForm {
  return { ...form, fileName, definition, format: formatFromFileName(fileName) ?? form.format }
}

export function toAttachInput(stream: string, form: AttachForm): { ok: true; input: AttachInput } | { ok: false; errors: AttachErrors } {
  const errors: AttachErrors = {}
  if (form.definition === '') errors.file = 'Choose a schema file.'
  const schemaId = Number(form.schemaId)
  if (form.scope === 'confluent' && (form.schemaId.trim() === '' || !Number.isInteger(schemaId) || schemaId < 0 || schemaId > 2 ** 32 - 1)) {
    errors.schemaId = 'A Confluent schema id is a whole number from 0 to 4294967295.'
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const messageName = form.format === 'PROTOBUF' && form.messageName.trim() !== '' ? form.messageName.trim() : null
  return {
    ok: true,
    input: {
      stream,
      fileName: form.fileName,
      format: form.format,
      messageName,
      scope: form.scope === 'plain' ? { kind: 'plain' } : { kind: 'confluent', schemaId },
      definition: form.definition
    }
  }
}
