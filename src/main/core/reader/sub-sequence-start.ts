/**
 * "Start at this user record": an AT_SEQUENCE_NUMBER position with a subSequenceNumber starts at
 * the aggregate (Kinesis knows only whole records) and drops, on that one record, the user
 * records before the one asked for. A plain (non-aggregated) record has only user record 0, so it
 * is dropped whole when a later one is asked for. This is how a KCL checkpoint inside a KPL
 * aggregate is resumed: After sequence number would skip the rest of the aggregate.
 */
import type { DecodedRecord, StartPosition } from '../../../shared/domain'

export function dropBeforeSubSequence(
  position: StartPosition,
  shardId: string,
  sequenceNumber: string,
  decoded: DecodedRecord[]
): DecodedRecord[] {
  if (
    position.type !== 'AT_SEQUENCE_NUMBER' ||
    position.subSequenceNumber === undefined ||
    position.subSequenceNumber === 0 ||
    position.shardId !== shardId ||
    position.sequenceNumber !== sequenceNumber
  ) {
    return decoded
  }
  const from = position.subSequenceNumber
  return decoded.filter((r) => r.subSequenceNumber !== null && r.subSequenceNumber >= from)
}
