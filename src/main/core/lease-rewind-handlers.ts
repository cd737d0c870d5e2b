/** The handlers of a KCL application's rewind (dry run, rewind, undo, cancel), on the active connection. */
import type { Handlers } from '../router'
import type { ConnectionManager } from './connections/connection-manager'
import type { RewindService } from './consumers/rewind-service'

type Names = 'leases.planRewind' | 'leases.rewind' | 'leases.undoRewind' | 'leases.cancelRewind'

export function leaseRewindHandlers(connections: ConnectionManager, rewinds: RewindService): Pick<Handlers, Names> {
  return {
    'leases.planRewind': (input, client) => rewinds.plan(connections.require(), input, client),
    'leases.rewind': (input, client) => rewinds.rewind(connections.require(), input, client),
    'leases.undoRewind': ({ rewindId }, client) => rewinds.undo(connections.require(), rewindId, client),
    'leases.cancelRewind': ({ requestId }) => Promise.resolve({ cancelled: rewinds.cancel(requestId) })
  }
}
