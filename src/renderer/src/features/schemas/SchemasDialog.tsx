import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { AttachSchemaForm } from './AttachSchemaForm'
import { AttachedSchemaList } from './AttachedSchemaList'
import { useStreamSchemas } from './use-stream-schemas'
import './schemas.css'

/** The stream's local schema files: what is attached (with Detach), and a form to attach another. */
export function SchemasDialog(props: { stream: string; onClose: () => void }): React.JSX.Element {
  const { schemas, error, attach, detach } = useStreamSchemas(props.stream)
  return (
    <Dialog
      title={`Schemas for ${props.stream}`}
      onClose={props.onClose}
      wide
      description="GSR records find their schema in the Glue Schema Registry by themselves. Attach a schema file for records without a GSR header: plain Avro or Protobuf records, JSON to check, or Confluent-framed records. Reads started afterwards decode with it."
    >
      <div className="dialog-body">
        {error !== null && <ErrorBanner error={error} />}
        <AttachedSchemaList schemas={schemas} onDetach={(id) => void detach(id)} />
      </div>
      <AttachSchemaForm stream={props.stream} onAttach={attach} onClose={props.onClose} />
    </Dialog>
  )
}
