/** Words for a Lambda event source mapping's settings, in the Lambda console's terms. Pure. */
import type { EventSourceMapping, LambdaMappingsView } from '../../../../shared/lambda'
import { freshnessText } from './channel-format'

export function mappingsSummary(view: LambdaMappingsView): string {
  const n = view.mappings.length
  if (n === 0) return 'No Lambda function reads this stream.'
  const enabled = view.mappings.filter((m) => m.state === 'Enabled').length
  return `${n} event source mapping${n === 1 ? '' : 's'} · ${enabled} enabled · read only`
}

/** "100 records · window 5 s" (MaximumBatchingWindowInSeconds 0: no window). */
export function batchText(m: Pick<EventSourceMapping, 'batchSize' | 'batchingWindowSeconds'>): string {
  const size = m.batchSize !== null ? `${m.batchSize.toLocaleString('en-US')} record${m.batchSize === 1 ? '' : 's'}` : '—'
  const window = m.batchingWindowSeconds === null || m.batchingWindowSeconds === 0 ? 'no batching window' : `window ${freshnessText(m.batchingWindowSeconds)}`
  return `${size} · ${window}`
}

const POSITIONS: Record<string, string> = { TRIM_HORIZON: 'Trim horizon', LATEST: 'Latest', AT_TIMESTAMP: 'At timestamp' }

export function startingPositionText(m: Pick<EventSourceMapping, 'startingPosition' | 'startingTimestamp'>, time: (ms: number) => string): string {
  if (m.startingPosition === null) return '—'
  const name = POSITIONS[m.startingPosition] ?? m.startingPosition
  return m.startingTimestamp !== null ? `${name} ${time(m.startingTimestamp)}` : name
}

/** MaximumRetryAttempts: -1 retries until the record expires. */
export function retriesText(retries: number | null): string {
  if (retries === null) return '—'
  if (retries < 0) return 'Until the record expires (-1)'
  return String(retries)
}

/** MaximumRecordAgeInSeconds: -1 never discards a record for its age. */
export function recordAgeText(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds < 0) return 'No limit (-1)'
  return freshnessText(seconds)
}

export function yesNo(value: boolean | null): string {
  return value === null ? '—' : value ? 'Yes' : 'No'
}

/** The state badge's class: Enabled reads as active, Disabled as deleting-grey, the rest as changing. */
export function stateBadge(state: string): string {
  if (state === 'Enabled') return 'badge badge-active'
  if (state === 'Disabled') return 'badge badge-deleting'
  return 'badge badge-updating'
}

/** A last processing result that names a problem ("PROBLEM: …"). */
export function isProblem(result: string | null): boolean {
  return result !== null && /^PROBLEM/i.test(result)
}
