/** The stream panel's width: a share of the window by default, then what the user dragged it to. */
import { useEffect, useState } from 'react'

const KEY = 'kinesis-inspector.stream-panel-width'
export const MIN_PANEL_WIDTH = 300

export function defaultPanelWidth(windowWidth: number): number {
  return Math.round(Math.min(520, Math.max(340, windowWidth * 0.36)))
}

export function maxPanelWidth(windowWidth: number): number {
  return Math.max(MIN_PANEL_WIDTH, Math.round(windowWidth * 0.6))
}

function saved(): number | null {
  try {
    const value = Number(localStorage.getItem(KEY))
    return Number.isFinite(value) && value >= MIN_PANEL_WIDTH ? value : null
  } catch {
    return null
  }
}

/** [width, max, setWidth]; the width kept within the window as it resizes, and remembered. */
export function usePanelWidth(): [number, number, (width: number) => void] {
  const [windowWidth, setWindowWidth] = useState(() => window.innerWidth)
  const [chosen, setChosen] = useState<number | null>(saved)
  useEffect(() => {
    const onResize = (): void => setWindowWidth(window.innerWidth)
    window.addEventListener('resize', onResize)
    return () => window.removeEventListener('resize', onResize)
  }, [])
  const max = maxPanelWidth(windowWidth)
  const width = Math.min(max, chosen ?? defaultPanelWidth(windowWidth))
  const set = (next: number): void => {
    setChosen(next)
    try {
      localStorage.setItem(KEY, String(next))
    } catch {
      // Storage may be unavailable; the width then lasts until the page reloads.
    }
  }
  return [width, max, set]
}
