import { useState, type FormEvent } from 'react'
import { Dialog } from '../../components/Dialog'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { useStreamList } from './stream-list-store'

type Submit = { type: 'idle' } | { type: 'deleting' } | { type: 'error'; error: unknown }

/** Deletes a stream once its name is typed exactly (main checks the same again). */
export function DeleteStreamDialog(props: { name: string; onClose: () => void }): React.JSX.Element {
  const remove = useStreamList((s) => s.remove)
  const [typed, setTyped] = useState('')
  const [submit, setSubmit] = useState<Submit>({ type: 'idle' })
  const matches = typed === props.name

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (!matches) return
    setSubmit({ type: 'deleting' })
    try {
      await remove(props.name, typed)
      props.onClose()
    } catch (error) {
      setSubmit({ type: 'error', error })
    }
  }

  return (
    <Dialog title="Delete stream" onClose={props.onClose}>
      <form noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="dialog-body">
          <p className="dialog-warning">
            Deleting <strong className="mono">{props.name}</strong> removes the stream and every record in it. Producers
            and consumers that use it will start to fail. This cannot be undone.
          </p>
          <Field label={`Type ${props.name} to confirm`}>
            {(a11y) => (
              <input {...a11y} data-autofocus autoComplete="off" spellCheck={false} value={typed} onChange={(e) => setTyped(e.target.value)} />
            )}
          </Field>
          {submit.type === 'error' && <ErrorBanner error={submit.error} />}
        </div>
        <footer className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="danger-button" disabled={!matches || submit.type === 'deleting'}>
            {submit.type === 'deleting' ? 'Deleting…' : 'Delete'}
          </button>
        </footer>
      </form>
    </Dialog>
  )
}
