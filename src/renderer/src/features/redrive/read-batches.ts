/**
 * Reads several failure records' batches one after another, each exactly as the record browser
 * reads one (a headless records store: the same reader session, budget and decoding), for one
 * replay of all of them. Batches go in order per shard (by start sequence number). No React.
 */
import type { DecodedRecord, ShardInfo } from '../../../../shared/domain'
import { batchRead, compareWithBatch, inShardOrder, type FailureRecord } from '../../../../shared/lambda-failure-record'
import { createRecordsStore, DEFAULT_CAP, type RecordsApi, type RecordsStore, type Session } from '../records/records-store'
import { batchFound } from './batch-found'

export interface BatchResult {
  record: FailureRecord
  /** Kinesis records found (a KPL aggregate counts once). */
  found: number
  exact: boolean
  message: string
}

export interface ReadBatchesResult {
  /** Every record of the batches once, in the order read. */
  records: DecodedRecord[]
  batches: BatchResult[]
  /**
   * Records read again in a later batch and left out: the same failure record twice (an SQS
   * message received twice), or two functions that gave up on the same records of the stream.
   */
  repeated: number
}

/**
 * Resolves with the session once it has ended or failed, or paused at the window's limit (a read
 * waits there for the user, who is not looking at a headless store).
 */
function settled(store: RecordsStore): Promise<Session> {
  return new Promise((resolve) => {
    const unsubscribe = store.subscribe((s) => {
      if (s.session.status === 'ended' || s.session.status === 'error' || (s.session.status === 'paused' && s.session.atCap)) {
        unsubscribe()
        resolve(s.session)
      }
    })
  })
}

function tooLarge(record: FailureRecord, limit: number): Error {
  return Object.assign(
    new Error(
      `The batch of ${record.shardId} from ${record.startSequenceNumber} to ${record.endSequenceNumber} holds more than ${limit.toLocaleString('en-US')} records (user records of KPL aggregates count one by one), more than one read holds: nothing was replayed.`
    ),
    { code: 'INVALID_INPUT', hint: 'Open that batch alone (Open batch): the record browser lets you raise its limit, then Replay… or Export from there.' }
  )
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
  signal: AbortSignal,
  limits: { recordsPerBatch: number } = { recordsPerBatch: DEFAULT_CAP }
): Promise<ReadBatchesResult> {
  const records: DecodedRecord[] = []
  const results: BatchResult[] = []
  const taken = new Set<string>()
  let repeated = 0
  for (const record of inShardOrder(batches)) {
    if (signal.aborted) throw cancelled()
    const store = createRecordsStore(stream, shards, { api, storage: null, idle: null })
    store.getState().actions.setCap(limits.recordsPerBatch)
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
      if (session.status === 'paused') throw tooLarge(record, limits.recordsPerBatch)
      const read = store.getState().records
      const found = batchFound(read)
      for (const r of read) {
        // A record id is its shard, sequence number and sub-sequence number: the same record in any read.
        if (taken.has(r.id)) repeated += 1
        else {
          taken.add(r.id)
          records.push(r)
        }
      }
      results.push({ record, found: found.count, ...compareWithBatch(record, found) })
      onProgress(results.length)
    } finally {
      signal.removeEventListener('abort', stop)
      stop()
    }
  }
  return { records, batches: results, repeated }
}
