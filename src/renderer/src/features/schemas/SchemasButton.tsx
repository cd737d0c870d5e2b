import { useState } from 'react'
import { SchemasDialog } from './SchemasDialog'

/** "Schemas…" in the record browser: the local schema files that decode this stream's records. */
export function SchemasButton(props: { stream: string }): React.JSX.Element {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="small-button"
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
        title="Attach .avsc, .proto or JSON Schema files that decode this stream's records"
      >
        Schemas…
      </button>
      {open && <SchemasDialog stream={props.stream} onClose={() => setOpen(false)} />}
    </>
  )
}
