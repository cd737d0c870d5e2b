/** The handlers of writing with a schema: the Glue Schema Registry pickers and producer.encode. */
import type { Handlers } from '../router'
import type { ConnectionManager } from './connections/connection-manager'
import type { SchemaService } from './schemas/schema-service'
import { schemaWriterFor } from './schemas/schema-writer'

type Names = 'producer.encode' | 'registry.registries' | 'registry.schemas' | 'registry.versions' | 'registry.version'

export function schemaWritingHandlers(connections: ConnectionManager, schemas: SchemaService): Pick<Handlers, Names> {
  const writer = () => schemaWriterFor(schemas.registry(connections.require()))
  return {
    'producer.encode': ({ schema, json }) => writer().encode(schema, json),
    'registry.registries': () => writer().registry.listRegistries(),
    'registry.schemas': ({ registryName }) => writer().registry.listSchemas(registryName),
    'registry.versions': ({ registryName, schemaName }) => writer().registry.listSchemaVersions(registryName, schemaName),
    'registry.version': async ({ schemaVersionId }) => {
      const lookup = await writer().registry.lookupAgain(schemaVersionId.toLowerCase())
      if (!lookup.ok) throw lookup.failure
      return lookup.version
    }
  }
}
