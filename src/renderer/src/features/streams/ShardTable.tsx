import type { ShardInfo } from '../../../../shared/domain'
import { MiddleTruncate } from '../../components/MiddleTruncate'
import { keySpaceText } from './format'

/** The shard table: lineage, hash-key range, share of the key space and sequence-number range. */
export function ShardTable(props: { shards: readonly ShardInfo[]; highlight?: string | null }): React.JSX.Element {
  return (
    <div className="table-scroll">
      <table className="data-table shard-table" aria-label="Shards">
        <thead>
          <tr>
            <th scope="col">Shard ID</th>
            <th scope="col">State</th>
            <th scope="col">Parent</th>
            <th scope="col">Adjacent parent</th>
            <th scope="col">Hash key range</th>
            <th scope="col">Key space</th>
            <th scope="col">Starting sequence number</th>
            <th scope="col">Ending sequence number</th>
          </tr>
        </thead>
        <tbody>
          {props.shards.map((shard) => (
            <ShardRow key={shard.shardId} shard={shard} highlighted={props.highlight === shard.shardId} />
          ))}
        </tbody>
      </table>
    </div>
  )
}

function ShardRow({ shard, highlighted }: { shard: ShardInfo; highlighted: boolean }): React.JSX.Element {
  const share = keySpaceText(shard.keySpaceShare)
  const classes = [shard.open ? '' : 'is-closed', highlighted ? 'is-routed' : ''].join(' ').trim()
  return (
    <tr className={classes === '' ? undefined : classes} aria-current={highlighted ? 'true' : undefined}>
      <td className="mono nowrap">{shard.shardId}</td>
      <td>
        <span className={shard.open ? 'state state-open' : 'state state-closed'}>{shard.open ? 'Open' : 'Closed'}</span>
      </td>
      <td className="mono nowrap">{shard.parentShardId ?? <span className="muted">—</span>}</td>
      <td className="mono nowrap">{shard.adjacentParentShardId ?? <span className="muted">—</span>}</td>
      <td className="mono">
        <span className="hash-range">
          <MiddleTruncate value={shard.hashKeyStart} tail={5} className="hash-key" />
          <span className="muted"> – </span>
          <MiddleTruncate value={shard.hashKeyEnd} tail={5} className="hash-key" />
        </span>
      </td>
      <td className="nowrap">
        <span className="key-space">
          <span className="key-space-value">{share}</span>
          <span className="bar" aria-hidden="true">
            <span className="bar-fill" style={{ width: share }} />
          </span>
        </span>
      </td>
      <td className="mono">
        <MiddleTruncate value={shard.startingSequenceNumber} className="seq" />
      </td>
      <td className="mono">{shard.endingSequenceNumber !== null ? <MiddleTruncate value={shard.endingSequenceNumber} className="seq" /> : <span className="muted">—</span>}</td>
    </tr>
  )
}
