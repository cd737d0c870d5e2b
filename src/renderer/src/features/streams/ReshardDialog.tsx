import { useState } from 'react'
import type { ShardInfo } from '../../../../shared/domain'
import type { ReshardAction } from '../../../../shared/shards'
import { Field } from '../../components/Field'
import { openSegments } from './shard-map'
import { useShardTools } from './shard-tools-store'
import { StreamChangeDialog } from './StreamChangeDialog'

export type ReshardKind = 'split' | 'merge' | 'scale'

const titles: Record<ReshardKind, string> = { split: 'Split shard', merge: 'Merge shards', scale: 'Change shard count' }

/** Neighbours of a shard in the key space: the shards it can merge with. */
function neighbours(open: ShardInfo[], shardId: string): ShardInfo[] {
  const i = open.findIndex((s) => s.shardId === shardId)
  return [open[i - 1], open[i + 1]].filter((s): s is ShardInfo => i >= 0 && s !== undefined)
}

/**
 * Split, merge or change the shard count, for test setups. Outside the sandbox the stream's name
 * must be typed (main checks it again); the view follows the stream until it is ACTIVE.
 */
export function ReshardDialog(props: { name: string; kind: ReshardKind; shards: readonly ShardInfo[]; onClose: () => void }): React.JSX.Element {
  const open = openSegments(props.shards)
  const picked = useShardTools((s) => s.selected)
  const reshard = useShardTools((s) => s.reshard)
  const first = open.find((s) => s.shardId === picked)?.shardId ?? open[0]?.shardId ?? ''
  const [shardId, setShardId] = useState(first)
  const [hashKey, setHashKey] = useState('')
  const [adjacent, setAdjacent] = useState(() => neighbours(open, first)[0]?.shardId ?? '')
  const [count, setCount] = useState(String(open.length * 2))

  const action = (): ReshardAction | null => {
    if (props.kind === 'split') return { type: 'split', shardId, newStartingHashKey: hashKey.trim() === '' ? null : hashKey.trim() }
    if (props.kind === 'merge') return adjacent === '' ? null : { type: 'merge', shardId, adjacentShardId: adjacent }
    const n = Number(count)
    return Number.isInteger(n) && n >= 1 ? { type: 'updateShardCount', targetShardCount: n } : null
  }
  const chosen = action()
  const shardSelect = (
    <Field label={props.kind === 'merge' ? 'Shard' : 'Shard to split'}>
      {(a11y) => (
        <select
          {...a11y}
          value={shardId}
          onChange={(e) => {
            setShardId(e.target.value)
            setAdjacent(neighbours(open, e.target.value)[0]?.shardId ?? '')
          }}
        >
          {open.map((s) => (
            <option key={s.shardId} value={s.shardId}>
              {s.shardId}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
  return (
    <StreamChangeDialog
      title={`${titles[props.kind]} of ${props.name}`}
      name={props.name}
      label={titles[props.kind]}
      busyLabel="Starting…"
      ready={chosen !== null}
      onConfirm={(confirmName) => (chosen === null ? Promise.resolve() : reshard(chosen, confirmName))}
      onClose={props.onClose}
    >
      <p className="dialog-note">
        Resharding changes which shard takes which keys and closes shards (their records stay readable until they expire).
        Meant for test setups; on AWS each open shard is billed.
      </p>
      {props.kind === 'split' && (
        <>
          {shardSelect}
          <Field label="New starting hash key" help="Empty: the midpoint of the shard's range.">
            {(a11y) => (
              <input {...a11y} className="mono" inputMode="numeric" autoComplete="off" placeholder="midpoint" value={hashKey} onChange={(e) => setHashKey(e.target.value)} />
            )}
          </Field>
        </>
      )}
      {props.kind === 'merge' && (
        <>
          {shardSelect}
          <Field label="Adjacent shard" help="Only neighbours in the key space can merge.">
            {(a11y) => (
              <select {...a11y} value={adjacent} onChange={(e) => setAdjacent(e.target.value)}>
                {neighbours(open, shardId).map((s) => (
                  <option key={s.shardId} value={s.shardId}>
                    {s.shardId}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      {props.kind === 'scale' && (
        <Field label="Target open shards" help={`Now ${open.length}. UpdateShardCount scales uniformly; kinesalite (the sandbox) does not have it.`}>
          {(a11y) => <input {...a11y} type="number" min={1} value={count} onChange={(e) => setCount(e.target.value)} />}
        </Field>
      )}
    </StreamChangeDialog>
  )
}
