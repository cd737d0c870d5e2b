import { PLACEHOLDER_HELP } from '../../../../shared/producer'

/** What each placeholder does, folded away until asked for. */
export function PlaceholderHelp(): React.JSX.Element {
  return (
    <details className="send-help">
      <summary>Placeholders</summary>
      <table className="data-table" aria-label="Placeholders">
        <tbody>
          {PLACEHOLDER_HELP.map((p) => (
            <tr key={p.token}>
              <td className="mono nowrap">{p.token}</td>
              <td>{p.meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}
