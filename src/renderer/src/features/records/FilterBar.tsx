import { useId, useRef, useState } from 'react'
import { formatCount, zoneName } from './format'
import type { FilterSpec } from './record-filter'
import { useRecords, useRecordsActions, useRecordsGetter, useRecordsShallow } from './records-context'

type TextKey = 'text' | 'regex' | 'partitionKey' | 'field' | 'from' | 'to'

/** Below this much work a filter runs on every keystroke; above it, once the typing pauses. */
const INSTANT_MS = 150
const PAUSE_MS = 200

/**
 * A filter input: its own state for instant echo, the store's filter set on every keystroke
 * while a pass is cheap, and after a short pause in typing when the last pass took longer.
 */
function useFilterInput(key: TextKey): [string, (value: string) => void] {
  const stored = useRecords((s) => s.filter[key])
  const getState = useRecordsGetter()
  const { setFilter } = useRecordsActions()
  const [value, setValue] = useState(stored)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  // The stored filter changed without this input (Clear filters): follow it.
  const [seen, setSeen] = useState(stored)
  if (seen !== stored) {
    setSeen(stored)
    setValue(stored)
  }
  const change = (next: string): void => {
    setValue(next)
    if (timer.current !== null) clearTimeout(timer.current)
    const patch: Partial<FilterSpec> = { [key]: next }
    // Emptying a filter is always cheap: no pass over the records for it.
    if (next === '' || getState().filterCostMs < INSTANT_MS) setFilter(patch)
    else timer.current = setTimeout(() => setFilter(patch), PAUSE_MS)
  }
  return [value, change]
}

/** A compact labelled filter input; its error (if any) is listed under the bar and linked here. */
function FilterInput(props: {
  name: TextKey
  label: string
  error?: string | undefined
  errorId: string
  className?: string
  type?: 'search' | 'text' | 'datetime-local'
  placeholder?: string
  mono?: boolean
}): React.JSX.Element {
  const [value, change] = useFilterInput(props.name)
  return (
    <label className={`rec-filter ${props.className ?? ''}`}>
      <span className="rec-filter-label">{props.label}</span>
      <input
        type={props.type ?? 'text'}
        step={props.type === 'datetime-local' ? '1' : undefined}
        className={props.mono === true ? 'mono' : undefined}
        placeholder={props.placeholder}
        spellCheck={false}
        autoComplete="off"
        value={value}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error !== undefined ? props.errorId : undefined}
        onChange={(e) => change(e.target.value)}
      />
    </label>
  )
}

const errorLabels: Record<'regex' | 'field' | 'from' | 'to', string> = {
  regex: 'Regex',
  field: 'JSON field',
  from: 'From',
  to: 'To'
}

/** Filters over the loaded records, applied as you type, and "N of M shown". */
export function FilterBar(): React.JSX.Element {
  const { errors, active, mode, zone } = useRecordsShallow((s) => ({
    errors: s.compiled.errors,
    active: Object.entries(s.filter).some(([k, v]) => k !== 'partitionKeyMode' && v !== ''),
    mode: s.filter.partitionKeyMode,
    zone: s.zone
  }))
  const { setFilter, clearFilter } = useRecordsActions()
  const id = useId()
  const errorId = (key: string): string => `${id}-${key}-error`
  const listed = (Object.keys(errorLabels) as (keyof typeof errorLabels)[]).filter((k) => errors[k] !== undefined)
  return (
    <div role="search" className="rec-filters" aria-label="Filter records">
      <div className="rec-filter-row">
        <FilterInput name="text" label="Text contains" type="search" placeholder="any text" errorId={errorId('text')} />
        <FilterInput name="regex" label="Regex" mono placeholder="order-\d+" error={errors.regex} errorId={errorId('regex')} />
        <FilterInput
          name="field"
          label="JSON field"
          mono
          className="rec-filter-field"
          placeholder="storeId = 42"
          error={errors.field}
          errorId={errorId('field')}
        />
        {active && (
          <button type="button" className="link-button rec-clear" onClick={clearFilter}>
            Clear filters
          </button>
        )}
      </div>
      <div className="rec-filter-row">
        <span className="rec-filter">
          <FilterInput name="partitionKey" label="Partition key" errorId={errorId('partitionKey')} className="rec-filter-key" />
          <select
            aria-label="Partition key match"
            value={mode}
            onChange={(e) => setFilter({ partitionKeyMode: e.target.value as FilterSpec['partitionKeyMode'] })}
          >
            <option value="contains">contains</option>
            <option value="exact">is exactly</option>
          </select>
        </span>
        <FilterInput name="from" label="From" type="datetime-local" error={errors.from} errorId={errorId('from')} />
        <FilterInput name="to" label="To" type="datetime-local" error={errors.to} errorId={errorId('to')} />
        <span className="rec-zone-note muted">{zoneName(zone)}</span>
      </div>
      {listed.length > 0 && (
        <ul className="rec-filter-errors">
          {listed.map((k) => (
            <li key={k} id={errorId(k)} className="field-error">
              {errorLabels[k]}: {errors[k]}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export function ShownCount(): React.JSX.Element {
  const { shown, total, filterMs, filterRuns } = useRecordsShallow((s) => ({
    shown: s.filtered?.length ?? s.records.length,
    total: s.records.length,
    filterMs: s.filterMs,
    filterRuns: s.filterRuns
  }))
  // The last filter pass's time and count, for the benchmark (and the curious, in dev tools).
  return (
    <span
      className="rec-shown"
      data-testid="records-shown"
      data-filter-ms={filterMs.toFixed(1)}
      data-filter-runs={filterRuns}
      aria-live="polite"
    >
      {formatCount(shown)} of {formatCount(total)} shown
    </span>
  )
}
