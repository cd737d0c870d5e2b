/** Date-time text both features show: the record browser's arrival times, a stream's creation time. Pure. */

export type TimeZone = 'utc' | 'local'

export const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

interface Parts {
  y: number
  mo: number
  d: number
  h: number
  mi: number
  s: number
  ms: number
}

export function parts(ms: number, zone: TimeZone): Parts {
  const t = new Date(ms)
  return zone === 'utc'
    ? { y: t.getUTCFullYear(), mo: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds() }
    : { y: t.getFullYear(), mo: t.getMonth() + 1, d: t.getDate(), h: t.getHours(), mi: t.getMinutes(), s: t.getSeconds(), ms: t.getMilliseconds() }
}

/** "2026-11-25 18:30:00.123" (or without the ms): sortable, unambiguous, what a log line shows. */
export function formatTime(ms: number, zone: TimeZone, milliseconds = true): string {
  if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) return '—'
  const p = parts(ms, zone)
  const seconds = `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}`
  return milliseconds ? `${seconds}.${pad(p.ms, 3)}` : seconds
}
