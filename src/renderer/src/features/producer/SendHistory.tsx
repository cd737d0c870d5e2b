import type { SentRecord } from '../../../../shared/producer'
import { CopyButton } from '../../components/CopyButton'
import { MiddleTruncate } from '../../components/MiddleTruncate'
import { formatBytes, formatTime } from '../records/format'
import { useSend } from './producer-stores'
import { readFromHere } from './read-from-here'

/** This session's sends to the stream, newest first, with Read from here and copy buttons. */
export function SendHistory(props: { stream: string }): React.JSX.Element {
  const history = useSend((s) => s.history.filter((h) => h.stream === props.stream))
  return (
    <section className="send-history" aria-label="Sent this session">
      <h3 className="send-section-title">Sent this session ({history.length})</h3>
      {history.length === 0 ? (
        <p className="muted">Records you send one at a time are listed here with where they landed.</p>
      ) : (
        <div className="table-scroll send-history-scroll">
          <table className="data-table" aria-label="Sent records">
            <thead>
              <tr>
                <th scope="col">Sent at (UTC)</th>
                <th scope="col">Shard ID</th>
                <th scope="col">Sequence number</th>
                <th scope="col">Partition key</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col">Payload</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>{history.map((sent) => <HistoryRow key={`${sent.shardId}/${sent.sequenceNumber}`} sent={sent} />)}</tbody>
          </table>
        </div>
      )}
    </section>
  )
}

function HistoryRow({ sent }: { sent: SentRecord }): React.JSX.Element {
  return (
    <tr>
      <td className="nowrap">{formatTime(sent.sentAt, 'utc', true)}</td>
      <td className="mono nowrap">{sent.shardId}</td>
      <td className="mono">
        <MiddleTruncate value={sent.sequenceNumber} className="send-history-seq" />
      </td>
      <td className="mono">
        <span className="truncate send-history-key" title={sent.partitionKey}>
          {sent.partitionKey}
        </span>
      </td>
      <td className="num nowrap">{formatBytes(sent.size)}</td>
      <td className="mono">
        <span className="truncate send-history-payload" title={sent.text ?? undefined}>
          {sent.text ?? <span className="muted">binary</span>}
        </span>
      </td>
      <td>
        <div className="send-history-actions">
          <button type="button" className="small-button" aria-label={`Read from here: ${sent.sequenceNumber}`} onClick={() => readFromHere(sent)}>
            Read from here
          </button>
          <CopyButton text={sent.sequenceNumber} label={`Copy sequence number ${sent.sequenceNumber}`} caption="Copy seq" />
          {sent.text !== null && <CopyButton text={sent.text} label={`Copy the payload of ${sent.sequenceNumber}`} caption="Copy payload" />}
        </div>
      </td>
    </tr>
  )
}
