import { useId, type ReactNode } from 'react'

export interface FieldA11y {
  id: string
  'aria-invalid': boolean
  'aria-describedby': string | undefined
}

/**
 * A labelled form control with its help text and its validation message, both linked to the
 * control with aria-describedby. The control is rendered by the caller with the ids given.
 */
export function Field(props: {
  label: string
  error?: string | null | undefined
  help?: ReactNode
  children: (a11y: FieldA11y) => ReactNode
}): React.JSX.Element {
  const id = useId()
  const helpId = `${id}-help`
  const errorId = `${id}-error`
  const hasError = props.error !== undefined && props.error !== null
  const describedBy = [props.help !== undefined ? helpId : null, hasError ? errorId : null].filter((x) => x !== null).join(' ')
  return (
    <div className={hasError ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, 'aria-invalid': hasError, 'aria-describedby': describedBy === '' ? undefined : describedBy })}
      {props.help !== undefined && (
        <p id={helpId} className="field-help">
          {props.help}
        </p>
      )}
      {hasError && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  )
}
