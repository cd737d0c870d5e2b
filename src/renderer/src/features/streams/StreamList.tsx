import { useEffect, useRef, type KeyboardEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { useDetails } from './details-store'
import { StreamRow, rowId } from './StreamRow'
import { useStreamList, useVisibleStreams } from './stream-list-store'

export const ROW_HEIGHT = 32

const keyMoves = { ArrowDown: 'next', ArrowUp: 'previous', Home: 'first', End: 'last' } as const

/**
 * The stream rows as a virtualised listbox: only the rows on screen exist, and only they are
 * described. ArrowUp/ArrowDown/Home/End move the cursor, Enter opens, a click opens.
 */
export function StreamList(): React.JSX.Element {
  const items = useVisibleStreams()
  const list = useStreamList((s) => s.list)
  const cursor = useStreamList((s) => s.cursor)
  const query = useStreamList((s) => s.query)
  const { move, open } = useStreamList.getState()
  const want = useDetails((s) => s.want)
  const scrollRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4
  })
  const rows = virtualizer.getVirtualItems()

  // The rows on screen (a string, so the effect runs when they change, not on every render).
  const onScreen = rows.map((row) => items[row.index]?.name ?? '').join('\n')
  useEffect(() => {
    want(onScreen === '' ? [] : onScreen.split('\n'))
  }, [onScreen, list, want])

  const cursorIndex = cursor === null ? -1 : items.findIndex((item) => item.name === cursor)
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' })
  }, [cursorIndex, virtualizer])

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' && cursor !== null && cursorIndex >= 0) open(cursor)
    else if (event.key in keyMoves) move(keyMoves[event.key as keyof typeof keyMoves])
    else return
    event.preventDefault()
  }

  return (
    <div className="stream-table">
      <div className="stream-grid stream-head" aria-hidden="true">
        <span>Name</span>
        <span>Status</span>
        <span title="Capacity mode">Mode</span>
        <span className="num" title="Open shards">Shards</span>
        <span className="num col-optional">Retention</span>
        <span className="col-optional">Encryption</span>
      </div>
      <div
        ref={scrollRef}
        className="stream-scroll"
        role="listbox"
        aria-label="Streams"
        tabIndex={0}
        aria-activedescendant={cursorIndex >= 0 ? rowId(cursor ?? '') : undefined}
        onKeyDown={onKeyDown}
      >
        {items.length === 0 && <p className="empty-state">No stream matches “{query.trim()}”.</p>}
        <div className="stream-rows" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((row) => {
            const item = items[row.index]
            return item === undefined ? null : (
              <StreamRow key={item.name} item={item} index={row.index} setSize={items.length} top={row.start} onOpen={open} />
            )
          })}
        </div>
      </div>
    </div>
  )
}
