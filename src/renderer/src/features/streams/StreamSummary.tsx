import { useState, type ReactNode } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { StatusBadge } from '../../components/StatusBadge'
import { useDetailEntry } from './details-store'
import { distributionMeanings, distributionNames } from './distribution'
import { RecordDistributionDialog } from './RecordDistributionDialog'
import { MaxRecordSizeDialog } from './MaxRecordSizeDialog'
import { maxRecordSizeText } from './record-size'
import { warmThroughputText } from './config-format'
import { dateTimeText, encryptionText, modeText, retentionText } from './format'
import { useStreamView } from './stream-view-store'

/** DescribeStreamSummary as a row of facts; "…" until it answers, the error with a retry if it fails. */
export function StreamSummary(props: { name: string }): React.JSX.Element {
  const entry = useDetailEntry(props.name)
  const show = useStreamView((s) => s.show)
  const d = entry?.details ?? null
  const [changing, setChanging] = useState(false)
  const [sizing, setSizing] = useState(false)
  const text = (value: (details: NonNullable<typeof d>) => ReactNode): ReactNode => (d === null ? '…' : value(d))
  return (
    <div className="stream-summary">
      {entry?.status === 'error' && (
        <div className="inline-banner">
          <ErrorBanner error={entry.error} />
          <button type="button" className="small-button" onClick={() => show(props.name)}>
            Retry
          </button>
        </div>
      )}
      <dl className="facts">
        <Fact label="Status">{d === null ? '…' : <StatusBadge status={d.status} />}</Fact>
        <Fact label="Capacity mode">{text((x) => modeText(x.mode))}</Fact>
        <Fact label="Open shards">{text((x) => x.openShardCount)}</Fact>
        <Fact label="Retention">{text((x) => retentionText(x.retentionHours))}</Fact>
        <Fact label="Encryption">{text((x) => encryptionText(x))}</Fact>
        <Fact label="Created">{text((x) => dateTimeText(x.createdAt))}</Fact>
        <Fact label="Consumers">{text((x) => x.consumerCount ?? '—')}</Fact>
        <Fact label="Record distribution">
          {d === null ? (
            '…'
          ) : (
            <>
              <span data-testid="record-distribution" title={`${d.recordDistribution}: ${distributionMeanings[d.recordDistribution]}`}>
                {distributionNames[d.recordDistribution]}
              </span>
              {/* Only on-demand streams have a strategy to change; provisioned ones always route by key. */}
              {d.mode === 'ON_DEMAND' && (
                <button type="button" className="small-button fact-action" aria-label="Change record distribution" onClick={() => setChanging(true)}>
                  Change…
                </button>
              )}
            </>
          )}
        </Fact>
        {d?.mode === 'ON_DEMAND' && (
          <Fact label="Warm throughput">
            <span data-testid="warm-throughput" title="WarmThroughput TargetMiBps / CurrentMiBps: writes the stream takes at once (Configuration tab to change)">
              {warmThroughputText(d)}
            </span>
          </Fact>
        )}
        <Fact label="Max record size">
          {d === null ? (
            '…'
          ) : (
            <>
              <span data-testid="max-record-size" title={`MaxRecordSizeInKiB ${d.maxRecordSizeKiB.toLocaleString('en-US')}: the largest record (data plus partition key) the stream takes`}>
                {maxRecordSizeText(d.maxRecordSizeKiB)}
              </span>
              <button type="button" className="small-button fact-action" aria-label="Change max record size" onClick={() => setSizing(true)}>
                Change…
              </button>
            </>
          )}
        </Fact>
        <Fact label="ARN" wide>
          <span className="mono" title={d?.arn}>{text((x) => x.arn || '—')}</span>
        </Fact>
      </dl>
      {sizing && d !== null && <MaxRecordSizeDialog name={props.name} currentKiB={d.maxRecordSizeKiB} onClose={() => setSizing(false)} />}
      {changing && d !== null && <RecordDistributionDialog name={props.name} current={d.recordDistribution} onClose={() => setChanging(false)} />}
    </div>
  )
}

function Fact(props: { label: string; children: ReactNode; wide?: boolean }): React.JSX.Element {
  return (
    <div className={props.wide === true ? 'fact fact-wide' : 'fact'}>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}
