import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { ShardTable } from './ShardTable'
import { useDetailEntry } from './details-store'
import { shardSummary } from './format'
import { useStreamView } from './stream-view-store'

/** Every shard of the open stream, open and closed, with a summary line and a refresh. */
export function ShardsTab(props: { name: string }): React.JSX.Element {
  const load = useStreamView((s) => s.shards)
  const refreshShards = useStreamView((s) => s.refreshShards)
  const creating = useDetailEntry(props.name)?.details?.status === 'CREATING'
  const shards = dataOf(load)
  return (
    <div className="shards-tab">
      <div className="tab-toolbar">
        <span className="tab-summary" data-testid="shard-summary">
          {shards !== null
            ? shardSummary(shards)
            : creating
              ? 'The stream is being created: its shards appear once it is ACTIVE.'
              : load.status === 'loading'
                ? 'Loading shards…'
                : ''}
        </span>
        <button type="button" className="small-button" aria-label="Refresh shards" onClick={() => void refreshShards()}>
          Refresh
        </button>
      </div>
      {load.status === 'error' && <ErrorBanner error={load.error} />}
      {shards !== null && <ShardTable shards={shards} />}
    </div>
  )
}
