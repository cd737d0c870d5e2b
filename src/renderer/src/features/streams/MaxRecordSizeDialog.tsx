import { useState } from 'react'
import { api } from '../../api/client'
import { Field } from '../../components/Field'
import { MAX_RECORD_SIZE_CHOICES_KIB, maxRecordSizeText } from './record-size'
import { StreamChangeDialog } from './StreamChangeDialog'
import { useStreamView } from './stream-view-store'

/** Changes the limit, then follows the stream (UPDATING) until it is ACTIVE again. */
async function change(name: string, maxRecordSizeKiB: number, confirmName: string | null): Promise<void> {
  await api.streams.setMaxRecordSize({ name, maxRecordSizeKiB, confirmName })
  useStreamView.getState().watchStatus()
}

/**
 * UpdateMaxRecordSize: the largest record the stream takes, 1–10 MiB, with what a larger limit
 * asks of its readers, and (outside the sandbox) the stream's name typed; main checks it again.
 */
export function MaxRecordSizeDialog(props: { name: string; currentKiB: number; onClose: () => void }): React.JSX.Element {
  const choices = MAX_RECORD_SIZE_CHOICES_KIB.includes(props.currentKiB) ? MAX_RECORD_SIZE_CHOICES_KIB : [...MAX_RECORD_SIZE_CHOICES_KIB, props.currentKiB].sort((a, b) => a - b)
  const [kib, setKib] = useState(props.currentKiB === 10240 ? 1024 : 10240)
  const changes = kib !== props.currentKiB
  return (
    <StreamChangeDialog
      title={`Maximum record size of ${props.name}`}
      name={props.name}
      label={`Change to ${maxRecordSizeText(kib)}`}
      ready={changes}
      onConfirm={(confirmName) => change(props.name, kib, confirmName)}
      onClose={props.onClose}
    >
      <p className="dialog-note">
        The largest record (data plus partition key) the stream takes, from 1 MiB (every stream&apos;s default) to 10 MiB
        (UpdateMaxRecordSize). Now: <strong>{maxRecordSizeText(props.currentKiB)}</strong>.
      </p>
      <Field label="Maximum record size">
        {(a11y) => (
          <select {...a11y} value={kib} onChange={(e) => setKib(Number(e.target.value))}>
            {choices.map((choice) => (
              <option key={choice} value={choice}>
                {maxRecordSizeText(choice)}
                {choice === props.currentKiB ? ' (current)' : ''}
              </option>
            ))}
          </select>
        )}
      </Field>
      {changes && kib > props.currentKiB && (
        <p className="dialog-warning" data-testid="record-size-consequence">
          Every reader of {props.name} must handle records of up to {maxRecordSizeText(kib)} (AWS: verify that all downstream
          applications can before raising the limit). A shard still takes 1 MB/s in and gives 2 MB/s out: a {maxRecordSizeText(kib)}{' '}
          record drains a shard&apos;s write capacity for a while, so large records are meant to be occasional (AWS suggests under 2% of
          the traffic).
        </p>
      )}
      {changes && kib < props.currentKiB && (
        <p className="dialog-warning" data-testid="record-size-consequence">
          Producers sending records over {maxRecordSizeText(kib)} to {props.name} will be refused from then on. Records already stored stay readable.
        </p>
      )}
    </StreamChangeDialog>
  )
}
