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
  // The option's name is the stream's name (what a voice-control user says: the other columns
  // are hidden from the name), and the columns, with their headings, are its description.
  const id = rowId(item.name)
  const status = details?.status ?? item.status
  const mode = modeText(details?.mode ?? item.mode)
  const shards = details?.openShardCount ?? unknown
  const retention = details !== null ? `${details.retentionHours} h` : unknown
  const encryption = details !== null ? details.encryption : unknown
  return (
    <div
      id={id}
      role="option"
      aria-describedby={`${id}-description`}
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
      <span aria-hidden="true">
        <StatusBadge status={status} />
      </span>
      <span aria-hidden="true">{mode}</span>
      <span aria-hidden="true" className="num">
        {shards}
      </span>
      <span aria-hidden="true" className="num col-optional">
        {retention}
      </span>
      <span aria-hidden="true" className="col-optional">
        {encryption}
      </span>
      <span id={`${id}-description`} className="visually-hidden" aria-hidden="true">
        {`${status}, ${mode}, ${shards} open shards, retention ${retention}, encryption ${encryption}`}
      </span>
    </div>
  )
})
