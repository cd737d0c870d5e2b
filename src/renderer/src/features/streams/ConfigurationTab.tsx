import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type { StreamDetails } from '../../../../shared/domain'
import { MODE_SWITCHES_PER_DAY, SHARD_LEVEL_METRICS, type StreamTags } from '../../../../shared/stream-config'
import { api } from '../../api/client'
import { ErrorBanner } from '../../components/ErrorBanner'
import { StatusBadge } from '../../components/StatusBadge'
import { CapacityModeDialog, EncryptionDialog, MonitoringDialog, RetentionDialog, TagsDialog, WarmThroughputDialog } from './ConfigDialogs'
import { monitoringText, warmThroughputText } from './config-format'
import { useConnections } from '../connections/connections-store'
import { useDetailEntry } from './details-store'
import { distributionNames } from './distribution'
import { encryptionText, modeText, retentionText } from './format'
import { MaxRecordSizeDialog } from './MaxRecordSizeDialog'
import { RecordDistributionDialog } from './RecordDistributionDialog'
import { maxRecordSizeText } from './record-size'
import './configuration.css'

type Editing = 'retention' | 'encryption' | 'monitoring' | 'tags' | 'mode' | 'warm' | 'size' | 'distribution' | null
/**
 * What the sandbox's kinesalite lacks, said beside the setting instead of a Change… that can only
 * fail (on another server the change is tried, and a missing operation is named in the dialog).
 */
const SANDBOX_LACKS: Partial<Record<Exclude<Editing, null>, string>> = {
  encryption: 'StartStreamEncryption',
  monitoring: 'EnableEnhancedMonitoring',
  mode: 'UpdateStreamMode',
  warm: 'UpdateStreamWarmThroughput',
  size: 'UpdateMaxRecordSize',
  distribution: 'UpdateStreamRecordDistributionStrategy'
}

type TagsState = { status: 'loading' } | { status: 'ready'; data: StreamTags } | { status: 'error'; error: unknown }

/**
 * The stream's configuration in one place, like the console's: each setting with its value,
 * what it means, and Change… (the maximum record size and the record distribution open the same
 * dialogs as the summary). The stream's status heads it: after a change it follows the stream
 * until ACTIVE again (the stream view's watch).
 */
export function ConfigurationTab(props: { name: string }): React.JSX.Element {
  const entry = useDetailEntry(props.name)
  const d = entry?.details ?? null
  const [editing, setEditing] = useState<Editing>(null)
  const [tags, reloadTags] = useTags(props.name)
  const sandbox = useConnections((s) => s.active?.kind === 'sandbox')
  const close = (): void => setEditing(null)
  /** Change… for a setting, disabled until the stream is ACTIVE, or what the sandbox lacks; null where the setting cannot change. */
  const changer = (what: Exclude<Editing, null>, allowed = true): Changer => {
    const lacking = sandbox ? SANDBOX_LACKS[what] : undefined
    if (lacking !== undefined) return { lacking }
    if (!allowed) return null
    // Kinesis takes no change while the stream is not ACTIVE (ResourceInUseException).
    return d?.status === 'ACTIVE' ? () => setEditing(what) : 'waiting'
  }
  if (d === null) return <div className="config-tab">{entry?.status === 'error' ? <ErrorBanner error={entry.error} /> : <p className="muted config-loading">Loading…</p>}</div>
  const onDemand = d.mode === 'ON_DEMAND'
  return (
    <div className="config-tab">
      <p className="config-status">
        Status <StatusBadge status={d.status} />
        {d.status === 'UPDATING' && <span className="muted"> — applying a change; reads and writes go on, and the next change waits until it is ACTIVE.</span>}
      </p>
      <dl className="config-list">
        <Setting label="Retention" value={retentionText(d.retentionHours)} about="24 hours to 365 days; longer than 24 hours is billed." onChange={changer('retention')} />
        <Setting label="Encryption" value={encryptionText(d)} about="Server-side encryption with a KMS key; producers and consumers need the key." onChange={changer('encryption')} />
        <Setting
          label="Enhanced monitoring"
          value={monitoringText(d.shardLevelMetrics, SHARD_LEVEL_METRICS.length)}
          about="Per-shard CloudWatch metrics, billed as custom metrics (one per metric per shard)."
          onChange={changer('monitoring')}
        >
          {d.shardLevelMetrics.length > 0 && <span className="mono config-metrics">{d.shardLevelMetrics.join(', ')}</span>}
        </Setting>
        <Setting label="Capacity mode" value={modeText(d.mode)} about={`On-demand scales itself and bills per GB; provisioned bills per shard-hour. At most ${MODE_SWITCHES_PER_DAY} switches per stream within 24 hours.`} onChange={changer('mode')} />
        <Setting
          label="Warm throughput"
          value={warmThroughputText(d)}
          about="Write throughput an on-demand stream takes at once, without waiting to scale."
          onChange={changer('warm', onDemand)}
        />
        <Setting label="Max record size" value={maxRecordSizeText(d.maxRecordSizeKiB)} about="The largest record the stream takes, 1–10 MiB." onChange={changer('size')} />
        <Setting
          label="Record distribution"
          value={distributionNames[d.recordDistribution]}
          about={onDemand ? 'How Kinesis picks each record’s shard.' : 'Provisioned streams always route by partition key.'}
          onChange={changer('distribution', onDemand)}
        />
        <Setting label="Tags" value={tagsSummary(tags)} about="Key–value labels for cost allocation and IAM conditions; at most 50." onChange={changer('tags', tags.status === 'ready')}>
          {tags.status === 'error' && <ErrorBanner error={tags.error} />}
          {tags.status === 'ready' && tags.data.tags.length > 0 && (
            <ul className="config-tags" aria-label="Tags">
              {tags.data.tags.map((t) => (
                <li key={t.key}>
                  <span className="mono">{t.key}</span>
                  {t.value !== '' && <span className="mono muted"> = {t.value}</span>}
                </li>
              ))}
            </ul>
          )}
        </Setting>
      </dl>
      <Dialogs editing={editing} details={d} tags={tags} reloadTags={reloadTags} onClose={close} />
    </div>
  )
}

