import { Field } from '../../components/Field'
import { GsrSchemaPicker } from './GsrSchemaPicker'
import { schemaStore, sendStore, useSchema } from './producer-stores'
import type { SchemaMode } from './schema-store'
import { SchemaCheckStatus } from './SchemaCheckStatus'
import { SchemaFileField } from './SchemaFileField'


/** Encode the record with a schema: a Glue Schema Registry version (GSR-framed) or a local schema file. */
export function SchemaFields(): React.JSX.Element {
  const mode = useSchema((s) => s.mode)
  const choose = (next: SchemaMode): void => {
    // A schema's record is JSON and never gzipped (the GSR frame has its own zlib).
    sendStore.getState().actions.update(next === 'none' ? { schema: null } : { schema: null, gzip: false })
    schemaStore.getState().actions.setMode(next)
  }
  return (
    <fieldset className="field-group send-fieldset">
      <legend>Schema</legend>
      <Field label="Encode with" help={mode === 'none' ? 'The payload is sent as it is.' : 'The JSON below is checked against the schema as you type and sent encoded.'}>
        {(a11y) => (
          <select {...a11y} value={mode} onChange={(e) => choose(e.target.value as SchemaMode)}>
            <option value="none">No schema</option>
            <option value="gsr">Glue Schema Registry</option>
            <option value="file">Local schema file</option>
          </select>
        )}
      </Field>
      {mode === 'gsr' && <GsrSchemaPicker />}
      {mode === 'file' && <SchemaFileField />}
      {mode !== 'none' && <SchemaCheckStatus />}
    </fieldset>
  )
}
