/** The Configuration tab's dialogs, one per setting: each builds its change and hands it to ConfigChangeDialog. */
import { useId, useState } from 'react'
import type { StreamDetails } from '../../../../shared/domain'
import {
  KINESIS_OWNED_KEY,
  MAX_RETENTION_HOURS,
  MAX_WARM_THROUGHPUT_MIBPS,
  MIN_RETENTION_HOURS,
  MODE_SWITCHES_PER_DAY,
  SHARD_LEVEL_METRICS,
  configChangeSchema,
  modeSwitchLabel,
  type ConfigChange,
  type StreamTag
} from '../../../../shared/stream-config'
import { Field } from '../../components/Field'
import { ConfigChangeDialog } from './ConfigChangeDialog'
import { warmThroughputText, wholeNumberOf } from './config-format'
import { modeText, retentionText } from './format'

interface DialogProps {
  details: StreamDetails
  onClose: () => void
}

/** The change if the schema main checks takes it, else its first problem. */
function parse(candidate: ConfigChange): { change: ConfigChange | null; problem: string | null } {
  const parsed = configChangeSchema.safeParse(candidate)
  return parsed.success ? { change: parsed.data, problem: null } : { change: null, problem: parsed.error.issues[0]?.message ?? 'Not a valid value' }
}

