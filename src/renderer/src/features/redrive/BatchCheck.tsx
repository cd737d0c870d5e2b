import { useMemo } from 'react'
import { compareWithBatch } from '../../../../shared/lambda-failure-record'
import { dateTimeText } from '../streams/format'
import { useRecordsShallow } from '../records/records-context'
import { batchFound } from './batch-found'
import './redrive.css'

/** Above a failure record's batch in the record browser: whose batch it is, and, once read, its count against batchSize. */
export function BatchCheck(): React.JSX.Element | null {
  const { batch, session, records } = useRecordsShallow((s) => ({ batch: s.batch, session: s.session.status, records: s.records }))
  const done = session === 'ended'
  const check = useMemo(() => (batch !== null && done ? compareWithBatch(batch, batchFound(records)) : null), [batch, done, records])
  if (batch === null) return null
  return (
    <div className={`redrive-check${check !== null && !check.exact ? ' redrive-check-warn' : ''}`} role="status" data-testid="batch-check">
      <span>
        Failure record: {batch.functionName} gave up on this batch{batch.condition !== null ? ` (${batch.condition})` : ''} — {batch.shardId},{' '}
        {batch.batchSize.toLocaleString('en-US')} {batch.batchSize === 1 ? 'record' : 'records'}
        {batch.timestamp !== null && `, at ${dateTimeText(batch.timestamp)}`}.
      </span>
      <span>{check === null ? (session === 'error' ? '' : 'Reading the batch…') : check.message}</span>
    </div>
  )
}
