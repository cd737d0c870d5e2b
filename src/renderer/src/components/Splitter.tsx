import type { KeyboardEvent, PointerEvent } from 'react'

/**
 * A vertical splitter between two panes (WAI-ARIA window splitter): drag it, or focus it and use
 * ArrowLeft/ArrowRight (Home/End for the limits). `width` is the left pane's width in pixels.
 */
export function Splitter(props: {
  label: string
  width: number
  min: number
  max: number
  onChange: (width: number) => void
}): React.JSX.Element {
  const clamp = (w: number): number => Math.round(Math.min(props.max, Math.max(props.min, w)))
  const onPointerDown = (event: PointerEvent<HTMLDivElement>): void => {
    if (event.button !== 0) return
    event.preventDefault()
    const startX = event.clientX
    const startWidth = props.width
    const target = event.currentTarget
    target.setPointerCapture(event.pointerId)
    const move = (e: globalThis.PointerEvent): void => props.onChange(clamp(startWidth + e.clientX - startX))
    const up = (): void => {
      target.removeEventListener('pointermove', move)
      target.removeEventListener('pointerup', up)
      target.removeEventListener('pointercancel', up)
    }
    target.addEventListener('pointermove', move)
    target.addEventListener('pointerup', up)
    target.addEventListener('pointercancel', up)
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const step = event.shiftKey ? 64 : 16
    const next =
      event.key === 'ArrowLeft' ? props.width - step
      : event.key === 'ArrowRight' ? props.width + step
      : event.key === 'Home' ? props.min
      : event.key === 'End' ? props.max
      : null
    if (next === null) return
    event.preventDefault()
    props.onChange(clamp(next))
  }
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={props.label}
      aria-valuenow={props.width}
      aria-valuemin={props.min}
      aria-valuemax={props.max}
      tabIndex={0}
      className="splitter"
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  )
}
