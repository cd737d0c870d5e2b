import { formatCount } from '../records/format'

/** Records per shard: a run's report ("Records per shard") and a replay's dry run share it. */
export function ShardCountsTable(props: {
  label: string
  shardHeading: string
  rows: readonly { shardId: string; records: number }[]
}): React.JSX.Element {
  return (
    <table className="data-table job-shards" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{props.shardHeading}</th>
          <th scope="col" className="num">
            Records
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((s) => (
          <tr key={s.shardId}>
            <td className="mono">{s.shardId}</td>
            <td className="num">{formatCount(s.records)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
