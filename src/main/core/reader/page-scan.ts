/**
 * One GetRecords page of a read session, decoded and matched record by record as it arrives off
 * the wire (records-page.ts hands each record over as soon as it is parsed). What it keeps is what
 * delivery needs: per record, its position and counts and the user records to deliver — all of
 * them in a Read, only the matches in a search. A run of records with nothing to deliver is kept
 * as one entry, so a search holds next to nothing of a page that has no match.
 */
import type { DecodedRecord, StartPosition, StopCondition } from '../../../shared/domain'
import { decodeRecord, keepMatching } from '../decode/decode-record'
import type { SessionSchemas } from '../schemas/schema-catalog'
import { rawRecord, type PageRecord, type RecordTaker } from './records-page'
import { dropBeforeSubSequence } from './sub-sequence-start'

/** A record (or a run of records with nothing to deliver) as delivery sees it. */
export interface ScannedEntry {
  /** The last record's: where a renewed iterator resumes once this entry is delivered. */
  sequenceNumber: string
  arrivalTime: number
  /** User records scanned (after KPL de-aggregation and the sub-sequence start) and their bytes. */
  users: number
  userBytes: number
  /** The user records to deliver. */
  kept: DecodedRecord[]
  /** Set while the record waits for a GSR schema version to be fetched (decoded again then). */
  raw: PageRecord | null
}

export interface PageScanOptions {
  shardId: string
  position: StartPosition
  stop: StopCondition
  /** Search mode's filter; without it every user record is kept. */
  match: ((record: DecodedRecord, index: number) => boolean) | undefined
  schemas: SessionSchemas | undefined
}

export class PageScan implements RecordTaker {
  entries: ScannedEntry[] = []
  /** A record past the stop condition's end time or end sequence number was met: it and the rest are left out. */
  cut = false
  private readonly endSequence: bigint | null

  constructor(private readonly options: PageScanOptions) {
    const { endSequenceNumber } = options.stop
    this.endSequence = endSequenceNumber !== undefined ? BigInt(endSequenceNumber) : null
  }

  restart(): void {
    this.entries = []
    this.cut = false
  }

  take(record: PageRecord): void {
    if (this.cut) return
    const { endTime } = this.options.stop
    if ((endTime !== undefined && record.arrivalTime > endTime) || (this.endSequence !== null && BigInt(record.sequenceNumber) > this.endSequence)) {
      this.cut = true
      return
    }
    const { schemas } = this.options
    const misses = schemas?.misses
    const entry = this.scan(record)
    if (schemas !== undefined && schemas.misses !== misses) entry.raw = record
    const last = this.entries[this.entries.length - 1]
    if (entry.kept.length === 0 && entry.raw === null && last !== undefined && last.kept.length === 0 && last.raw === null) {
      last.sequenceNumber = entry.sequenceNumber
      last.arrivalTime = entry.arrivalTime
      last.users += entry.users
      last.userBytes += entry.userBytes
    } else {
      this.entries.push(entry)
    }
  }

  /**
   * Once the page is in: records whose GSR schema version was not fetched yet are decoded again
   * after it is (one GetSchemaVersion per id for the connection), so the decoder stays synchronous.
   */
  async finish(): Promise<void> {
    const { schemas } = this.options
    if (schemas === undefined || !this.entries.some((e) => e.raw !== null)) return
    await schemas.fetchMissing()
    this.entries = this.entries.map((e) => (e.raw === null ? e : this.scan(e.raw)))
  }

  private scan(record: PageRecord): ScannedEntry {
    const { shardId, position, match, schemas } = this.options
    // A search leaves JSON unchecked and confirms only what its filter keeps (decode-record.ts).
    const decoded = decodeRecord(rawRecord(shardId, record), { schemas, checkJson: match === undefined })
    const users = dropBeforeSubSequence(position, shardId, record.sequenceNumber, decoded)
    let userBytes = 0
    for (const user of users) userBytes += user.size
    return {
      sequenceNumber: record.sequenceNumber,
      arrivalTime: record.arrivalTime,
      users: users.length,
      userBytes,
      kept: match === undefined ? users : keepMatching(users, match),
      raw: null
    }
  }
}
