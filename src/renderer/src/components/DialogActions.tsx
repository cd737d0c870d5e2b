import type { SubmitState } from './use-dialog-submit'

/** The foot of a dialog form: Cancel, and a submit button that says what it is doing. */
export function DialogActions(props: {
  submit: SubmitState
  label: string
  busyLabel: string
  onCancel: () => void
  danger?: boolean
  disabled?: boolean
}): React.JSX.Element {
  const busy = props.submit.type === 'busy'
  return (
    <footer className="dialog-actions">
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
      <button type="submit" className={props.danger === true ? 'danger-button' : 'primary-button'} disabled={props.disabled === true || busy}>
        {busy ? props.busyLabel : props.label}
      </button>
    </footer>
  )
}
