import { useState } from 'react'

/**
 * Copies text to the clipboard and says so for a moment; `label` names what is copied (the
 * accessible name), `caption` is the visible text (default "Copy").
 */
export function CopyButton(props: { text: string; label: string; className?: string; caption?: string }): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = (): void => {
    navigator.clipboard.writeText(props.text).then(
      () => setState('copied'),
      () => setState('failed')
    )
    setTimeout(() => setState('idle'), 1500)
  }
  return (
    <button type="button" className={props.className ?? 'small-button'} onClick={copy} aria-label={props.label} title={props.label}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (props.caption ?? 'Copy')}
    </button>
  )
}
