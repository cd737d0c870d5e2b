import type { EventSourceMapping } from '../../../../shared/lambda'
import { dateTimeText } from '../streams/format'
import { Copyable, Fact } from './Facts'
import { batchText, isProblem, recordAgeText, retriesText, startingPositionText, stateBadge, yesNo } from './lambda-format'

/** One Lambda event source mapping: how it batches, what it does on error, where failures go, how it last did. */
export function MappingCard(props: { mapping: EventSourceMapping }): React.JSX.Element {
  const m = props.mapping
  const headingId = `mapping-${m.uuid.replace(/[^\w-]/g, '-')}`
  return (
    <li className="channel" aria-labelledby={headingId}>
      <div className="channel-head">
        <h4 id={headingId} className="mono">
          {m.functionName}
        </h4>
        <span className={stateBadge(m.state)}>{m.state}</span>
        <span className="muted">Lambda function</span>
      </div>
      {m.stateReason !== null && <p className="mapping-reason">State reason: {m.stateReason}</p>}
      <dl className="channel-facts">
        <Fact label="Batch size">{batchText(m)}</Fact>
        <Fact label="Starting position">{startingPositionText(m, dateTimeText)}</Fact>
        <Fact label="Concurrent batches per shard">{m.parallelizationFactor ?? '—'}</Fact>
        <Fact label="Split batch on error">{yesNo(m.bisectOnError)}</Fact>
        <Fact label="Retry attempts">{retriesText(m.maxRetries)}</Fact>
        <Fact label="Maximum age of record">{recordAgeText(m.maxRecordAgeSeconds)}</Fact>
        <Fact label="Report batch item failures">{yesNo(m.reportsItemFailures)}</Fact>
        <Fact label="On-failure destination">
          {m.onFailure !== null ? <Copyable text={m.onFailure} label={`Copy on-failure destination of ${m.functionName}`} /> : 'None: failed batches are dropped'}
        </Fact>
        <Fact label="Last processing result">
          <span className={isProblem(m.lastResult) ? 'mapping-problem' : undefined}>{m.lastResult ?? '—'}</span>
          {m.lastModified !== null && <span className="muted"> · {dateTimeText(m.lastModified)}</span>}
        </Fact>
        {m.filtered && <Fact label="Filter">Filters records (FilterCriteria): the function does not see every record</Fact>}
        {m.tumblingWindowSeconds !== null && m.tumblingWindowSeconds > 0 && <Fact label="Tumbling window">{m.tumblingWindowSeconds} s</Fact>}
        <Fact label="Function ARN">
          <Copyable text={m.functionArn} label={`Copy function ARN of ${m.functionName}`} />
        </Fact>
        <Fact label="UUID">
          <Copyable text={m.uuid} label={`Copy UUID of the mapping of ${m.functionName}`} />
        </Fact>
      </dl>
    </li>
  )
}
