/** Pure formatting for stream and shard views. */
import type { CapacityMode, ShardInfo, StreamDetails } from '../../../../shared/domain'
import { formatTime } from '../../components/time-format'

export function modeText(mode: CapacityMode | null): string {
  return mode === null ? '…' : mode === 'ON_DEMAND' ? 'On-demand' : 'Provisioned'
}

export function retentionText(hours: number): string {
  return hours % 24 === 0 && hours > 24 ? `${hours} h (${hours / 24} d)` : `${hours} h`
}

export function encryptionText(details: Pick<StreamDetails, 'encryption' | 'keyId'>): string {
  return details.encryption === 'KMS' ? `KMS${details.keyId !== null ? ` · ${details.keyId}` : ''}` : 'NONE'
}

/** The share of the key space as a percentage with one decimal: 0.5 → "50.0%". */
export function keySpaceText(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

/** "2 shards · 2 open · 0 closed". */
export function shardSummary(shards: readonly ShardInfo[]): string {
  const open = shards.filter((s) => s.open).length
  return `${shards.length} ${shards.length === 1 ? 'shard' : 'shards'} · ${open} open · ${shards.length - open} closed`
}

/** Local time as "2024-05-01 14:03:09" ("—" for no time). */
export function dateTimeText(epochMs: number): string {
  return epochMs <= 0 ? '—' : formatTime(epochMs, 'local', false)
}

export const transitional = (status: string | null): boolean =>
  status === 'CREATING' || status === 'DELETING' || status === 'UPDATING'

