/** A bulk send's or replay's progress and report in plain words. Pure. */
import type { ProducerProgress, ProducerReport } from '../../../../shared/producer'
import { formatCount, formatMillisBehind } from '../records/format'

/** "1.2 s", "4 min 5 s": how long something took or will take. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : formatMillisBehind(ms)
}

/** 0..1 of the records that have an outcome, or null for a run "until stopped". */
export function progressFraction(p: ProducerProgress): number | null {
  if (p.total === null || p.total === 0) return null
  return Math.min(1, (p.sent + p.failed + p.unknown) / p.total)
}

/** "1,200 of 2,000" or "1,200 sent" (until stopped). */
export function progressHeadline(p: ProducerProgress): string {
  return p.total === null ? `${formatCount(p.sent)} sent` : `${formatCount(p.sent)} of ${formatCount(p.total)} sent`
}

export function rateText(perSecond: number): string {
  return `${formatCount(Math.round(perSecond))} records/s`
}

export function etaText(p: ProducerProgress): string {
  if (p.total === null) return 'until stopped'
  return p.etaMs === null ? '—' : formatDuration(p.etaMs)
}

const jobNoun = { bulk: 'Bulk send', replay: 'Replay' } as const

/** "Bulk send completed in 3.2 s" / "Replay cancelled after 1.1 s" / "Bulk send failed after 4 s". */
export function reportTitle(r: ProducerReport): string {
  const took = formatDuration(r.durationMs)
  switch (r.reason) {
    case 'completed':
      return `${jobNoun[r.kind]} completed in ${took}`
    case 'cancelled':
      return `${jobNoun[r.kind]} cancelled after ${took}`
    case 'client-gone':
      return `${jobNoun[r.kind]} ended when the window went away, after ${took}`
    default:
      return `${jobNoun[r.kind]} failed after ${took}`
  }
}

/** "2,000 of 2,000 sent · 0 failed" (and outcome unknown / not sent when there are any). */
export function reportCounts(r: ProducerReport): string {
  const parts = [`${formatCount(r.sent)} of ${formatCount(r.requested)} sent`, `${formatCount(r.failed)} failed`]
  if (r.unknown > 0) parts.push(`${formatCount(r.unknown)} outcome unknown`)
  if (r.notSent > 0) parts.push(`${formatCount(r.notSent)} not sent`)
  return parts.join(' · ')
}
