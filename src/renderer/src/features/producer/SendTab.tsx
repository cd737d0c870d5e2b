import { useEffect, useMemo, useState } from 'react'
import type { RecordDistributionStrategy, ShardInfo } from '../../../../shared/domain'
import { ErrorBanner } from '../../components/ErrorBanner'
import { SlowCall } from '../../components/SlowCall'
import { useKinesisEndpointName } from '../connections/connections-store'
import { useRecordDistribution } from '../streams/use-record-distribution'
import { useRecordLimit } from '../streams/record-size'
import { BulkPanel } from './BulkPanel'
import { KeyFields } from './KeyFields'
import { PayloadFields } from './PayloadFields'
import { sendStore, useBulk, useSchema, useSend } from './producer-stores'
import { SchemaFields } from './SchemaFields'
import { schemaProblem, useSchemaCheck } from './use-schema-check'
import { checkDraft, draftTemplate, PREVIEW_COUNT } from './send-draft'
import { SendHistory } from './SendHistory'
import { SendResult } from './SendResult'
import { TemplatePreview } from './TemplatePreview'
import { TemplatesPanel } from './TemplatesPanel'
import './producer.css'

/** The time, once a second: the preview shows {{now}} as a bulk run started now would. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** The Send tab: one record (the order form or any payload) with where it landed, templates, preview and bulk send. */
export function SendTab(props: { stream: string; shards: readonly ShardInfo[] }): React.JSX.Element {
  const draft = useSend((s) => s.draft)
  const seed = useBulk((s) => s.seed)
  const now = useNow()
  const limit = useRecordLimit(props.stream)
  const check = useMemo(() => checkDraft(draft, seed, now, PREVIEW_COUNT, limit), [draft, seed, now, limit])
  const encoded = useSchemaCheck(draft.schema, check.preview)
  const schemaMode = useSchema((s) => s.mode)
  const firstProblem = Object.values(check.problems)[0] ?? schemaProblem(schemaMode, draft.schema, encoded)
  const template = firstProblem === null ? draftTemplate(draft) : null
  const recordDistribution = useRecordDistribution(props.stream)
  // An AUTO stream ignores explicit hash keys: the field is disabled, and holds none to send.
  const staleHashKey = recordDistribution === 'AUTO' && draft.hashKey !== ''
  useEffect(() => {
    if (staleHashKey) sendStore.getState().actions.update({ hashKey: '' })
  }, [staleHashKey])
  return (
    <div className="send-tab">
      <div className="send-columns">
        <SendRecordForm stream={props.stream} shards={props.shards} recordDistribution={recordDistribution} check={check} problem={firstProblem} />
        <div className="send-side">
          <TemplatesPanel />
          <TemplatePreview preview={check.preview} encoded={encoded} />
          <BulkPanel stream={props.stream} template={template} problem={firstProblem} recordDistribution={recordDistribution} />
        </div>
      </div>
      <SendHistory stream={props.stream} />
    </div>
  )
}

function SendRecordForm(props: {
  stream: string
  shards: readonly ShardInfo[]
  recordDistribution: RecordDistributionStrategy | null
  check: ReturnType<typeof checkDraft>
  problem: string | null
}): React.JSX.Element {
  const sending = useSend((s) => s.sending)
  const last = useSend((s) => s.history.find((h) => h.stream === props.stream) ?? null)
  const { send, cancel, dismissError } = sendStore.getState().actions
  const busy = sending.status === 'sending'
  const endpoint = useKinesisEndpointName()
  return (
    <form
      className="send-record"
      aria-label="Record to send"
      onSubmit={(e) => {
        e.preventDefault()
        void send(props.stream)
      }}
    >
      <h3 className="send-section-title">Send one record to {props.stream}</h3>
      <PayloadFields check={props.check} />
      <SchemaFields />
      <KeyFields problems={props.check.problems} shards={props.shards} recordDistribution={props.recordDistribution} />
      <div className="send-row send-actions">
        <button type="submit" className="primary-button" disabled={busy || props.problem !== null}>
          {busy ? 'Sending…' : 'Send record'}
        </button>
        {busy && <SlowCall endpoint={endpoint} onCancel={() => cancel(endpoint)} />}
        {props.problem !== null && <span className="field-error">Fix the problem above to send.</span>}
      </div>
      {sending.status === 'error' && <ErrorBanner error={sending.error} onDismiss={dismissError} />}
      {last !== null && <SendResult sent={last} />}
    </form>
  )
}
