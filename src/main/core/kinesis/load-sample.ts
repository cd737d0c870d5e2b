/**
 * Hot shards from a sample: the records of the last N seconds (up to a cap), read once through
 * the app's polite reader (the same read session as the record browser: ≤ 5 calls/s and 2 MB/s
 * per shard), counted per shard. Started by the user; labelled as a sample wherever it is shown.
 */
import type { DecodedRecord } from '../../../shared/domain'
import type { AppError } from '../../../shared/errors'
import { AppFailure } from '../../../shared/errors'
import type { LoadSample, SampledShard } from '../../../shared/shards'
import type { ClientContext } from '../../router'
import type { Connected } from '../connections/connection-manager'
import type { ReaderTuning } from '../reader/read-budget'
import { ReadSession } from '../reader/read-session'
import { listShards } from './stream-gateway'

export async function sampleLoad(
  connection: Connected,
  tuning: ReaderTuning,
  client: ClientContext,
  input: { name: string; seconds: number; maxRecords: number },
  now: () => number = Date.now
): Promise<LoadSample> {
  const startedAt = now()
  const from = startedAt - input.seconds * 1000
  const perShard = new Map<string, SampledShard>()
  let records = 0
  const count = (batch: DecodedRecord[]): void => {
    for (const r of batch) {
      let load = perShard.get(r.shardId)
      if (load === undefined) perShard.set(r.shardId, (load = { shardId: r.shardId, records: 0, bytes: 0 }))
      load.records += 1
      load.bytes += r.size
      records += 1
    }
  }
  let finish: (result: { reason: string; error: AppError | null }) => void = () => undefined
  const ended = new Promise<{ reason: string; error: AppError | null }>((resolve) => (finish = resolve))
  const session = new ReadSession(
    {
      stream: input.name,
      shardIds: null,
      position: { type: 'AT_TIMESTAMP', timestamp: from },
      mode: 'read',
      stop: { maxRecords: input.maxRecords, endTime: startedAt }
    },
    {
      kinesis: connection.clients.reader,
      target: connection.target,
      listShards: () => listShards(connection.clients.control, input.name),
      tuning,
      events: { batch: count, progress: () => undefined, ended: (reason, _delivered, error) => finish({ reason, error }) },
      // Counted here, not sent to a window: nothing to wait for.
      window: { behind: false, whenReady: () => Promise.resolve() },
      now
    }
  )
  // The sample belongs to the window that asked: it stops if that window goes away.
  const release = client.onDispose(() => session.stop())
  try {
    const shards = await session.start()
    for (const s of shards) if (!perShard.has(s.shardId)) perShard.set(s.shardId, { shardId: s.shardId, records: 0, bytes: 0 })
    const { reason, error } = await ended
    if (error !== null) throw new AppFailure(error.code, error.message, error.hint)
    if (reason === 'stopped') throw new AppFailure('SESSION_NOT_FOUND', 'The sample read was stopped.', 'Start it again.')
    return {
      source: 'sample',
      seconds: input.seconds,
      maxRecords: input.maxRecords,
      records,
      capped: records >= input.maxRecords,
      startedAt,
      endedAt: now(),
      shards: [...perShard.values()]
    }
  } finally {
    release()
    session.stop()
  }
}
