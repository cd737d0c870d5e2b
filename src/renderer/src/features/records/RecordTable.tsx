import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useId, useMemo, useRef, type KeyboardEvent, type RefObject } from 'react'
import type { DecodedRecord } from '../../../../shared/domain'
import { zoneName } from './format'
import { useRecordsActions, useRecordsShallow } from './records-context'
import { RecordRow, ROW_HEIGHT, rowDomId, type PickModifiers } from './RecordRow'
import { isNavigationKey, moveRow, recordAtRow, rowCount, rowOfRecord, type TableRows } from './table-view'

const HEADER_HEIGHT = 30
const COLUMNS = ['Arrival time', 'Shard', 'Sequence number', 'Partition key', 'Size', 'Decoding', 'Preview'] as const

/**
 * The records as a virtualised ARIA grid: fixed-height rows, only those in view (plus a few) in
 * the DOM. Arrow keys, Page Up/Down, Home and End move the selection; Enter opens the detail
 * pane, Escape closes it.
 */
export function RecordTable(props: { gridRef: RefObject<HTMLDivElement | null>; onOpenDetail: () => void }): React.JSX.Element {
  const { records, filtered, descending, zone, forcedView, selected, marked, sessionStatus, tailing } = useRecordsShallow((s) => ({
    records: s.records,
    filtered: s.filtered,
    descending: s.sortDescending,
    zone: s.zone,
    forcedView: s.forcedView,
    selected: s.selected,
    marked: s.marked,
    sessionStatus: s.session.status,
    tailing: s.session.status === 'reading' && s.session.mode === 'tail'
  }))
  const { select, setDetailOpen, toggleSort, toggleMark, markRange } = useRecordsActions()
  const gridId = useId().replace(/:/g, '')
  const rows: TableRows = useMemo(() => ({ records, filtered, descending }), [records, filtered, descending])
  const count = rowCount(rows)
  const selectedRow = useMemo(() => rowOfRecord(rows, selected), [rows, selected])
  const scrollRef = props.gridRef
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT
    // Rows are keyed by position (the default): a key function that looks records up would run
    // for every one of the 100,000 rows each time the count changes.
  })

  // The row Shift-click marks from: the last row clicked or marked.
  const anchor = useRef(-1)
  const onPick = useCallback(
    (record: DecodedRecord, row: number, how: PickModifiers) => {
      if (how.range && anchor.current >= 0) {
        const range: DecodedRecord[] = []
        for (let i = Math.min(anchor.current, row); i <= Math.max(anchor.current, row); i++) {
          const r = recordAtRow(rows, i)
          if (r !== undefined) range.push(r)
        }
        markRange(range)
      } else if (how.toggle) {
        toggleMark(record)
        anchor.current = row
      } else {
        select(record, { open: true })
        anchor.current = row
      }
      scrollRef.current?.focus({ preventScroll: true })
    },
    [select, toggleMark, markRange, rows, scrollRef]
  )

  // While tailing, the newest records are where the user looks: stay at the end if already there.
  const pinned = useRef(true)
  const onScroll = (): void => {
    const el = scrollRef.current
    if (el !== null) pinned.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT * 2
  }
  // (On the window's records, not its count: at the limit the count stays while rows move up.)
  useEffect(() => {
    if (count === 0) pinned.current = true // a new session starts at its end
    if (tailing && !descending && pinned.current && count > 0 && selectedRow < 0) {
      virtualizer.scrollToIndex(count - 1, { align: 'end' })
    }
  }, [records, count, descending, tailing, selectedRow, virtualizer])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (isNavigationKey(event.key)) {
      event.preventDefault()
      const pageSize = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 300) - HEADER_HEIGHT) / ROW_HEIGHT) - 1)
      const next = moveRow(event.key, selectedRow, count, pageSize)
      const record = recordAtRow(rows, next)
      if (record !== undefined) {
        select(record)
        virtualizer.scrollToIndex(next, { align: 'auto' })
      }
    } else if (event.key === 'Enter' && selected !== null) {
      event.preventDefault()
      setDetailOpen(true)
      props.onOpenDetail()
    } else if (event.key === ' ' && selected !== null) {
      event.preventDefault()
      toggleMark(selected)
      anchor.current = selectedRow
    } else if (event.key === 'Escape') {
      setDetailOpen(false)
    }
  }

  const items = virtualizer.getVirtualItems()
  const activeId = selected !== null && selectedRow >= 0 ? rowDomId(gridId, selected) : undefined
  return (
    <div
      ref={scrollRef}
      id={gridId}
      role="grid"
      aria-label="Records"
      aria-multiselectable="true"
      aria-rowcount={count + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeId !== undefined && items.some((i) => i.index === selectedRow) ? activeId : undefined}
      tabIndex={0}
      className="rec-grid"
      onKeyDown={onKeyDown}
      onScroll={onScroll}
    >
      <div role="rowgroup" className="rec-head">
        <div role="row" aria-rowindex={1} className="rec-row rec-header-row">
          <span role="columnheader" className="rec-cell" aria-sort={descending ? 'descending' : 'ascending'}>
            <button type="button" className="rec-sort" onClick={toggleSort} title="Sort by arrival time">
              Arrival time ({zoneName(zone)}) {descending ? '↓' : '↑'}
            </button>
          </span>
          {COLUMNS.slice(1).map((c) => (
            <span key={c} role="columnheader" className={c === 'Size' ? 'rec-cell num' : 'rec-cell'} title={c === 'Decoding' ? 'Decode steps: KPL de-aggregation, gzip/zlib, UTF-8, JSON' : undefined}>
              {c}
            </span>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="rec-body" style={{ height: `${virtualizer.getTotalSize() - HEADER_HEIGHT}px` }}>
        {items.map((item) => {
          const record = recordAtRow(rows, item.index)
          if (record === undefined) return null
          return (
            <RecordRow
              key={item.key}
              gridId={gridId}
              record={record}
              row={item.index}
              start={item.start - HEADER_HEIGHT}
              selected={item.index === selectedRow}
              marked={marked.size > 0 && marked.has(record.id)}
              zone={zone}
              forcedView={forcedView}
              onPick={onPick}
            />
          )
        })}
      </div>
      {count === 0 && <EmptyRows loaded={records.length} status={sessionStatus} />}
    </div>
  )
}

function EmptyRows(props: { loaded: number; status: string }): React.JSX.Element {
  return (
    <p className="rec-empty muted">
      {props.loaded > 0
        ? 'No loaded record matches the filters.'
        : props.status === 'reading' || props.status === 'starting'
          ? 'Waiting for records…'
          : props.status === 'idle'
            ? 'No records loaded yet.'
            : 'No records were read.'}
    </p>
  )
}
