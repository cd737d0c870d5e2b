import { schemaFormatLabels, type SchemaFormat } from '../../../../shared/schemas'

/** The schema formats as a <select>'s options (attaching a schema file, sending with one). */
export function SchemaFormatOptions(): React.JSX.Element {
  return (
    <>
      {(Object.keys(schemaFormatLabels) as SchemaFormat[]).map((f) => (
        <option key={f} value={f}>
          {schemaFormatLabels[f]}
        </option>
      ))}
    </>
  )
}
