/** How the Configuration tab, the summary and the capacity panel word a stream's settings. Pure. */
import type { StreamDetails } from '../../../../shared/domain'

/** "200 MiB/s (current 120 MiB/s)"; what an answer without WarmThroughput means, otherwise. */
export function warmThroughputText(details: Pick<StreamDetails, 'mode' | 'warmThroughput'>): string {
  if (details.mode !== 'ON_DEMAND') return 'none (provisioned streams take what their shards take)'
  const warm = details.warmThroughput
  if (warm === null) return 'not reported (needs the account’s minimum throughput billing commitment)'
  const target = warm.targetMiBps === null ? '—' : `${warm.targetMiBps.toLocaleString('en-US')} MiB/s`
  return warm.currentMiBps !== null && warm.currentMiBps !== warm.targetMiBps ? `${target} (current ${warm.currentMiBps.toLocaleString('en-US')} MiB/s)` : target
}

/** "3 of 7 metrics" or "Off". */
export function monitoringText(metrics: readonly string[], of: number): string {
  return metrics.length === 0 ? 'Off (stream-level metrics only)' : `${metrics.length} of ${of} shard-level metrics`
}

/** A number field's whole number, NaN otherwise: an empty field is no number (Number('') is 0, which a warm throughput would send as "release"). */
export function wholeNumberOf(text: string): number {
  const n = text.trim() === '' ? Number.NaN : Number(text)
  return Number.isInteger(n) ? n : Number.NaN
}
