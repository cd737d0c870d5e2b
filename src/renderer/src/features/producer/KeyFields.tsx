import { useId } from 'react'
import type { RecordDistributionStrategy, ShardInfo } from '../../../../shared/domain'
import { Field } from '../../components/Field'
import { AUTO_HASH_KEY_REASON, KEYS_IGNORED } from '../streams/distribution'
import { keySpaceText } from '../streams/format'
import { hashKeyForShard, type DraftProblems } from './send-draft'
import { sendStore, useSend } from './producer-stores'

/**
 * Where the record goes: its partition key (fixed, from a payload field, random) and an optional
 * explicit hash key. On an AUTO stream Kinesis ignores both: the hash key and Send to shard are
 * disabled, with the reason.
 */
export function KeyFields(props: {
  problems: DraftProblems
  shards: readonly ShardInfo[]
  recordDistribution: RecordDistributionStrategy | null
}): React.JSX.Element {
  const { keyType, fixedKey, fieldPath, hashKey, payload } = useSend((s) => ({
    keyType: s.draft.keyType,
    fixedKey: s.draft.fixedKey,
    fieldPath: s.draft.fieldPath,
    hashKey: s.draft.hashKey,
    payload: s.draft.payload
  }))
  const { update } = sendStore.getState().actions
  const name = useId()
  const open = props.shards.filter((s) => s.open)
  const chosenShard = open.find((s) => hashKeyForShard(s) === hashKey.trim())?.shardId ?? ''
  const jsonPayload = payload === 'json' || payload === 'order'
  const auto = props.recordDistribution === 'AUTO'
  const reasonId = useId()
  /** On AUTO both controls are described by the one reason below them. */
  const withReason = (describedBy: string | undefined): string | undefined => (auto ? [describedBy, reasonId].filter(Boolean).join(' ') : describedBy)
  return (
    <fieldset className="field-group send-fieldset">
      <legend>Partition key</legend>
      {auto && (
        <p className="field-help" data-testid="keys-ignored">
          {KEYS_IGNORED} (record distribution AUTO). The key is still stored with each record.
        </p>
      )}
      <div className="send-key-choices" role="radiogroup" aria-label="Partition key source">
        <label className="send-inline">
          <input type="radio" name={name} checked={keyType === 'fixed'} onChange={() => update({ keyType: 'fixed' })} />
          Fixed
        </label>
        <label className="send-inline">
          <input type="radio" name={name} checked={keyType === 'field'} disabled={!jsonPayload} onChange={() => update({ keyType: 'field' })} />
          From a payload field
        </label>
        <label className="send-inline">
          <input type="radio" name={name} checked={keyType === 'random'} onChange={() => update({ keyType: 'random' })} />
          Random per record
        </label>
      </div>
      {keyType === 'fixed' && (
        <Field label="Partition key" error={props.problems.partitionKey} help="1–256 characters; placeholders allowed">
          {(a11y) => <input {...a11y} className="mono" value={fixedKey} onChange={(e) => update({ fixedKey: e.target.value })} />}
        </Field>
      )}
      {keyType === 'field' && (
        <Field label="Payload field" error={props.problems.partitionKey} help="A dot path into the JSON payload, like StoreId or customer.id">
          {(a11y) => <input {...a11y} className="mono" value={fieldPath} onChange={(e) => update({ fieldPath: e.target.value })} />}
        </Field>
      )}
      {keyType === 'random' && props.problems.partitionKey !== undefined && <p className="field-error">{props.problems.partitionKey}</p>}
      <div className="send-hash">
        <Field
          label="Explicit hash key (optional)"
          error={props.problems.explicitHashKey}
          help={auto ? undefined : '0 … 2^128−1, in decimal; routes instead of the key'}
        >
          {(a11y) => (
            <input
              {...a11y}
              aria-describedby={withReason(a11y['aria-describedby'])}
              className="mono"
              inputMode="numeric"
              placeholder="none"
              disabled={auto}
              value={hashKey}
              onChange={(e) => update({ hashKey: e.target.value })}
            />
          )}
        </Field>
        <Field label="Send to shard">
          {(a11y) => (
            <select
              {...a11y}
              aria-describedby={withReason(a11y['aria-describedby'])}
              disabled={auto}
              value={chosenShard}
              onChange={(e) => {
                const shard = open.find((s) => s.shardId === e.target.value)
                update({ hashKey: shard === undefined ? '' : hashKeyForShard(shard) })
              }}
            >
              <option value="">{auto ? 'Spread evenly' : hashKey.trim() === '' ? 'By partition key' : 'By the hash key above'}</option>
              {open.map((s) => (
                <option key={s.shardId} value={s.shardId}>
                  {s.shardId} ({keySpaceText(s.keySpaceShare)} of keys)
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {auto && (
        <p id={reasonId} className="field-help">
          {AUTO_HASH_KEY_REASON}
        </p>
      )}
    </fieldset>
  )
}
