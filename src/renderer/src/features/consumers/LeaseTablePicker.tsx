import type { FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { dataOf } from '../../components/load-state'
import { useConsumers } from './consumers-store'

/** Pick the KCL application's lease table from the connection's DynamoDB tables, or type it. */
export function LeaseTablePicker(): React.JSX.Element {
  const table = useConsumers((s) => s.table)
  const tables = useConsumers((s) => s.tables)
  const reading = useConsumers((s) => s.leases.status === 'loading')
  const { setTable, readLeases, loadTables } = useConsumers.getState()
  const names = dataOf(tables) ?? []
  const noDynamo = tables.status === 'error' && tables.error instanceof ApiError && tables.error.code === 'SERVICE_UNAVAILABLE'
  const errorTextOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    void readLeases()
  }
  return (
    <form className="lease-picker" onSubmit={onSubmit} aria-label="Lease table">
      <Field
        label="Lease table"
        help={
          tables.status === 'loading'
            ? 'Listing the DynamoDB tables of this connection…'
            : noDynamo
              ? 'KCL applications keep their leases in DynamoDB.'
              : tables.status === 'ready'
              ? `${names.length} DynamoDB ${names.length === 1 ? 'table' : 'tables'} on this connection; pick one or type its name (the KCL application name).`
              : 'Type the table name (the KCL application name).'
        }
      >
        {(a11y) => (
          <input
            {...a11y}
            className="mono"
            list="lease-table-names"
            autoComplete="off"
            spellCheck={false}
            placeholder="my-kcl-application"
            value={table}
            disabled={noDynamo}
            onChange={(e) => setTable(e.target.value)}
          />
        )}
      </Field>
      <datalist id="lease-table-names">
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="lease-picker-actions">
        <button type="submit" className="primary-button" disabled={table.trim() === '' || reading || noDynamo}>
          {reading ? 'Reading…' : 'Read lease table'}
        </button>
        <button type="button" className="small-button" onClick={() => void loadTables()}>
          Refresh table list
        </button>
      </div>
      {tables.status === 'error' &&
        (noDynamo ? (
          <ErrorBanner
            error={
              new ApiError({
                code: 'SERVICE_UNAVAILABLE',
                message: 'DynamoDB is not available on this connection, so KCL lease tables cannot be read here.',
                hint: errorTextOf(tables.error)
              })
            }
          />
        ) : (
          <ErrorBanner error={tables.error} />
        ))}
    </form>
  )
}