function Dialogs(props: { editing: Editing; details: StreamDetails; tags: TagsState; reloadTags: () => void; onClose: () => void }): ReactNode {
  const { details: d, onClose } = props
  switch (props.editing) {
    case 'retention':
      return <RetentionDialog details={d} onClose={onClose} />
    case 'encryption':
      return <EncryptionDialog details={d} onClose={onClose} />
    case 'monitoring':
      return <MonitoringDialog details={d} onClose={onClose} />
    case 'mode':
      return <CapacityModeDialog details={d} onClose={onClose} />
    case 'warm':
      return <WarmThroughputDialog details={d} onClose={onClose} />
    case 'size':
      return <MaxRecordSizeDialog name={d.name} currentKiB={d.maxRecordSizeKiB} onClose={onClose} />
    case 'distribution':
      return <RecordDistributionDialog name={d.name} current={d.recordDistribution} onClose={onClose} />
    case 'tags':
      return props.tags.status === 'ready' ? <TagsDialog details={d} tags={props.tags.data.tags} onChanged={props.reloadTags} onClose={onClose} /> : null
    case null:
      return null
  }
}

/** The stream's tags, listed on mount and after a change. */
function useTags(name: string): [TagsState, () => void] {
  const [state, setState] = useState<TagsState>({ status: 'loading' })
  const load = useCallback(() => {
    api.streams.tags({ name }).then(
      (data) => setState({ status: 'ready', data }),
      (error: unknown) => setState({ status: 'error', error })
    )
  }, [name])
  useEffect(load, [load])
  return [state, load]
}

function tagsSummary(tags: TagsState): string {
  if (tags.status === 'loading') return '…'
  if (tags.status === 'error') return 'could not be listed'
  const n = tags.data.tags.length
  return n === 0 ? 'None' : `${n} ${n === 1 ? 'tag' : 'tags'}`
}

/** Opens the setting's dialog; 'waiting' until the stream is ACTIVE; the operation the sandbox lacks; or null (nothing to change). */
type Changer = (() => void) | 'waiting' | { lacking: string } | null

function Setting(props: { label: string; value: string; about: string; onChange: Changer; children?: ReactNode }): React.JSX.Element {
  const change = props.onChange
  return (
    <div className="config-row">
      <dt>{props.label}</dt>
      <dd>
        <div className="config-value">
          <strong data-testid={`config-${props.label.toLowerCase().replace(/\s+/g, '-')}`}>{props.value}</strong>
          {(typeof change === 'function' || change === 'waiting') && (
            <button
              type="button"
              className="small-button"
              aria-label={`Change ${props.label.toLowerCase()}`}
              disabled={change === 'waiting'}
              title={change === 'waiting' ? 'Kinesis takes the next change once the stream is ACTIVE again' : undefined}
              onClick={typeof change === 'function' ? change : undefined}
            >
              Change…
            </button>
          )}
          {change !== null && typeof change === 'object' && (
            <span className="config-lacking" data-testid="config-lacking">
              Not on the sandbox: kinesalite lacks {change.lacking}
            </span>
          )}
        </div>
        <p className="config-about">{props.about}</p>
        {props.children}
      </dd>
    </div>
  )
}
