import type { SentRecord } from '../../../../shared/producer'
import { useStreamView } from '../streams/stream-view-store'

/** Opens the record browser At this record's sequence number on its shard, and reads. */
export function readFromHere(sent: Pick<SentRecord, 'shardId' | 'sequenceNumber'>): void {
  useStreamView.getState().openRecordsAt({ type: 'AT_SEQUENCE_NUMBER', sequenceNumber: sent.sequenceNumber, shardId: sent.shardId })
}
