import { useEffect, useState } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { dataOf } from '../../components/load-state'
import { HotShards } from './HotShards'
import { KeyRouter } from './KeyRouter'
import { ReshardDialog, type ReshardKind } from './ReshardDialog'
import { ShardLineage } from './ShardLineage'
import { ShardMap } from './ShardMap'
import { ShardTable } from './ShardTable'
import { useDetailEntry } from './details-store'
import { useRecordDistribution } from './use-record-distribution'
import { shardSummary, transitional } from './format'
import { useShardTools } from './shard-tools-store'
import { useStreamView } from './stream-view-store'
import './shard-tools.css'

/**
 * Every shard of the open stream: the key-space map, key → shard, the load sample, resharding,
 * the lineage of closed shards, and the table of all shards.
 */
export function ShardsTab(props: { name: string }): React.JSX.Element {
  const load = useStreamView((s) => s.shards)
  const refreshShards = useStreamView((s) => s.refreshShards)
  const status = useDetailEntry(props.name)?.details?.status ?? null
  const recordDistribution = useRecordDistribution(props.name)
  const routed = useShardTools((s) => dataOf(s.route)?.shard?.shardId ?? null)
  const [dialog, setDialog] = useState<ReshardKind | null>(null)
  useEffect(() => useShardTools.getState().attach(props.name), [props.name])
  const shards = dataOf(load)
  const busy = status !== 'ACTIVE'
  return (
    <div className="shards-tab">
      <div className="tab-toolbar">
        <span className="tab-summary" data-testid="shard-summary">
          {shards !== null
            ? `${shardSummary(shards)}${transitional(status) ? ` · ${status ?? ''}: the view refreshes when the stream is ACTIVE again` : ''}`
            : status === 'CREATING'
              ? 'The stream is being created: its shards appear once it is ACTIVE.'
              : load.status === 'loading'
                ? 'Loading shards…'
                : ''}
        </span>
        <button type="button" className="small-button" disabled={busy || shards === null} onClick={() => setDialog('split')}>
          Split shard…
        </button>
        <button type="button" className="small-button" disabled={busy || shards === null} onClick={() => setDialog('merge')}>
          Merge shards…
        </button>
        <button type="button" className="small-button" disabled={busy || shards === null} onClick={() => setDialog('scale')}>
          Change shard count…
        </button>
        <button type="button" className="small-button" aria-label="Refresh shards" onClick={() => void refreshShards()}>
          Refresh
        </button>
      </div>
      {load.status === 'error' && <ErrorBanner error={load.error} />}
      {shards !== null && (
        <div className="shards-scroll">
          <ShardMap shards={shards} recordDistribution={recordDistribution} />
          <div className="shard-tools-row">
            <KeyRouter />
          </div>
          <HotShards />
          <ShardLineage shards={shards} />
          <ShardTable shards={shards} highlight={routed} />
        </div>
      )}
      {dialog !== null && shards !== null && <ReshardDialog name={props.name} kind={dialog} shards={shards} onClose={() => setDialog(null)} />}
    </div>
  )
}
