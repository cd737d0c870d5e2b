/**
 * Main's own check of the stream name typed to confirm a change of a stream (its dialog checks too,
 * and main does not trust the window): outside the sandbox it must repeat the name exactly.
 */
import { AppFailure } from '../../shared/errors'
import type { ConnectionManager } from './connections/connection-manager'

export function requireTypedName(connections: Pick<ConnectionManager, 'active'>, name: string, confirmName: string | null, toDo: string): void {
  if (connections.active()?.kind === 'sandbox' || confirmName === name) return
  throw new AppFailure('CONFIRMATION_MISMATCH', `The confirmation "${confirmName ?? ''}" does not match the stream name "${name}".`, `Type the stream name exactly to ${toDo}.`)
}
