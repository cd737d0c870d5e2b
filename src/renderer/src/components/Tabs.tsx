import type { KeyboardEvent, ReactNode } from 'react'

export interface TabDef<T extends string> {
  id: T
  label: ReactNode
}

const tabId = (base: string, id: string): string => `${base}-tab-${id}`
const panelId = (base: string, id: string): string => `${base}-panel-${id}`

/** A WAI-ARIA tablist: arrow keys, Home and End move between tabs and activate them. */
export function TabList<T extends string>(props: {
  idBase: string
  label: string
  tabs: readonly TabDef<T>[]
  active: T
  onChange: (id: T) => void
}): React.JSX.Element {
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = props.tabs.findIndex((t) => t.id === props.active)
    const last = props.tabs.length - 1
    const next =
      event.key === 'ArrowRight' ? (index === last ? 0 : index + 1)
      : event.key === 'ArrowLeft' ? (index === 0 ? last : index - 1)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? last
      : null
    const tab = next === null ? undefined : props.tabs[next]
    if (tab === undefined) return
    event.preventDefault()
    props.onChange(tab.id)
    document.getElementById(tabId(props.idBase, tab.id))?.focus()
  }
  return (
    <div role="tablist" aria-label={props.label} className="tabs" onKeyDown={onKeyDown}>
      {props.tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={tabId(props.idBase, tab.id)}
          aria-selected={tab.id === props.active}
          aria-controls={panelId(props.idBase, tab.id)}
          tabIndex={tab.id === props.active ? 0 : -1}
          className="tab"
          onClick={() => props.onChange(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  )
}

/** A tab's panel. Hidden panels stay mounted: what runs inside them keeps running. */
export function TabPanel(props: { idBase: string; id: string; active: boolean; children: ReactNode }): React.JSX.Element {
  return (
    <div
      role="tabpanel"
      id={panelId(props.idBase, props.id)}
      aria-labelledby={tabId(props.idBase, props.id)}
      hidden={!props.active}
      className="tab-panel"
    >
      {props.children}
    </div>
  )
}
