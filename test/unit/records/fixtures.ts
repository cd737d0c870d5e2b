/** Records for the record-browser tests, built the way the decoder builds them. */
import type { ReaderStartResult } from '../../../src/shared/contract'
import type { DecodedRecord, ShardInfo } from '../../../src/shared/domain'

let next = 0

export function rec(init: {
  shard?: string
  seq?: string | number
  sub?: number | null
  t?: number
  pk?: string
  text?: string | null
  kind?: DecodedRecord['kind']
  json?: unknown
  data?: Uint8Array
  decodeError?: string | null
}): DecodedRecord {
  const shardId = init.shard ?? 'shardId-000000000000'
  const seqNumber = init.seq ?? ++next
  const sequenceNumber = typeof seqNumber === 'number' ? `4968056010683167778327675691661957470189818660795921${String(seqNumber).padStart(4, '0')}` : seqNumber
  const text = init.json !== undefined ? JSON.stringify(init.json) : init.text === undefined ? `record ${sequenceNumber}` : init.text
  const kind = init.kind ?? (init.json !== undefined ? 'json' : text === null ? 'binary' : 'text')
  const data = init.data ?? new TextEncoder().encode(text ?? '')
  const sub = init.sub ?? null
  return {
    id: sub === null ? `${shardId}/${sequenceNumber}` : `${shardId}/${sequenceNumber}/${sub}`,
    shardId,
    sequenceNumber,
    subSequenceNumber: sub,
    partitionKey: init.pk ?? 'key-1',
    explicitHashKey: null,
    arrivalTime: init.t ?? 1_700_000_000_000,
    size: data.byteLength,
    dataBase64: Buffer.from(data).toString('base64'),
    steps: kind === 'json' ? ['utf8', 'json'] : kind === 'text' ? ['utf8'] : [],
    kind,
    text,
    decodeError: init.decodeError ?? null
  }
}

/** Records of several shards, each in order, arrival times interleaved: what a read of all shards delivers. */
export function shardBatches(shards: number, perShard: number, start = 1_700_000_000_000): DecodedRecord[][] {
  const out: DecodedRecord[][] = []
  for (let s = 0; s < shards; s++) {
    const shard = `shardId-00000000000${s}`
    out.push(
      Array.from({ length: perShard }, (_, i) =>
        rec({ shard, seq: i + 1, t: start + i * 10 + s * 3, json: { shard: s, i } })
      )
    )
  }
  return out
}

/** What reader.start answers for a plain read of `shards`. */
export function startResult(sessionId: string, shards: ShardInfo[], patch: Partial<ReaderStartResult> = {}): ReaderStartResult {
  return { sessionId, shards, skipped: [], searchNote: null, position: { type: 'TRIM_HORIZON' }, budget: 'full', matchesFile: null, ...patch }
}
