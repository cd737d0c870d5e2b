import { useState } from 'react'
import { Field } from '../../components/Field'
import { estimateShards } from '../../../../shared/metrics'
import { formatNumber } from './metrics-format'

/**
 * The seed's shard calculator: records per second, average record size and the number of
 * consumers → the shards a provisioned stream needs. `onUse` (the Create stream dialog) offers to
 * fill the shard count with the answer.
 */
export function ShardCalculator(props: { onUse?: (shards: number) => void }): React.JSX.Element {
  const [recordsPerSecond, setRecords] = useState('1000')
  const [averageKB, setAverage] = useState('1')
  const [consumers, setConsumers] = useState('1')
  const parse = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s))
  const estimate = estimateShards({ recordsPerSecond: parse(recordsPerSecond), averageRecordKB: parse(averageKB), consumers: parse(consumers) })
  return (
    <fieldset className="shard-calculator">
      <legend>Shard calculator</legend>
      <div className="shard-calculator-inputs">
        <Field label="Records per second">
          {(a11y) => <input {...a11y} type="number" min={0} step="any" value={recordsPerSecond} onChange={(e) => setRecords(e.target.value)} />}
        </Field>
        <Field label="Average record size (KB)">
          {(a11y) => <input {...a11y} type="number" min={0} step="any" value={averageKB} onChange={(e) => setAverage(e.target.value)} />}
        </Field>
        <Field label="Consumers">
          {(a11y) => <input {...a11y} type="number" min={0} step={1} value={consumers} onChange={(e) => setConsumers(e.target.value)} />}
        </Field>
      </div>
      <p className="shard-calculator-answer" role="status">
        {estimate === null ? (
          'Enter numbers of 0 or more.'
        ) : (
          <>
            <strong data-testid="shards-needed">
              {estimate.shards} {estimate.shards === 1 ? 'shard' : 'shards'} needed
            </strong>{' '}
            (limited by {estimate.limitedBy}): {formatNumber(estimate.incomingKBps)} KB/s in ÷ 1,024 = {formatNumber(estimate.byWriteBytes)};{' '}
            {formatNumber(parse(recordsPerSecond))} records/s ÷ 1,000 = {formatNumber(estimate.byWriteRecords)};{' '}
            {formatNumber(estimate.outgoingKBps)} KB/s out ÷ 2,048 = {formatNumber(estimate.byReadBytes)}.
          </>
        )}
      </p>
      {props.onUse !== undefined && estimate !== null && (
        <button type="button" className="small-button" onClick={() => props.onUse?.(estimate.shards)}>
          Use {estimate.shards} {estimate.shards === 1 ? 'shard' : 'shards'}
        </button>
      )}
    </fieldset>
  )
}
