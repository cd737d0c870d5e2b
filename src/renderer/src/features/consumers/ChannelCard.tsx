import { ApiError } from '../../api/client'
import { ErrorBanner } from '../../components/ErrorBanner'
import { dateTimeText } from '../streams/format'
import type { Channel, ChannelDetails } from '../../../../shared/channels'
import { Copyable, Fact } from './Facts'
import { compressionText, destinationText, freshnessText, loggingText, recordFormatText, storageClassText } from './channel-format'

function DestinationFacts(props: { name: string; details: ChannelDetails }): React.JSX.Element | null {
  const d = props.details.destination
  if (d === null) return null
  if (d.type === 'S3') {
    return (
      <>
        <Fact label="Bucket">
          <Copyable text={d.bucketName} label={`Copy bucket name of ${props.name}`} />
        </Fact>
        <Fact label="Key template">{d.keyTemplate !== null ? <span className="mono">{d.keyTemplate}</span> : 'Default template'}</Fact>
        <Fact label="Compression">{compressionText(d.compression)}</Fact>
        <Fact label="Storage class">{storageClassText(d.storageClass)}</Fact>
      </>
    )
  }
  return (
    <>
      {d.tables.map((t) => (
        <Fact key={`${t.tableBucketArn}/${t.namespace}/${t.table}`} label="Table">
          <span className="mono">
            {t.namespace}.{t.table}
          </span>{' '}
          in <Copyable text={t.tableBucketName} label={`Copy table bucket name of ${props.name}`} /> · {compressionText(t.compression)}
          {t.partitionFields.length > 0 && ` · partitioned by ${t.partitionFields.join(', ')}`}
        </Fact>
      ))}
    </>
  )
}

/** One channel: where it delivers, in what form, how fresh, and where failures go. */
export function ChannelCard(props: { channel: Channel }): React.JSX.Element {
  const c = props.channel
  const headingId = `channel-${(c.id || c.name).replace(/[^\w-]/g, '-')}`
  const details = c.details
  return (
    <li className="channel" aria-labelledby={headingId}>
      <div className="channel-head">
        <h4 id={headingId} className="mono">
          {c.name}
        </h4>
        <span className={`badge badge-${c.status.toLowerCase()}`}>{c.status}</span>
        <span className="muted">{destinationText(details?.destination ?? null, c.destinationType)}</span>
      </div>
      {c.statusReason !== null && <p className="channel-reason">{c.statusReason}</p>}
      {c.detailsError !== null && <ErrorBanner error={new ApiError(c.detailsError)} />}
      <dl className="channel-facts">
        {details !== null && (
          <>
            <DestinationFacts name={c.name} details={details} />
            <Fact label="Record format">{recordFormatText(details.recordFormat)}</Fact>
            {details.gsrSchemaArn !== null && (
              <Fact label="Schema">
                <Copyable text={details.gsrSchemaArn} label={`Copy schema ARN of ${c.name}`} />
              </Fact>
            )}
            <Fact label="Data freshness">{freshnessText(details.dataFreshnessSeconds)}</Fact>
            <Fact label="Dead-letter bucket">
              {details.deadLetter !== null ? (
                <>
                  <Copyable text={details.deadLetter.bucketName} label={`Copy dead-letter bucket name of ${c.name}`} />
                  {details.deadLetter.errorOutputPrefix !== null && (
                    <span className="muted">
                      {' '}
                      · prefix <span className="mono">{details.deadLetter.errorOutputPrefix}</span>
                    </span>
                  )}
                </>
              ) : (
                'None'
              )}
            </Fact>
            <Fact label="Logging">{loggingText(details.logging)}</Fact>
            <Fact label="Encryption">{details.kmsKeyId !== null ? <Copyable text={details.kmsKeyId} label={`Copy KMS key of ${c.name}`} /> : 'Not set'}</Fact>
          </>
        )}
        {c.otherStreams > 0 && <Fact label="Also reads">{`${c.otherStreams} other stream${c.otherStreams === 1 ? '' : 's'}`}</Fact>}
        <Fact label="Created">{c.createdAt !== null ? dateTimeText(c.createdAt) : '—'}</Fact>
        <Fact label="Channel ARN">
          <Copyable text={c.arn} label={`Copy ARN of ${c.name}`} />
        </Fact>
      </dl>
    </li>
  )
}
