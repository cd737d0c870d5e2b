import { useState } from 'react'
import { formatCount } from './format'
import { useRecords, useRecordsActions } from './records-context'
import { MAX_CAP } from './records-store'

/** "Keep at most N records": the bounded window's size, applied on Enter or when the field is left. */
export function CapSetting(): React.JSX.Element {
  const cap = useRecords((s) => s.cap)
  const { setCap } = useRecordsActions()
  const [value, setValue] = useState(String(cap))
  // The cap changed elsewhere (another tab of the same stream, a reset): show it.
  const [shownCap, setShownCap] = useState(cap)
  if (shownCap !== cap) {
    setShownCap(cap)
    setValue(String(cap))
  }
  const n = Number(value.replace(/[,_\s]/g, ''))
  const valid = Number.isInteger(n) && n >= 1 && n <= MAX_CAP
  const apply = (): void => {
    if (valid && n !== cap) setCap(n)
    else setValue(String(cap))
  }
  return (
    <label className="rec-cap rec-inline" title="The view holds at most this many records; older ones are dropped (with a count) or reading pauses">
      Keep at most
      <input
        inputMode="numeric"
        aria-invalid={!valid}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply()
        }}
      />
      records{!valid && <span className="field-error"> (1 to {formatCount(MAX_CAP)})</span>}
    </label>
  )
}
