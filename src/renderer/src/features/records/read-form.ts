/**
 * The toolbar's form: what the user typed, and the check that turns it into a reader.start input
 * (or says, per field, what is wrong) before anything is sent. Pure.
 */
import type { InputOf } from '../../../../shared/contract'
import type { ReadMode, ShardInfo, StartPosition, StopCondition } from '../../../../shared/domain'
import { parseDateTimeInput, type TimeZone } from './format'
import { initialSearchForm, type SearchForm } from './search-slice'

export interface ReadForm extends SearchForm {
  position: StartPosition['type']
  sequenceNumber: string
  /** The shard a sequence number belongs to. */
  sequenceShardId: string
  /** datetime-local value, read in `zone`. */
  timestamp: string
  scope: 'all' | 'chosen'
  chosenShards: string[]
  stopsOpen: boolean
  maxRecords: string
  endTime: string
  endSequenceNumber: string
}

export const initialReadForm: ReadForm = {
  position: 'TRIM_HORIZON',
  sequenceNumber: '',
  sequenceShardId: '',
  timestamp: '',
  scope: 'all',
  chosenShards: [],
  stopsOpen: false,
  maxRecords: '',
  endTime: '',
  endSequenceNumber: '',
  ...initialSearchForm
}

/** 'search': what keeps a search from starting (the filter). */
export type FormField = 'sequenceNumber' | 'sequenceShardId' | 'timestamp' | 'chosenShards' | 'maxRecords' | 'endTime' | 'endSequenceNumber' | 'search'

export type StartInput = InputOf<'reader.start'>

export type FormCheck = { ok: true; input: StartInput } | { ok: false; errors: Partial<Record<FormField, string>> }

const DIGITS = /^\d{1,128}$/
/** A sequence number, with ":N" for user record N of a KPL aggregate. */
const USER_RECORD = /^(\d{1,128})(?::(\d{1,9}))?$/

/**
 * A position by sequence number. With a user record: At "seq:N" starts at user record N of that
 * aggregate, After "seq:N" at user record N + 1 (the aggregate's later user records are not skipped).
 */
export function sequencePosition(
  type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER',
  sequenceNumber: string,
  shardId: string,
  subSequence: string | undefined
): StartPosition {
  if (subSequence === undefined) return { type, sequenceNumber, shardId }
  const sub = Number(subSequence) + (type === 'AFTER_SEQUENCE_NUMBER' ? 1 : 0)
  return { type: 'AT_SEQUENCE_NUMBER', sequenceNumber, shardId, subSequenceNumber: sub }
}

/** What the sequence-number field shows for a position: "seq", or "seq:N" for a user record. */
export function sequenceFieldText(position: { sequenceNumber: string; subSequenceNumber?: number }): string {
  return position.subSequenceNumber === undefined ? position.sequenceNumber : `${position.sequenceNumber}:${position.subSequenceNumber}`
}

export function checkReadForm(form: ReadForm, stream: string, mode: ReadMode, shards: readonly ShardInfo[], zone: TimeZone): FormCheck {
  const errors: Partial<Record<FormField, string>> = {}
  const known = new Set(shards.map((s) => s.shardId))
  let position: StartPosition | null = null

  switch (form.position) {
    case 'TRIM_HORIZON':
    case 'LATEST':
      position = { type: form.position }
      break
    case 'AT_SEQUENCE_NUMBER':
    case 'AFTER_SEQUENCE_NUMBER': {
      // "seq:sub" (as the record list shows a KPL user record) names one user record of an aggregate.
      const typed = form.sequenceNumber.trim()
      const match = USER_RECORD.exec(typed)
      const sequenceNumber = match?.[1] ?? typed
      if (typed === '') errors.sequenceNumber = 'Enter a sequence number'
      else if (match === null) errors.sequenceNumber = 'A sequence number has digits only (up to 128)'
      if (form.sequenceShardId === '') errors.sequenceShardId = 'Pick the shard the record is in'
      else if (known.size > 0 && !known.has(form.sequenceShardId)) errors.sequenceShardId = 'Not a shard of this stream'
      position = sequencePosition(form.position, sequenceNumber, form.sequenceShardId, match?.[2])
      break
    }
    case 'AT_TIMESTAMP': {
      const timestamp = parseDateTimeInput(form.timestamp, zone)
      if (form.timestamp === '') errors.timestamp = 'Pick a date and time'
      else if (timestamp === null) errors.timestamp = 'Not a date and time'
      else if (timestamp < 0) errors.timestamp = 'Pick a time after 1970'
      else position = { type: 'AT_TIMESTAMP', timestamp }
      break
    }
  }

  const bySequence = form.position === 'AT_SEQUENCE_NUMBER' || form.position === 'AFTER_SEQUENCE_NUMBER'
  let shardIds: string[] | null = null
  if (!bySequence && form.scope === 'chosen') {
    shardIds = form.chosenShards.filter((id) => known.size === 0 || known.has(id))
    if (shardIds.length === 0) errors.chosenShards = 'Choose at least one shard, or read all shards'
  }

  const stop: StopCondition = {}
  if (form.maxRecords.trim() !== '') {
    const n = Number(form.maxRecords.replace(/[,_\s]/g, ''))
    if (!Number.isInteger(n) || n < 1 || n > 10_000_000) errors.maxRecords = 'A whole number from 1 to 10,000,000'
    else stop.maxRecords = n
  }
  if (form.endTime !== '') {
    const end = parseDateTimeInput(form.endTime, zone)
    if (end === null || end < 0) errors.endTime = 'Not a date and time'
    else if (position?.type === 'AT_TIMESTAMP' && end < position.timestamp) errors.endTime = 'The end time is before the start'
    else stop.endTime = end
  }
  if (form.endSequenceNumber.trim() !== '') {
    const end = form.endSequenceNumber.trim()
    if (!DIGITS.test(end)) errors.endSequenceNumber = 'A sequence number has digits only (up to 128)'
    else stop.endSequenceNumber = end
  }

  if (Object.keys(errors).length > 0 || position === null) return { ok: false, errors }
  const input: StartInput = { stream, shardIds, position, mode }
  if (Object.keys(stop).length > 0) input.stop = stop
  return { ok: true, input }
}

/** Quick picks for At timestamp. */
export const quickPicks: readonly { label: string; ms: number }[] = [
  { label: '5 minutes ago', ms: 5 * 60_000 },
  { label: '15 minutes ago', ms: 15 * 60_000 },
  { label: '1 hour ago', ms: 60 * 60_000 },
  { label: '24 hours ago', ms: 24 * 60 * 60_000 }
]
