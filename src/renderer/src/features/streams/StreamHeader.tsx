import { useState } from 'react'
import { CopyButton } from '../../components/CopyButton'
import { StatusBadge } from '../../components/StatusBadge'
import { DeleteStreamDialog } from './DeleteStreamDialog'
import { useDetailEntry } from './details-store'
import { useStreamView } from './stream-view-store'

/** The stream's name and status, copy buttons for name and ARN, refresh and delete. */
export function StreamHeader(props: { name: string }): React.JSX.Element {
  const details = useDetailEntry(props.name)?.details ?? null
  const show = useStreamView((s) => s.show)
  const [deleting, setDeleting] = useState(false)
  return (
    <header className="stream-header">
      <div className="stream-title">
        <h2 className="stream-title-name">{props.name}</h2>
        <StatusBadge status={details?.status ?? null} />
      </div>
      <div className="stream-actions">
        <CopyButton text={props.name} label="Copy name of this stream" caption="Copy name" />
        {details !== null && details.arn !== '' && <CopyButton text={details.arn} label="Copy ARN" caption="Copy ARN" />}
        <button type="button" className="small-button" aria-label="Refresh stream" onClick={() => show(props.name)}>
          Refresh
        </button>
        <button type="button" className="small-button danger-outline" onClick={() => setDeleting(true)}>
          Delete stream
        </button>
      </div>
      {deleting && <DeleteStreamDialog name={props.name} onClose={() => setDeleting(false)} />}
    </header>
  )
}
