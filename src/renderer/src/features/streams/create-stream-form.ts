/** The "Create stream" form as plain data, validated with the contract's stream name rules. */
import { streamName, type InputOf } from '../../../../shared/contract'
import { DEFAULT_MAX_RECORD_KIB } from '../../../../shared/producer'

export interface CreateStreamForm {
  name: string
  mode: 'PROVISIONED' | 'ON_DEMAND'
  shardCount: string
  /** MaxRecordSizeInKiB, from a list of whole MiB; 1 MiB (the default) is not sent. */
  maxRecordSizeKiB: number
}

export type CreateStreamErrors = Partial<Record<keyof CreateStreamForm, string>>
export type CreateStreamInput = InputOf<'streams.create'>

export const emptyCreateStreamForm: CreateStreamForm = { name: '', mode: 'PROVISIONED', shardCount: '1', maxRecordSizeKiB: DEFAULT_MAX_RECORD_KIB }
export const MAX_SHARDS = 500

export function validateCreateStream(
  form: CreateStreamForm
): { ok: true; input: CreateStreamInput } | { ok: false; errors: CreateStreamErrors } {
  const errors: CreateStreamErrors = {}
  const name = streamName.safeParse(form.name)
  if (!name.success) errors.name = name.error.issues[0]?.message ?? 'This is not a valid stream name'
  const shards = Number(form.shardCount)
  const shardsValid = /^\d+$/.test(form.shardCount.trim()) && shards >= 1 && shards <= MAX_SHARDS
  if (form.mode === 'PROVISIONED' && !shardsValid) errors.shardCount = `A shard count is a whole number from 1 to ${MAX_SHARDS}`
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const size = form.maxRecordSizeKiB !== DEFAULT_MAX_RECORD_KIB ? { maxRecordSizeKiB: form.maxRecordSizeKiB } : {}
  return {
    ok: true,
    input: form.mode === 'ON_DEMAND' ? { name: form.name, mode: 'ON_DEMAND', ...size } : { name: form.name, mode: 'PROVISIONED', shardCount: shards, ...size }
  }
}
