/** Formatting and parsing of what the record browser shows: times, counts, sizes, lag. Pure. */

import type { DecodedRecord } from '../../../../shared/domain'
import { formatTime, pad, parts, type TimeZone } from '../../components/time-format'

export { formatTime, type TimeZone }

/** The zone's name as shown beside a time: "UTC", or the browser's zone such as "Europe/Berlin". */
export function zoneName(zone: TimeZone): string {
  if (zone === 'utc') return 'UTC'
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local'
  } catch {
    return 'local'
  }
}

/** The value a datetime-local input takes: "2026-11-25T18:30:05" (".123" when there are ms). */
export function toDateTimeInput(ms: number, zone: TimeZone): string {
  const p = parts(ms, zone)
  const base = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`
  return p.ms === 0 ? base : `${base}.${pad(p.ms, 3)}`
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/

/** Reads a datetime-local value ("2026-11-25T18:30", seconds and ms optional) in the zone; null if malformed. */
export function parseDateTimeInput(value: string, zone: TimeZone): number | null {
  const m = DATE_TIME.exec(value.trim())
  if (m === null) return null
  const [y, mo, d, h, mi, s, frac] = m.slice(1).map((v, i) => (i === 6 ? Number((v ?? '0').padEnd(3, '0')) : Number(v ?? '0'))) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number
  ]
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const ms = zone === 'utc' ? Date.UTC(y, mo - 1, d, h, mi, s, frac) : new Date(y, mo - 1, d, h, mi, s, frac).getTime()
  // Reject dates that rolled over (Feb 30th) rather than silently reading another day.
  const back = parts(ms, zone)
  if (back.d !== d || back.mo !== mo) return null
  return ms
}

const grouping = new Intl.NumberFormat('en-US')

/** 12345 → "12,345". */
export function formatCount(n: number): string {
  return grouping.format(n)
}

/** "1 record" / "12,345 records". */
export function countRecords(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'record' : 'records'}`
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`
}

/** MillisBehindLatest as people say it: "0 ms", "850 ms", "12 s", "4 min 5 s", "2 h 3 min", "3 d 4 h". */
export function formatMillisBehind(ms: number | null): string {
  if (ms === null) return '—'
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s} s`
  const min = Math.floor(s / 60)
  if (min < 60) return s % 60 === 0 ? `${min} min` : `${min} min ${s % 60} s`
  const h = Math.floor(min / 60)
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`
  const d = Math.floor(h / 24)
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`
}

/**
 * The sequence number as the table shows it: with ":subseq" for a KPL user record, and which log
 * event it is for a CloudWatch Logs record's event ("… · event 3/10").
 */
export function recordPosition(record: Pick<DecodedRecord, 'sequenceNumber' | 'subSequenceNumber' | 'logEvent'>): string {
  const position = record.subSequenceNumber === null ? record.sequenceNumber : `${record.sequenceNumber}:${record.subSequenceNumber}`
  const event = record.logEvent
  return event === undefined ? position : `${position} · event ${event.index + 1}/${event.count}`
}
