import { useState } from 'react'
import { useConnections, usePickerValue } from './connections-store'
import { AddConnectionDialog } from './AddConnectionDialog'
import { RemoveConnectionDialog } from './RemoveConnectionDialog'

/** The header's connection controls: pick one, add one, remove a saved one. */
export function ConnectionPicker(): React.JSX.Element {
  const connections = useConnections((s) => s.state?.connections)
  const select = useConnections((s) => s.select)
  const busy = useConnections((s) => s.phase.type === 'connecting' || s.phase.type === 'loading')
  const value = usePickerValue()
  const [dialog, setDialog] = useState<'add' | 'remove' | null>(null)
  const current = connections?.find((c) => c.id === value)
  return (
    <div className="connection-picker">
      <label htmlFor="connection-select">Connection</label>
      <select
        id="connection-select"
        value={value}
        title={current !== undefined ? `${current.name} — ${current.description}` : undefined}
        disabled={connections === undefined || busy}
        onChange={(event) => void select(event.target.value)}
      >
        {value === '' && <option value="">Not connected</option>}
        {connections?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} — {c.description}
          </option>
        ))}
      </select>
      <button type="button" className="header-button" onClick={() => setDialog('add')} disabled={connections === undefined}>
        Add connection
      </button>
      {current !== undefined && !current.builtin && (
        <button type="button" className="header-button" onClick={() => setDialog('remove')}>
          Remove connection
        </button>
      )}
      {dialog === 'add' && <AddConnectionDialog onClose={() => setDialog(null)} />}
      {dialog === 'remove' && current !== undefined && (
        <RemoveConnectionDialog connection={current} onClose={() => setDialog(null)} />
      )}
    </div>
  )
}
