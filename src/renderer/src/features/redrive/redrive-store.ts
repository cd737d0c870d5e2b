/**
 * The Consumers tab's redrive: the failure records the user pasted or opened (parsed by the one
 * shared parser), and the reading of all their batches for one replay. No React, no DOM.
 */
import { create } from 'zustand'
import type { ShardInfo } from '../../../../shared/domain'
import { parseFailureRecords, type FailureRecord, type ParsedFailureRecords } from '../../../../shared/lambda-failure-record'
import type { RecordsApi } from '../records/records-store'
import { readBatches, type ReadBatchesResult } from './read-batches'

export type CollectPhase =
  | { status: 'idle' }
  | { status: 'reading'; done: number; total: number }
  | { status: 'ready'; result: ReadBatchesResult }
  | { status: 'error'; error: unknown }

interface RedriveStore {
  stream: string | null
  text: string
  /** Where the parsed records came from: "pasted text" or a file's name. */
  source: string | null
  parsed: ParsedFailureRecords | null
  /** When they were read: retention is checked as of then. */
  parsedAt: number
  collect: CollectPhase
  /** Another stream: what was pasted for the last one goes. */
  show: (stream: string) => void
  setText: (text: string) => void
  readText: () => void
  loadFile: (name: string, read: () => Promise<string>) => Promise<void>
  clear: () => void
  /** Reads every batch (in order per shard) for one replay; Cancel stops the read in progress. */
  readAll: (api: RecordsApi, shards: ShardInfo[], batches: FailureRecord[]) => Promise<void>
  cancelRead: () => void
  closeReplay: () => void
}

let reading: AbortController | null = null

export const useRedrive = create<RedriveStore>()((set, get) => ({
  stream: null,
  text: '',
  source: null,
  parsed: null,
  parsedAt: 0,
  collect: { status: 'idle' },

  show(stream) {
    if (get().stream !== stream) {
      reading?.abort()
      set({ stream, text: '', source: null, parsed: null, collect: { status: 'idle' } })
    }
  },
  setText(text) {
    set({ text })
  },
  readText() {
    set({ parsed: parseFailureRecords(get().text), parsedAt: Date.now(), source: 'pasted text', collect: { status: 'idle' } })
  },
  async loadFile(name, read) {
    try {
      const text = await read()
      set({ parsed: parseFailureRecords(text), parsedAt: Date.now(), source: name, collect: { status: 'idle' } })
    } catch (error) {
      set({ parsed: { records: [], problems: [{ where: name, field: '(file)', message: `Could not read the file: ${error instanceof Error ? error.message : String(error)}` }] }, source: name })
    }
  },
  clear() {
    reading?.abort()
    set({ text: '', source: null, parsed: null, collect: { status: 'idle' } })
  },

  async readAll(api, shards, batches) {
    const stream = get().stream
    if (stream === null || batches.length === 0) return
    reading?.abort()
    const controller = new AbortController()
    reading = controller
    set({ collect: { status: 'reading', done: 0, total: batches.length } })
    try {
      const result = await readBatches(api, stream, shards, batches, (done) => set({ collect: { status: 'reading', done, total: batches.length } }), controller.signal)
      if (reading === controller) set({ collect: { status: 'ready', result } })
    } catch (error) {
      if (reading === controller) set({ collect: { status: 'error', error } })
    } finally {
      if (reading === controller) reading = null
    }
  },
  cancelRead() {
    reading?.abort()
  },
  closeReplay() {
    set({ collect: { status: 'idle' } })
  }
}))
