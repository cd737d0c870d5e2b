/** Words for a channel's fields, in the AWS console's terms where it has them. */
import type { ChannelDestination, ChannelLogging, ChannelsView } from '../../../../shared/channels'

export function channelsSummary(view: ChannelsView): string {
  const n = view.channels.length
  if (n === 0) return 'No channels deliver this stream.'
  return `${n} channel${n === 1 ? '' : 's'} deliver${n === 1 ? 's' : ''} this stream · read only`
}

/** 300 → "5 min", 90 → "1 min 30 s", 3600 → "1 h". */
export function freshnessText(seconds: number | null): string {
  if (seconds === null) return '—'
  const h = Math.floor(seconds / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const s = seconds % 60
  const parts = [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : '', s > 0 || seconds === 0 ? `${s} s` : ''].filter((p) => p !== '')
  return parts.join(' ')
}

const STORAGE_CLASSES: Record<string, string> = {
  STANDARD: 'S3 Standard',
  INTELLIGENT_TIERING: 'S3 Intelligent-Tiering',
  GLACIER_IR: 'S3 Glacier Instant Retrieval'
}

export function storageClassText(storageClass: string | null): string {
  if (storageClass === null) return 'S3 Standard (default)'
  return STORAGE_CLASSES[storageClass] ?? storageClass
}

const COMPRESSIONS: Record<string, string> = { NONE: 'None', GZIP: 'GZIP', ZSTD: 'Zstandard (ZSTD)', SNAPPY: 'Snappy' }

export function compressionText(compression: string | null): string {
  return compression === null ? '—' : (COMPRESSIONS[compression] ?? compression)
}

const FORMATS: Record<string, string> = {
  JSON: 'JSON',
  GSR_JSON: 'JSON checked against a Glue Schema Registry schema (GSR_JSON)',
  STRING: 'String',
  BYTE_ARRAY: 'Bytes (BYTE_ARRAY)'
}

export function recordFormatText(format: string | null): string {
  return format === null ? '—' : (FORMATS[format] ?? format)
}

/** One line for the destination: where the records end up. */
export function destinationText(destination: ChannelDestination | null, destinationType: string): string {
  if (destination === null) return destinationType === 'S3_TABLES' ? 'S3 Tables (details not read)' : destinationType === 'S3' ? 'S3 bucket (details not read)' : '—'
  if (destination.type === 'S3') return `S3 bucket ${destination.bucketName}`
  const tables = destination.tables.map((t) => `${t.namespace}.${t.table} in table bucket ${t.tableBucketName}`)
  return `S3 Tables (Apache Iceberg): ${tables.length > 0 ? tables.join('; ') : 'no table'}`
}

export function loggingText(logging: ChannelLogging | null): string {
  if (logging === null || !logging.enabled) return 'Off'
  const where = [logging.logGroup, logging.logStream].filter((x): x is string => x !== null)
  return where.length > 0 ? `CloudWatch Logs: ${where.join(' / ')}` : 'CloudWatch Logs (default log group)'
}
