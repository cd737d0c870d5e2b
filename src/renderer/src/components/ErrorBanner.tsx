import { errorText } from '../api/client'

/** Every error the user sees: what went wrong, and (when main knows) how to fix it. */
export function ErrorBanner(props: { error: unknown; onDismiss?: () => void }): React.JSX.Element {
  const { message, hint } = errorText(props.error)
  return (
    <div role="alert" className="error-banner">
      <p className="error-message">{message}</p>
      {hint !== null && <p className="error-hint">{hint}</p>}
      {props.onDismiss !== undefined && (
        <button type="button" className="link-button" onClick={props.onDismiss} aria-label="Dismiss error">
          Dismiss
        </button>
      )}
    </div>
  )
}
