import { memo } from 'react'
import type { DecodedRecord, RecordView } from '../../../../shared/domain'
import { DecodeChips } from './DecodeChips'
import { formatBytes, formatTime, recordPosition, type TimeZone } from './format'
import { previewOf } from './record-preview'
import { MiddleTruncate } from '../../components/MiddleTruncate'

export const ROW_HEIGHT = 28

export function rowDomId(gridId: string, record: DecodedRecord): string {
  return `${gridId}-r-${record.id.replace(/[^\w-]/g, '_')}`
}

/** One virtualised row: positioned by the table, so it never lays out the rows around it. */
/** How a row was clicked: Ctrl/⌘ toggles its mark, Shift marks the rows from the last one. */
export interface PickModifiers {
  toggle: boolean
  range: boolean
}

export const RecordRow = memo(function RecordRow(props: {
  gridId: string
  record: DecodedRecord
  row: number
  start: number
  selected: boolean
  /** Marked for Replay… (Ctrl/⌘-click, Shift-click, Space). */
  marked: boolean
  zone: TimeZone
  forcedView: RecordView | null
  onPick: (record: DecodedRecord, row: number, how: PickModifiers) => void
}): React.JSX.Element {
  const { record: r } = props
  const position = recordPosition(r)
  return (
    <div
      role="row"
      id={rowDomId(props.gridId, r)}
      aria-rowindex={props.row + 2}
      aria-selected={props.selected || props.marked}
      className={[
        'rec-row',
        props.selected ? 'rec-row-selected' : r.decodeError !== null ? 'rec-row-warn' : '',
        props.marked ? 'rec-row-marked' : ''
      ].join(' ')}
      style={{ transform: `translateY(${props.start}px)` }}
      data-sequence={r.sequenceNumber}
      data-shard={r.shardId}
      onClick={(event) => props.onPick(r, props.row, { toggle: event.ctrlKey || event.metaKey, range: event.shiftKey })}
    >
      <span role="gridcell" className="rec-cell mono">
        {formatTime(r.arrivalTime, props.zone)}
      </span>
      <span role="gridcell" className="rec-cell mono">
        <MiddleTruncate value={r.shardId} tail={4} />
      </span>
      <span role="gridcell" className="rec-cell mono">
        <MiddleTruncate value={position} tail={position.length - r.sequenceNumber.length + (r.logEvent === undefined ? 12 : 4)} />
      </span>
      <span role="gridcell" className="rec-cell" title={r.partitionKey}>
        {r.partitionKey}
      </span>
      <span role="gridcell" className="rec-cell num">
        {formatBytes(r.size)}
      </span>
      <span role="gridcell" className="rec-cell">
        <DecodeChips record={r} />
      </span>
      <span role="gridcell" className={r.kind === 'binary' && props.forcedView === null ? 'rec-cell rec-preview mono' : 'rec-cell rec-preview'}>
        {r.logEvent !== undefined && (
          <span className="rec-event-time mono" title={`Log event time; event id ${r.logEvent.id}`}>
            {formatTime(r.logEvent.timestamp, props.zone).slice(11)}
          </span>
        )}
        {previewOf(r, props.forcedView)}
      </span>
    </div>
  )
})
