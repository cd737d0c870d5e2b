import { useId, useState } from 'react'
import type { RecordDistributionStrategy } from '../../../../shared/domain'
import { recordDistributionChange } from '../../../../shared/shards'
import { api } from '../../api/client'
import { useDetails } from './details-store'
import { distributionMeanings, distributionNames } from './distribution'
import { useShardTools } from './shard-tools-store'
import { StreamChangeDialog } from './StreamChangeDialog'

const strategies: readonly RecordDistributionStrategy[] = ['USER_PARTITION_KEY', 'AUTO']

/** Changes the strategy, then describes the stream again; a key's old route no longer holds. */
async function change(name: string, strategy: RecordDistributionStrategy, confirmName: string | null): Promise<void> {
  await api.streams.setRecordDistribution({ name, strategy, confirmName })
  useShardTools.getState().clearRoute()
  await useDetails.getState().fetchNow(name)
}

/**
 * UpdateStreamRecordDistributionStrategy for an on-demand stream: what each strategy does, what
 * the change means for ordering, and (outside the sandbox) the stream's name typed; main checks it again.
 */
export function RecordDistributionDialog(props: { name: string; current: RecordDistributionStrategy; onClose: () => void }): React.JSX.Element {
  const other = props.current === 'AUTO' ? 'USER_PARTITION_KEY' : 'AUTO'
  const [chosen, setChosen] = useState<RecordDistributionStrategy>(other)
  const group = useId()
  const changes = chosen !== props.current
  return (
    <StreamChangeDialog
      title={`Record distribution of ${props.name}`}
      name={props.name}
      label={`Change to ${chosen}`}
      ready={changes}
      onConfirm={(confirmName) => change(props.name, chosen, confirmName)}
      onClose={props.onClose}
    >
      <p className="dialog-note">
        How Kinesis picks the shard of each new record (UpdateStreamRecordDistributionStrategy; on-demand streams only). Now:{' '}
        <strong>{distributionNames[props.current]}</strong>.
      </p>
      <fieldset className="distribution-choices">
        <legend>Record distribution strategy</legend>
        {strategies.map((strategy) => (
          <label key={strategy} className="distribution-choice">
            <input type="radio" name={group} checked={chosen === strategy} onChange={() => setChosen(strategy)} />
            <span>
              <strong>
                {strategy === 'AUTO' ? 'Evenly' : distributionNames[strategy]} <span className="mono">{strategy}</span>
                {strategy === props.current ? ' (current)' : ''}
              </strong>
              <span className="field-help">{distributionMeanings[strategy]}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {changes && (
        <p className="dialog-warning" data-testid="distribution-consequence">
          {recordDistributionChange(props.name, chosen)}
        </p>
      )}
    </StreamChangeDialog>
  )
}
