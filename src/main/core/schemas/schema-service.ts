/**
 * Schemas in main: the local schema files attached to streams, and per connection the Glue
 * Schema Registry with its compiled versions (kept while the connection is; a new connection
 * starts afresh). Reads get a SessionSchemas from here; a writer gets the same GlueRegistry.
 */
import type { Handlers } from '../../router'
import type { Connected } from '../connections/connection-manager'
import { GlueRegistry } from './glue-registry'
import { localSchemaStore, type LocalSchemaStore } from './local-schema-store'
import { GsrCatalog, SessionSchemas } from './schema-catalog'

export class SchemaService {
  readonly local: LocalSchemaStore
  /** Keyed by the connection's clients: they live exactly as long as the connection does. */
  private readonly catalogs = new WeakMap<Connected['clients'], GsrCatalog>()

  constructor(userDataDir: string | null) {
    this.local = localSchemaStore(userDataDir)
  }

  catalog(connection: Connected): GsrCatalog {
    let catalog = this.catalogs.get(connection.clients)
    if (catalog === undefined) {
      // Errors name where Glue calls go (its own endpoint, or the region's), not the Kinesis endpoint.
      const glue = connection.active.services.glue
      const target = { ...connection.target, endpoint: glue.available ? glue.endpoint : connection.target.endpoint }
      catalog = new GsrCatalog(new GlueRegistry(() => connection.clients.glue(), target))
      this.catalogs.set(connection.clients, catalog)
    }
    return catalog
  }

  /** The connection's Glue Schema Registry (lookups cached for the connection). */
  registry(connection: Connected): GlueRegistry {
    return this.catalog(connection).glue
  }

  async forRead(connection: Connected, stream: string): Promise<SessionSchemas> {
    return new SessionSchemas(this.catalog(connection), await this.local.forRead(stream))
  }

  handlers(): Pick<Handlers, 'schemas.list' | 'schemas.attach' | 'schemas.detach'> {
    return {
      'schemas.list': ({ stream }) => this.local.list(stream),
      'schemas.attach': (input) => this.local.attach(input),
      'schemas.detach': ({ id }) => this.local.detach(id)
    }
  }
}
