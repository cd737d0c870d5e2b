/**
 * Reads several failure records' batches one after another, each exactly as the record browser
 * reads one (a headless records store: the same reader session, budget and decoding), for one
 * replay of all of them. Batches go in order per shard (by start sequence number). No React.
 */
import type { DecodedRecord, ShardInfo } from '../../../../shared/domain'
import { batchRead, compareWithBatch, inShardOrder, type FailureRecord } from '../../../../shared/lambda-failure-record'
import { createRecordsStore, type RecordsApi, type RecordsStore, type Session } from '../records/records-store'
import { batchFound } from './batch-found'

export interface BatchResult {
  record: FailureRecord
  /** Kinesis records found (a KPL aggregate counts once). */
  found: number
  exact: boolean
  message: string
}

export interface ReadBatchesResult {
  records: DecodedRecord[]
  batches: BatchResult[]
}

/** Resolves with the session once it has ended or failed. */
function settled(store: RecordsStore): Promise<Session> {
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe((s) => {
      if (s.session.status === 'ended' || s.session.status === 'error') {
        unsubscribe()
        resolve(s.session)
      }
    })
  })
}

function cancelled(): Error {
  return Object.assign(new Error('Cancelled: the batches were not all read, and nothing was replayed.'), { code: 'CANCELLED' })
}

export async function readBatches(
  api: RecordsApi,
  stream: string,
  shards: ShardInfo[],
  batches: readonly FailureRecord[],
  onProgress: (done: number) => void,
  signal: AbortSignal
): Promise<ReadBatchesResult> {
  const records: DecodedRecord[] = []
  const results: BatchResult[] = []
  for (const record of inShardOrder(batches)) {
    if (signal.aborted) throw cancelled()
    const store = createRecordsStore(stream, shards, { api, storage: null, idle: null })
    const disconnect = store.getState().actions.connect()
    let connected = true
    /** Lets go of the reader's events and stops the session (once: Cancel and the end both come here). */
    const stop = (): void => {
      if (connected) disconnect()
      connected = false
    }
    signal.addEventListener('abort', stop, { once: true })
    try {
      const done = settled(store)
      void store.getState().actions.readAt(batchRead(record).position, record)
      const session = await Promise.race([done, new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }))])
      if (session === null || signal.aborted) throw cancelled()
      if (session.status === 'error') throw Object.assign(new Error(session.error.message), session.error)
      const read = store.getState().records
      const found = batchFound(read)
      records.push(...read)
      results.push({ record, found: found.count, ...compareWithBatch(record, found) })
      onProgress(results.length)
    } finally {
      signal.removeEventListener('abort', stop)
      stop()
    }
  }
  return { records, batches: results }
}
