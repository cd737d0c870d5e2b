import type { ReactNode } from 'react'
import type { StreamDetails } from '../../../../shared/domain'
import { configChangeEffect, type ConfigChange } from '../../../../shared/stream-config'
import { api } from '../../api/client'
import { StreamChangeDialog } from './StreamChangeDialog'
import { useStreamView } from './stream-view-store'

/** Sends the change, then follows the stream (UPDATING) until it is ACTIVE again. */
async function send(name: string, change: ConfigChange, confirmName: string | null, after: (() => void) | undefined): Promise<void> {
  await api.streams.configure({ name, change, confirmName })
  useStreamView.getState().watchStatus()
  after?.()
}

/**
 * The frame every Configuration change shares: the caller's fields and what the change costs or
 * breaks (the same words main returns), in the shared stream-change frame (the name typed outside
 * the sandbox; main's error — UNSUPPORTED where the server lacks the operation — on failure).
 */
export function ConfigChangeDialog(props: {
  title: string
  details: StreamDetails
  /** null while the fields do not make a change (nothing differs, or a field is invalid). */
  change: ConfigChange | null
  label: string
  danger?: boolean
  children: ReactNode
  onClose: () => void
  /** After a successful change (the tags section lists its tags again). */
  onChanged?: () => void
}): React.JSX.Element {
  const name = props.details.name
  const change = props.change
  return (
    <StreamChangeDialog
      title={props.title}
      name={name}
      label={props.label}
      danger={props.danger}
      ready={change !== null}
      onConfirm={(confirmName) => (change === null ? Promise.resolve() : send(name, change, confirmName, props.onChanged))}
      onClose={props.onClose}
    >
      {props.children}
      {change !== null && (
        <p className="dialog-warning" data-testid="config-consequence">
          {configChangeEffect(name, props.details, change)}
        </p>
      )}
    </StreamChangeDialog>
  )
}
