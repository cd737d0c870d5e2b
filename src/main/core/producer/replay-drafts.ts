/**
 * Replay drafts: the records of a replay, sent over in chunks (selected rows or a JSON Lines file
 * can be large), held in main until the replay starts or the draft is discarded. A draft belongs
 * to the client that created it and is dropped when that client goes away. Bounded, so that a
 * runaway file cannot take main's memory.
 */
import { randomUUID } from 'node:crypto'
import { AppFailure } from '../../../shared/errors'
import { recordSizeProblem, type ReplayRecord } from '../../../shared/producer'
import { base64ByteLength } from '../../../shared/replay-file'
import type { ClientContext } from '../../router'

export const MAX_DRAFT_RECORDS = 1_000_000
export const MAX_DRAFT_BYTES = 1024 * 1024 * 1024

interface Draft {
  clientId: string
  records: ReplayRecord[]
  bytes: number
  release: () => void
}

export class ReplayDrafts {
  private readonly drafts = new Map<string, Draft>()

  constructor(private readonly limits = { records: MAX_DRAFT_RECORDS, bytes: MAX_DRAFT_BYTES }) {}

  create(client: ClientContext): string {
    const draftId = `draft-${randomUUID()}`
    const release = client.onDispose(() => this.drafts.delete(draftId))
    this.drafts.set(draftId, { clientId: client.clientId, records: [], bytes: 0, release })
    return draftId
  }

  /** Adds records in order; checks each record's bytes and the draft's bounds before keeping any. */
  append(draftId: string, records: readonly ReplayRecord[], client: ClientContext): number {
    const draft = this.get(draftId, client)
    let bytes = 0
    records.forEach((record, i) => {
      const size = base64ByteLength(record.dataBase64)
      if (size === null) throw new AppFailure('INVALID_INPUT', `records.${i}.dataBase64 is not valid padded base64.`, 'Export the records again, or fix that record.')
      const problem = recordSizeProblem(size, record.partitionKey)
      if (problem !== null) throw new AppFailure('INVALID_INPUT', `records.${i}: ${problem}`)
      bytes += size + Buffer.byteLength(record.partitionKey)
    })
    if (draft.records.length + records.length > this.limits.records) {
      throw new AppFailure(
        'LIMIT_EXCEEDED',
        `A replay holds at most ${this.limits.records.toLocaleString('en-US')} records; this one would have ${(draft.records.length + records.length).toLocaleString('en-US')}.`,
        'Replay a narrower selection (a shorter time window or a filter), in several runs.'
      )
    }
    if (draft.bytes + bytes > this.limits.bytes) {
      throw new AppFailure(
        'LIMIT_EXCEEDED',
        `A replay holds at most ${Math.round(this.limits.bytes / 1024 / 1024).toLocaleString('en-US')} MiB of records; this one would have ${Math.round((draft.bytes + bytes) / 1024 / 1024).toLocaleString('en-US')} MiB.`,
        'Replay a narrower selection, in several runs.'
      )
    }
    for (const record of records) draft.records.push(record)
    draft.bytes += bytes
    return draft.records.length
  }

  records(draftId: string, client: ClientContext): readonly ReplayRecord[] {
    return this.get(draftId, client).records
  }

  discard(draftId: string, client: ClientContext): void {
    const draft = this.get(draftId, client)
    draft.release()
    this.drafts.delete(draftId)
  }

  get count(): number {
    return this.drafts.size
  }

  private get(draftId: string, client: ClientContext): Draft {
    const draft = this.drafts.get(draftId)
    // Another client's draft is as good as unknown.
    if (draft === undefined || draft.clientId !== client.clientId) {
      throw new AppFailure('SESSION_NOT_FOUND', `Replay draft ${draftId} is not open.`, 'It was discarded or its window closed; start the replay again.')
    }
    return draft
  }
}
