import { useState, type FormEvent } from 'react'

export type SubmitState = { type: 'idle' } | { type: 'busy' } | { type: 'error'; error: unknown }

/**
 * The submit step every dialog form shares: stop the browser's submit, give up when the form is
 * invalid (the caller then shows its field errors), run the action, close on success and keep
 * main's error on screen otherwise.
 */
export function useDialogSubmit(onDone: () => void): {
  submit: SubmitState
  run: (event: FormEvent, action: (() => Promise<unknown>) | null) => void
} {
  const [submit, setSubmit] = useState<SubmitState>({ type: 'idle' })
  const run = (event: FormEvent, action: (() => Promise<unknown>) | null): void => {
    event.preventDefault()
    if (action === null) return
    setSubmit({ type: 'busy' })
    action().then(onDone, (error: unknown) => setSubmit({ type: 'error', error }))
  }
  return { submit, run }
}
