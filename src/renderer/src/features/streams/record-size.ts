/**
 * A stream's maximum record size as the views use it: the limit the Send tab checks against
 * (from the stream's summary; the most any stream takes until the summary has answered) and
 * the sizes the summary and the dialogs offer.
 */
import { useMemo } from 'react'
import { ANY_STREAM_LIMIT, maxRecordBytesOf, type RecordLimit } from '../../../../shared/producer'
import { useDetailEntry } from './details-store'

/** The stream's record limit, named for the messages; ANY_STREAM_LIMIT while its summary is unknown. */
export function useRecordLimit(stream: string): RecordLimit {
  const kib = useDetailEntry(stream)?.details?.maxRecordSizeKiB
  return useMemo(() => (kib === undefined ? ANY_STREAM_LIMIT : { maxRecordBytes: maxRecordBytesOf(kib), stream }), [kib, stream])
}

/** "1 MiB", "10 MiB", "5,000 KiB": a MaxRecordSizeInKiB as the summary shows it. */
export function maxRecordSizeText(kib: number): string {
  return kib % 1024 === 0 ? `${kib / 1024} MiB` : `${kib.toLocaleString('en-US')} KiB`
}

/** The sizes the dialogs offer, in KiB: every whole MiB from 1 to 10 (the API takes any KiB in between). */
export const MAX_RECORD_SIZE_CHOICES_KIB: readonly number[] = Array.from({ length: 10 }, (_, i) => (i + 1) * 1024)
