import { useEffect, useRef } from 'react'
import type { SentRecord } from '../../../../shared/producer'
import { CopyButton } from '../../components/CopyButton'
import { readFromHere } from './read-from-here'

/** Where the last record landed: its shard and sequence number, as the seed's web page showed them. */
export function SendResult(props: { sent: SentRecord }): React.JSX.Element {
  const { sent } = props
  const ref = useRef<HTMLDivElement>(null)
  // Each new send scrolls its result into view (the form can be taller than the window).
  useEffect(() => {
    // A block body: scrollIntoView returns a promise in newer Chromium, and an effect may return only a cleanup.
    void ref.current?.scrollIntoView({ block: 'nearest' })
  }, [sent.sequenceNumber])
  return (
    <div ref={ref} className="send-result" role="status" aria-label="Last send">
      <p>
        Sent to <span className="mono" data-testid="sent-shard">{sent.shardId}</span>
      </p>
      <p>
        Sequence number <span className="mono send-seq" data-testid="sent-sequence">{sent.sequenceNumber}</span>
      </p>
      <div className="send-result-actions">
        <CopyButton text={sent.sequenceNumber} label="Copy sequence number" caption="Copy sequence number" />
        <button type="button" className="small-button" onClick={() => readFromHere(sent)}>
          Read from here
        </button>
      </div>
    </div>
  )
}
