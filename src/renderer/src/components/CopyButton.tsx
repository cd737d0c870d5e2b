import { useState } from 'react'

/**
 * Copies text to the clipboard and says so for a moment; `label` names what is copied (the
 * accessible name), `caption` is the visible text (default "Copy"). The label must contain the
 * caption (WCAG 2.5.3, label in name: a voice-control user says what they see); while the
 * button says "Copied" its name says so too. `text` may be a function: what is costly to build
 * (a multi-MiB record as JSON) is built on the click, not on every render.
 */
export function CopyButton(props: { text: string | (() => string); label: string; className?: string; caption?: string }): React.JSX.Element {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = (): void => {
    navigator.clipboard.writeText(typeof props.text === 'function' ? props.text() : props.text).then(
      () => setState('copied'),
      () => setState('failed')
    )
    setTimeout(() => setState('idle'), 1500)
  }
  const text = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (props.caption ?? 'Copy')
  return (
    <button type="button" className={props.className ?? 'small-button'} onClick={copy} aria-label={state === 'idle' ? props.label : text} title={props.label}>
      {text}
    </button>
  )
}