export function RetentionDialog(props: DialogProps): React.JSX.Element {
  const current = props.details.retentionHours
  const [text, setText] = useState(String(current === MIN_RETENTION_HOURS ? 168 : current))
  const hours = wholeNumberOf(text)
  const { change, problem } = parse({ type: 'retention', hours })
  const differs = change !== null && hours !== current
  return (
    <ConfigChangeDialog title={`Retention of ${props.details.name}`} details={props.details} change={differs ? change : null} label={`Set retention to ${text} h`} danger={hours < current} onClose={props.onClose}>
      <p className="dialog-note">
        How long records stay readable, {MIN_RETENTION_HOURS} hours to {MAX_RETENTION_HOURS.toLocaleString('en-US')} hours (365 days). Now: <strong>{retentionText(current)}</strong>.
      </p>
      <Field label="Retention (hours)" error={text === '' ? null : problem} help="168 h = 7 days; 720 h = 30 days; 8,760 h = 365 days.">
        {(a11y) => <input {...a11y} type="number" inputMode="numeric" min={MIN_RETENTION_HOURS} max={MAX_RETENTION_HOURS} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
    </ConfigChangeDialog>
  )
}

export function EncryptionDialog(props: DialogProps): React.JSX.Element {
  const encrypted = props.details.encryption === 'KMS'
  const [stop, setStop] = useState(encrypted)
  const [keyId, setKeyId] = useState(encrypted ? (props.details.keyId ?? KINESIS_OWNED_KEY) : KINESIS_OWNED_KEY)
  const group = useId()
  const start = parse({ type: 'startEncryption', keyId })
  const change: ConfigChange | null = stop ? (encrypted ? { type: 'stopEncryption' } : null) : start.change !== null && (!encrypted || keyId.trim() !== props.details.keyId) ? start.change : null
  return (
    <ConfigChangeDialog
      title={`Encryption of ${props.details.name}`}
      details={props.details}
      change={change}
      label={stop ? 'Stop encryption' : encrypted ? 'Change key' : 'Start encryption'}
      danger={stop}
      onClose={props.onClose}
    >
      <p className="dialog-note">
        Server-side encryption with an AWS KMS key (StartStreamEncryption / StopStreamEncryption). Now:{' '}
        <strong>{encrypted ? `KMS · ${props.details.keyId ?? 'key not given'}` : 'not encrypted'}</strong>.
      </p>
      {encrypted && (
        <fieldset className="distribution-choices">
          <legend>Encryption</legend>
          <label className="distribution-choice">
            <input type="radio" name={group} checked={!stop} onChange={() => setStop(false)} />
            <span>Use another KMS key</span>
          </label>
          <label className="distribution-choice">
            <input type="radio" name={group} checked={stop} onChange={() => setStop(true)} />
            <span>Stop encrypting new records</span>
          </label>
        </fieldset>
      )}
      {!stop && (
        <Field label="KMS key" error={start.problem} help={`A key id, key ARN, alias ARN or alias name; ${KINESIS_OWNED_KEY} is the key Kinesis owns (no KMS charge).`}>
          {(a11y) => <input {...a11y} autoComplete="off" spellCheck={false} className="mono" value={keyId} onChange={(e) => setKeyId(e.target.value)} />}
        </Field>
      )}
    </ConfigChangeDialog>
  )
}

export function MonitoringDialog(props: DialogProps): React.JSX.Element {
  const [metrics, setMetrics] = useState<readonly string[]>(props.details.shardLevelMetrics)
  const toggle = (metric: string, on: boolean): void => setMetrics((m) => (on ? [...m, metric] : m.filter((x) => x !== metric)))
  const wanted = SHARD_LEVEL_METRICS.filter((m) => metrics.includes(m))
  const same = wanted.length === props.details.shardLevelMetrics.length && wanted.every((m) => props.details.shardLevelMetrics.includes(m))
  return (
    <ConfigChangeDialog
      title={`Enhanced monitoring of ${props.details.name}`}
      details={props.details}
      change={same ? null : { type: 'monitoring', metrics: wanted }}
      label="Apply metrics"
      onClose={props.onClose}
    >
      <p className="dialog-note">Shard-level metrics in CloudWatch, each published per shard every minute (EnableEnhancedMonitoring / DisableEnhancedMonitoring).</p>
      <fieldset className="metric-choices">
        <legend>Shard-level metrics</legend>
        {SHARD_LEVEL_METRICS.map((metric) => (
          <label key={metric} className="metric-choice">
            <input type="checkbox" checked={metrics.includes(metric)} onChange={(e) => toggle(metric, e.target.checked)} />
            <span className="mono">{metric}</span>
          </label>
        ))}
      </fieldset>
    </ConfigChangeDialog>
  )
}

export function TagsDialog(props: DialogProps & { tags: readonly StreamTag[]; onChanged: () => void }): React.JSX.Element {
  const [key, setKey] = useState('')
  const [value, setValue] = useState('')
  const [removed, setRemoved] = useState<readonly string[]>([])
  const add = key.trim() === '' ? [] : [{ key: key.trim(), value }]
  const { change, problem } = parse({ type: 'tags', add, remove: [...removed] })
  const empty = add.length === 0 && removed.length === 0
  return (
    <ConfigChangeDialog
      title={`Tags of ${props.details.name}`}
      details={props.details}
      change={empty ? null : change}
      label="Save tags"
      danger={removed.length > 0}
      onClose={props.onClose}
      onChanged={props.onChanged}
    >
      {props.tags.length > 0 && (
        <fieldset className="metric-choices">
          <legend>Remove</legend>
          {props.tags.map((tag) => (
            <label key={tag.key} className="metric-choice">
              <input
                type="checkbox"
                checked={removed.includes(tag.key)}
                onChange={(e) => setRemoved((r) => (e.target.checked ? [...r, tag.key] : r.filter((k) => k !== tag.key)))}
              />
              <span>
                Remove <span className="mono">{tag.key}</span>
                {tag.value !== '' && <span className="muted"> = {tag.value}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <Field label="Tag key" error={key === '' ? null : problem} help="Up to 128 characters; an existing key gets the new value.">
        {(a11y) => <input {...a11y} autoComplete="off" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />}
      </Field>
      <Field label="Tag value">{(a11y) => <input {...a11y} autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} />}</Field>
    </ConfigChangeDialog>
  )
}

export function CapacityModeDialog(props: DialogProps): React.JSX.Element {
  const other = props.details.mode === 'ON_DEMAND' ? 'PROVISIONED' : 'ON_DEMAND'
  return (
    <ConfigChangeDialog title={`Capacity mode of ${props.details.name}`} details={props.details} change={{ type: 'capacityMode', mode: other }} label={modeSwitchLabel(other)} onClose={props.onClose}>
      <p className="dialog-note">
        How the stream is scaled and billed (UpdateStreamMode). Now: <strong>{modeText(props.details.mode)}</strong>.
      </p>
      <p className="dialog-note" data-testid="mode-switch-limits">
        Limits: a switch past {MODE_SWITCHES_PER_DAY} within 24 hours is refused (LimitExceededException), and switches made elsewhere count too
        (this app cannot see them); the stream is UPDATING during the switch and takes no other change until it is ACTIVE again.
      </p>
    </ConfigChangeDialog>
  )
}

export function WarmThroughputDialog(props: DialogProps): React.JSX.Element {
  const warm = props.details.warmThroughput
  const [text, setText] = useState(String(warm?.targetMiBps ?? 100))
  const mibps = wholeNumberOf(text)
  const { change, problem } = parse({ type: 'warmThroughput', mibps })
  const differs = change !== null && mibps !== warm?.targetMiBps
  return (
    <ConfigChangeDialog title={`Warm throughput of ${props.details.name}`} details={props.details} change={differs ? change : null} label={`Set to ${text} MiB/s`} onClose={props.onClose}>
      <p className="dialog-note">
        Write throughput the on-demand stream takes at once, without waiting to scale (UpdateStreamWarmThroughput). Now:{' '}
        <strong>{warmThroughputText(props.details)}</strong>.
      </p>
      <Field label="Warm throughput (MiB/s)" error={text === '' ? null : problem} help={`0 to ${MAX_WARM_THROUGHPUT_MIBPS.toLocaleString('en-US')} MiB/s (10 GiB/s); 0 releases it.`}>
        {(a11y) => <input {...a11y} type="number" inputMode="numeric" min={0} max={MAX_WARM_THROUGHPUT_MIBPS} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
    </ConfigChangeDialog>
  )
}
