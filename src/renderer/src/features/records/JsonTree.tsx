import { useState } from 'react'

/** A number as written in the record, when JSON.parse would change it (integers above 2^53, 1.0). */
export class RawNumber {
  constructor(readonly raw: string) {}
}

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown

/**
 * JSON.parse that keeps numbers exactly as written (where the engine gives the reviver the
 * source text, as Chromium does), so an order id of 2^63 shows as sent.
 */
export function parseExactJson(text: string): unknown {
  const reviver: Reviver = (_key, value, context) => {
    if (typeof value === 'number' && context?.source !== undefined && context.source !== String(value)) {
      return new RawNumber(context.source)
    }
    return value
  }
  return JSON.parse(text, reviver)
}

/** Children shown per object or array before a "… N more" line. */
const MAX_CHILDREN = 500
/** Nodes deeper than this, or with more children than this, start collapsed. */
const OPEN_DEPTH = 4
const OPEN_CHILDREN = 100

/** Pretty JSON as a tree: every object and array can be collapsed. */
export function JsonTree(props: { value: unknown }): React.JSX.Element {
  return (
    <div className="rec-json mono" role="group" aria-label="JSON tree">
      <JsonNode value={props.value} name={null} depth={0} last />
    </div>
  )
}

function JsonNode(props: { value: unknown; name: string | number | null; depth: number; last: boolean }): React.JSX.Element {
  const { value, name, depth, last } = props
  const label =
    name === null ? null : typeof name === 'number' ? null : <span className="rec-json-key">{JSON.stringify(name)}: </span>
  const comma = last ? '' : ','
  if (value !== null && typeof value === 'object' && !(value instanceof RawNumber)) {
    return <JsonContainer value={value} label={label} depth={depth} comma={comma} />
  }
  return (
    <div className="rec-json-line" style={{ paddingLeft: `${depth * 1.25}em` }}>
      {label}
      <JsonScalar value={value} />
      {comma}
    </div>
  )
}

function JsonContainer(props: { value: object; label: React.ReactNode; depth: number; comma: string }): React.JSX.Element {
  const isArray = Array.isArray(props.value)
  const entries: [string | number, unknown][] = isArray
    ? (props.value as unknown[]).map((v, i) => [i, v])
    : Object.entries(props.value)
  const [open, setOpen] = useState(props.depth < OPEN_DEPTH && entries.length <= OPEN_CHILDREN)
  const [openBrace, closeBrace] = isArray ? ['[', ']'] : ['{', '}']
  const indent = { paddingLeft: `${props.depth * 1.25}em` }
  if (entries.length === 0) {
    return (
      <div className="rec-json-line" style={indent}>
        {props.label}
        {openBrace}
        {closeBrace}
        {props.comma}
      </div>
    )
  }
  const summary = `${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}`
  const shown = entries.slice(0, MAX_CHILDREN)
  return (
    <div className="rec-json-node">
      <div className="rec-json-line" style={indent}>
        <button type="button" className="rec-json-toggle" aria-expanded={open} aria-label={open ? 'Collapse' : 'Expand'} onClick={() => setOpen(!open)}>
          {open ? '▾' : '▸'}
        </button>
        {props.label}
        {openBrace}
        {!open && (
          <>
            <span className="rec-json-summary"> … {summary} </span>
            {closeBrace}
            {props.comma}
          </>
        )}
      </div>
      {open && (
        <>
          <div>
            {shown.map(([key, child], i) => (
              <JsonNode key={key} value={child} name={key} depth={props.depth + 1} last={i === entries.length - 1} />
            ))}
            {entries.length > shown.length && (
              <div className="rec-json-line muted" style={{ paddingLeft: `${(props.depth + 1) * 1.25}em` }}>
                … {entries.length - shown.length} more {isArray ? 'items' : 'keys'} (see the Text view)
              </div>
            )}
          </div>
          <div className="rec-json-line" style={indent}>
            {closeBrace}
            {props.comma}
          </div>
        </>
      )}
    </div>
  )
}

const MAX_STRING = 2000

function JsonScalar({ value }: { value: unknown }): React.JSX.Element {
  if (value instanceof RawNumber) return <span className="rec-json-number">{value.raw}</span>
  if (typeof value === 'string') {
    const text = JSON.stringify(value.length > MAX_STRING ? value.slice(0, MAX_STRING) : value)
    return (
      <span className="rec-json-string">
        {text}
        {value.length > MAX_STRING && <span className="muted"> … {value.length - MAX_STRING} more characters</span>}
      </span>
    )
  }
  if (typeof value === 'number') return <span className="rec-json-number">{String(value)}</span>
  if (typeof value === 'boolean') return <span className="rec-json-bool">{String(value)}</span>
  return <span className="rec-json-null">null</span>
}
