import type { RecordDistributionStrategy, ShardInfo } from '../../../../shared/domain'
import { dataOf } from '../../components/load-state'
import { KEYS_IGNORED } from './distribution'
import { keySpaceText } from './format'
import { loadByShard, loadColor, openSegments, segmentLabel } from './shard-map'
import { useShardTools, useShownLoad } from './shard-tools-store'

const KEY_SPACE = 2n ** 128n

/**
 * The hash-key space as a bar: one segment per open shard, as wide as its range, coloured by the
 * load sample when there is one. Segments are buttons (Tab reaches them; Enter picks one). On an
 * AUTO stream the ranges do not decide where records go, so they are not coloured by load.
 */
export function ShardMap(props: { shards: readonly ShardInfo[]; recordDistribution: RecordDistributionStrategy | null }): React.JSX.Element {
  const segments = openSegments(props.shards)
  const auto = props.recordDistribution === 'AUTO'
  const loaded = useShownLoad()
  const shown = auto ? null : loaded
  const route = useShardTools((s) => dataOf(s.route))
  const selected = useShardTools((s) => s.selected)
  const select = useShardTools((s) => s.select)
  const { byShard, max } = loadByShard(shown)
  // Where the routed key falls, as a share of the key space (4 decimals are enough for pixels).
  const marker = route !== null ? Number((BigInt(route.hashKey) * 10_000n) / KEY_SPACE) / 100 : null
  return (
    <section className="shard-map" aria-labelledby="shard-map-heading">
      <div className="section-head">
        <h3 id="shard-map-heading">Hash-key space</h3>
        <span className="tab-summary">
          {segments.length} open {segments.length === 1 ? 'shard' : 'shards'} from 0 to 2¹²⁸ − 1
          {shown !== null ? ` · coloured by records (${shown.source === 'sample' ? 'the load sample' : 'CloudWatch'})` : ''}
          {auto ? ` · ${KEYS_IGNORED}, so the ranges are not coloured by load (Load per shard below has it)` : ''}
        </span>
      </div>
      <div className="key-bar-wrap">
        <div className="key-bar" role="group" aria-label="Open shards by hash-key range">
          {segments.map((shard) => {
            const share = keySpaceText(shard.keySpaceShare)
            const load = byShard.get(shard.shardId)
            const routed = route?.shard?.shardId === shard.shardId
            const classes = ['key-segment', routed ? 'is-routed' : '', selected === shard.shardId ? 'is-selected' : ''].join(' ')
            return (
              <button
                key={shard.shardId}
                type="button"
                className={classes}
                style={{ flexGrow: Math.max(shard.keySpaceShare, 0.0001), ...(shown !== null ? { background: loadColor(load?.records ?? 0, max) } : {}) }}
                aria-pressed={selected === shard.shardId}
                title={segmentLabel(shard, share, load)}
                data-shard={shard.shardId}
                onClick={() => select(selected === shard.shardId ? null : shard.shardId)}
              >
                {/* The name is the content (axe: the visible text must be part of the name); a
                    narrow segment shows the end of the id. */}
                <span className="key-segment-id">{shard.shardId}</span>{' '}
                <span className="key-segment-share">
                  {share}
                  <span className="visually-hidden">
                    {' '}
                    of the key space
                    {shown !== null ? `, ${load?.records ?? 0} ${load?.records === 1 ? 'record' : 'records'} ${shown.source === 'sample' ? 'in the sample' : 'in CloudWatch'}` : ''}
                  </span>
                </span>
              </button>
            )
          })}
        </div>
        {marker !== null && route?.shard != null && (
          <span className="key-marker" style={{ left: `${marker}%` }} aria-hidden="true" title={`Hash key ${route.hashKey}`} />
        )}
      </div>
      <div className="key-axis" aria-hidden="true">
        <span>0</span>
        <span>2¹²⁷</span>
        <span>2¹²⁸ − 1</span>
      </div>
    </section>
  )
}
