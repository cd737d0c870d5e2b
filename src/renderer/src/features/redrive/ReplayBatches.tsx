import type { ReadBatchesResult } from './read-batches'
import { ReplayDialog } from '../replay/ReplayDialog'
import { toReplayRecord } from '../replay/replay-chunks'

/** All the batches' records, read, in one replay job (in order per shard). */
export function ReplayBatches(props: { stream: string; result: ReadBatchesResult; onClose: () => void }): React.JSX.Element {
  const { records, batches } = props.result
  return (
    <ReplayDialog
      stream={props.stream}
      browser={{
        selectedCount: 0,
        shownCount: records.length,
        filterActive: false,
        shownLabel: `The records of ${batches.length} failure record ${batches.length === 1 ? 'batch' : 'batches'}, in order per shard`,
        records: () => records.map(toReplayRecord)
      }}
      onClose={props.onClose}
    />
  )
}
