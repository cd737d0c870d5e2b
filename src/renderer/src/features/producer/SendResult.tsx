import type { SentRecord } from '../../../../shared/producer'
import { CopyButton } from '../../components/CopyButton'
import { readFromHere } from './read-from-here'

/** Where the last record landed: its shard and sequence number, as the seed's web page showed them. */
export function SendResult(props: { sent: SentRecord }): React.JSX.Element {
  const { sent } = props
  return (
    <div className="send-result" role="status" aria-label="Last send">
      <p>
        Sent to <span className="mono" data-testid="sent-shard">{sent.shardId}</span>
      </p>
      <p>
        Sequence number <span className="mono send-seq" data-testid="sent-sequence">{sent.sequenceNumber}</span>
      </p>
      <div className="send-result-actions">
        <CopyButton text={sent.sequenceNumber} label="Copy the sequence number" caption="Copy sequence number" />
        <button type="button" className="small-button" onClick={() => readFromHere(sent)}>
          Read from here
        </button>
      </div>
    </div>
  )
}
