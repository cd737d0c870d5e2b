/** Pure formatting for stream and shard views. */
import type { CapacityMode, ShardInfo, StreamDetails } from '../../../../shared/domain'

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

const pad = (n: number): string => String(n).padStart(2, '0')

/** Local time as "2024-05-01 14:03:09": sortable, unambiguous, and what a log line shows. */
export function dateTimeText(epochMs: number): string {
  if (epochMs <= 0) return '—'
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}

export const transitional = (status: string | null): boolean =>
  status === 'CREATING' || status === 'DELETING' || status === 'UPDATING'

