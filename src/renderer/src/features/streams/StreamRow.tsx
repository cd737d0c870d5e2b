import { memo } from 'react'
import type { StreamListItem } from '../../../../shared/domain'
import { errorText } from '../../api/client'
import { StatusBadge } from '../../components/StatusBadge'
import { useDetailEntry } from './details-store'
import { modeText } from './format'
import { useStreamList } from './stream-list-store'

export const rowId = (name: string): string => `stream-row-${name}`

/** One stream in the list; the columns the list item lacks come from the details cache. */
export const StreamRow = memo(function StreamRow(props: {
  item: StreamListItem
  index: number
  setSize: number
  top: number
  onOpen: (name: string) => void
}): React.JSX.Element {
  const { item } = props
  const entry = useDetailEntry(item.name)
  const isCursor = useStreamList((s) => s.cursor === item.name)
  const isOpen = useStreamList((s) => s.openName === item.name)
  const details = entry?.details ?? null
  const unknown = entry?.status === 'error' && details === null ? '—' : '…'
  const title = entry?.status === 'error' ? errorText(entry.error).message : item.name
  const className = ['stream-grid', 'stream-row', isCursor ? 'is-cursor' : '', isOpen ? 'is-open' : ''].join(' ')
  // The option's name is the stream's name (what a voice-control user says, and what the visible
  // text of the row contains once the other columns are hidden from the name); the columns are
  // its description.
  const id = rowId(item.name)
  const columns = ['status', 'mode', 'shards', 'retention', 'encryption'].map((c) => `${id}-${c}`)
  return (
    <div
      id={id}
      role="option"
      aria-describedby={columns.join(' ')}
      aria-selected={isCursor}
      aria-current={isOpen ? 'true' : undefined}
      aria-setsize={props.setSize}
      aria-posinset={props.index + 1}
      className={className}
      style={{ transform: `translateY(${props.top}px)` }}
      title={title}
      onClick={() => props.onOpen(item.name)}
    >
      <span className="stream-name">{item.name}</span>
      <span id={columns[0]} aria-hidden="true">
        <StatusBadge status={details?.status ?? item.status} />
      </span>
      <span id={columns[1]} aria-hidden="true">{modeText(details?.mode ?? item.mode)}</span>
      <span id={columns[2]} aria-hidden="true" className="num">
        {details?.openShardCount ?? unknown}
        <span className="visually-hidden"> open shards</span>
      </span>
      <span id={columns[3]} aria-hidden="true" className="num col-optional">
        {details !== null ? `${details.retentionHours} h` : unknown}
        <span className="visually-hidden"> retention</span>
      </span>
      <span id={columns[4]} aria-hidden="true" className="col-optional">
        {details !== null ? details.encryption : unknown}
        <span className="visually-hidden"> encryption</span>
      </span>
    </div>
  )
})
