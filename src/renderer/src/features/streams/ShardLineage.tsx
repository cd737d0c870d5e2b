import type { ShardInfo } from '../../../../shared/domain'
import { MiddleTruncate } from '../../components/MiddleTruncate'
import { lineageEvents } from './shard-map'

/** Closed shards as resharding history: which split into which, which merged, with their ranges. */
export function ShardLineage(props: { shards: readonly ShardInfo[] }): React.JSX.Element | null {
  const events = lineageEvents(props.shards)
  const closed = props.shards.filter((s) => !s.open)
  if (closed.length === 0) return null
  return (
    <section className="shard-lineage" aria-labelledby="shard-lineage-heading">
      <div className="section-head">
        <h3 id="shard-lineage-heading">Lineage</h3>
        <span className="tab-summary">
          {closed.length} closed {closed.length === 1 ? 'shard' : 'shards'} · {events.length} resharding{' '}
          {events.length === 1 ? 'step' : 'steps'} still within the retention period
        </span>
      </div>
      <ol className="lineage-list" aria-label="Resharding history">
        {events.map((event) =>
          event.type === 'split' ? (
            <li key={`split-${event.parent.shardId}`}>
              <span className="lineage-kind">Split</span>{' '}
              <ShardRef shard={event.parent} />
              <Arrow />
              {event.children.map((c, i) => (
                <span key={c.shardId}>
                  {i > 0 && ', '}
                  <ShardRef shard={c} />
                </span>
              ))}
            </li>
          ) : (
            <li key={`merge-${event.child.shardId}`}>
              <span className="lineage-kind">Merge</span>{' '}
              {event.parents.map((p, i) => (
                <span key={p.shardId}>
                  {i > 0 && ' + '}
                  <ShardRef shard={p} />
                </span>
              ))}
              <Arrow />
              <ShardRef shard={event.child} />
            </li>
          )
        )}
      </ol>
    </section>
  )
}

/** A shard id with its state and sequence-number range. */
function ShardRef({ shard }: { shard: ShardInfo }): React.JSX.Element {
  return (
    <span className={shard.open ? 'lineage-shard is-open' : 'lineage-shard'}>
      <span className="mono">{shard.shardId}</span>{' '}
      <span className="lineage-range mono">
        (<MiddleTruncate value={shard.startingSequenceNumber} tail={4} className="seq-short" />
        {' – '}
        {shard.endingSequenceNumber !== null ? <MiddleTruncate value={shard.endingSequenceNumber} tail={4} className="seq-short" /> : 'open'})
      </span>
    </span>
  )
}

/** "→", read as "into". */
function Arrow(): React.JSX.Element {
  return (
    <span className="lineage-arrow">
      <span aria-hidden="true">→</span>
      <span className="visually-hidden"> into </span>
    </span>
  )
}
