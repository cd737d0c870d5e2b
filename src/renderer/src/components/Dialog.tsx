import { useEffect, useId, useRef, type ReactNode } from 'react'

/**
 * A modal dialog on the native <dialog> (top layer, inert background, focus trapped by the
 * browser). Escape calls onClose; focus goes to the element marked `data-autofocus`, else to
 * the first field. Render it conditionally: mounting opens it, unmounting closes it.
 */
export function Dialog(props: {
  title: string
  onClose: () => void
  children: ReactNode
  description?: string
  wide?: boolean
}): React.JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descriptionId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    if (!dialog.open) dialog.showModal()
    const first = dialog.querySelector<HTMLElement>('[data-autofocus], .dialog-body input, .dialog-body select')
    first?.focus()
    return () => dialog.close()
  }, [])
  return (
    <dialog
      ref={ref}
      className={props.wide === true ? 'dialog dialog-wide' : 'dialog'}
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={props.description !== undefined ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault()
        props.onClose()
      }}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" className="icon-button" aria-label="Close dialog" onClick={props.onClose}>
          ×
        </button>
      </header>
      {props.description !== undefined && (
        <p id={descriptionId} className="dialog-description">
          {props.description}
        </p>
      )}
      {props.children}
    </dialog>
  )
}
