import type { LeaseOutcome, RewindReport, RewindTarget, UndoReport } from '../../../../shared/lease-rewind'
import { CopyButton } from '../../components/CopyButton'
import { ErrorBanner } from '../../components/ErrorBanner'
import { saveExport } from '../records/save-export'
import { formatCount } from '../records/format'
import { targetText } from './rewind-format'

/** What the rewind did per lease, where the backup is, and Undo with what it restored. */
export function RewindReportView(props: { target: RewindTarget; report: RewindReport; undo: UndoReport | null; undoing: boolean; undoError: unknown; onUndo: () => void }): React.JSX.Element {
  const { report, undo } = props
  return (
    <section className="rewind-report" aria-label="Rewind report">
      <p role="status" data-testid="rewind-report-summary">
        {targetText(props.target)}: rewound {formatCount(report.rewound)} of {formatCount(report.outcomes.length)} {report.outcomes.length === 1 ? 'lease' : 'leases'} in {report.table}
        {report.notRewound > 0 ? `; ${formatCount(report.notRewound)} not rewound (see why below)` : ''}.
      </p>
      <OutcomeTable label="Leases rewound" outcomes={report.outcomes} okText="Rewound" failText="Not rewound" />
      <p className="rewind-backup">
        Backup of the lease items as they were: <code className="mono">{report.backupFile}</code>{' '}
        <CopyButton text={report.backupFile} label="Copy path of the lease backup" caption="Copy path" />{' '}
        {/* In the web host the file is on the host's disk: the browser downloads the same bytes. */}
        {window.kinesisInspector === undefined && (
          <button type="button" onClick={() => void saveExport(report.backup.name, 'application/json', report.backup.json)}>
            Download backup
          </button>
        )}
      </p>
      {undo !== null && (
        <>
          <p role="status" data-testid="rewind-undo-summary">
            Undo: restored {formatCount(undo.restored)} of {formatCount(undo.outcomes.length)} {undo.outcomes.length === 1 ? 'lease' : 'leases'} as backed up
            {undo.notRestored > 0 ? `; ${formatCount(undo.notRestored)} not restored` : ''}.
          </p>
          <OutcomeTable label="Leases restored" outcomes={undo.outcomes} okText="Restored" failText="Not restored" />
        </>
      )}
      {props.undoError !== null && <ErrorBanner error={props.undoError} />}
      {report.undoable && (undo === null || undo.notRestored > 0) && (
        <button type="button" onClick={props.onUndo} disabled={props.undoing}>
          {props.undoing ? 'Undoing…' : 'Undo'}
        </button>
      )}
    </section>
  )
}

function OutcomeTable(props: { label: string; outcomes: readonly LeaseOutcome[]; okText: string; failText: string }): React.JSX.Element {
  return (
    <div className="table-scroll rewind-table-scroll" tabIndex={0} role="region" aria-label={`${props.label}, per lease`}>
      <table className="data-table" aria-label={props.label}>
        <thead>
          <tr>
            <th scope="col">Shard</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {props.outcomes.map((o) => (
            <tr key={o.leaseKey} className={o.ok ? undefined : 'is-stuck'}>
              <td className="mono nowrap">{o.shardId}</td>
              <td>{o.ok ? props.okText : props.failText}</td>
              <td className="mono rewind-wrap">{o.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
