import type { ShardInfo } from '../../../../shared/domain'

/** The record browser for one stream (issue 3 builds it out). */
export function RecordsView(props: { stream: string; shards: ShardInfo[] }): React.JSX.Element {
  return <section aria-label={`Records of ${props.stream}`}>Records of {props.stream} ({props.shards.length} shards)</section>
}
