/**
 * Local schema files attached to streams, in schemas.json under the user-data folder (written
 * atomically like templates.json; a file that is not JSON is set aside, entries that do not
 * parse are dropped once a copy of the file is kept, never a crash). A stream has at most one
 * schema for records with no header and one per Confluent schema id: attaching another replaces it. Every schema is compiled before
 * it is saved, so a .proto that does not parse is refused with the parser's reason, and reads
 * compile each attached schema once.
 */
import { randomUUID } from 'node:crypto'
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { localSchemaInputSchema } from '../../../shared/contract'
import { AppFailure } from '../../../shared/errors'
import { MAX_SCHEMA_FILE_BYTES, type LocalSchema, type LocalSchemaSummary } from '../../../shared/schemas'
import { oneAtATime, readJsonFile, writeJsonFile } from '../json-file'
import { resolveLocal, type ResolvedSchema } from './schema-catalog'
import { SchemaProblem } from './schema-codecs'

const savedEntry = localSchemaInputSchema.extend({ id: z.string().min(1).max(200), attachedAt: z.number() })

export type LocalSchemaInput = z.output<typeof localSchemaInputSchema>

export interface LocalSchemaStore {
  list(stream: string): Promise<LocalSchemaSummary[]>
  attach(input: LocalSchemaInput): Promise<LocalSchemaSummary[]>
  detach(id: string): Promise<LocalSchemaSummary[]>
  /** The stream's schemas compiled for a read: the plain one and one per Confluent id. */
  forRead(stream: string): Promise<{ plain: ResolvedSchema | null; confluent: Map<number, ResolvedSchema> }>
}

export function localSchemaStore(userDataDir: string | null): LocalSchemaStore {
  const file = userDataDir === null ? null : join(userDataDir, 'schemas.json')
  let memory: LocalSchema[] = []
  const compiled = new Map<string, ResolvedSchema>()
  const serial = oneAtATime()

  let setAside = false
  const load = async (): Promise<LocalSchema[]> => {
    if (file === null) return structuredClone(memory)
    const read = await readJsonFile(file)
    if (read.kind !== 'ok') return []
    const entries = (read.value as { schemas?: unknown } | null)?.schemas
    const valid = Array.isArray(entries) ? entries.flatMap((e) => (savedEntry.safeParse(e).success ? [e as LocalSchema] : [])) : []
    // Entries that do not parse are dropped at the next write: keep a copy of the file once.
    if (valid.length < (Array.isArray(entries) ? entries.length : 1) && !setAside) {
      setAside = true
      await copyFile(file, `${file}.invalid-${Date.now()}`).catch(() => undefined)
    }
    return valid
  }
  const save = async (schemas: LocalSchema[]): Promise<void> => {
    if (file === null) memory = structuredClone(schemas)
    else await writeJsonFile(file, { version: 1, schemas })
  }
  const resolved = (schema: LocalSchema): ResolvedSchema => {
    let r = compiled.get(schema.id)
    if (r === undefined) {
      r = resolveLocal(schema)
      compiled.set(schema.id, r)
    }
    return r
  }
  const summaries = (schemas: LocalSchema[], stream: string): LocalSchemaSummary[] =>
    schemas.filter((s) => s.stream === stream).flatMap((s) => {
      try {
        const r = resolved(s)
        const { definition, ...rest } = s
        return [{ ...rest, size: Buffer.byteLength(definition, 'utf8'), typeName: r.codec.typeName, messageNames: r.codec.messageNames, label: r.info.label }]
      } catch {
        return [] // edited by hand into something that no longer compiles: not offered
      }
    })

  return {
    async list(stream) {
      return summaries(await load(), stream)
    },
    attach: (input) => serial(async () => {
      const size = Buffer.byteLength(input.definition, 'utf8')
      if (size > MAX_SCHEMA_FILE_BYTES) throw tooLarge(input.fileName, size)
      const schema: LocalSchema = { ...input, id: randomUUID(), attachedAt: Date.now() }
      try {
        resolved(schema)
      } catch (err) {
        throw new AppFailure(
          'SCHEMA_INVALID',
          `${input.fileName} cannot be attached: ${err instanceof SchemaProblem ? err.message : String(err)}`,
          'Fix the schema file (or pick the right format and message name), then attach it again.'
        )
      }
      const sameScope = (s: LocalSchema): boolean =>
        s.stream === input.stream &&
        s.scope.kind === input.scope.kind &&
        (s.scope.kind === 'plain' || (input.scope.kind === 'confluent' && s.scope.schemaId === input.scope.schemaId))
      const all = (await load()).filter((s) => !sameScope(s))
      all.push(schema)
      await save(all)
      return summaries(all, input.stream)
    }),
    detach: (id) => serial(async () => {
      const all = await load()
      const gone = all.find((s) => s.id === id)
      if (gone === undefined) throw new AppFailure('SCHEMA_NOT_FOUND', 'That schema is not attached (any more).', 'Refresh the list of schemas.')
      compiled.delete(id)
      const rest = all.filter((s) => s.id !== id)
      await save(rest)
      return summaries(rest, gone.stream)
    }),
    async forRead(stream) {
      const confluent = new Map<number, ResolvedSchema>()
      let plain: ResolvedSchema | null = null
      for (const s of (await load()).filter((x) => x.stream === stream)) {
        try {
          if (s.scope.kind === 'plain') plain = resolved(s)
          else confluent.set(s.scope.schemaId, resolved(s))
        } catch {
          // A schema that no longer compiles decodes nothing; list() no longer offers it.
        }
      }
      return { plain, confluent }
    }
  }
}

export function tooLarge(fileName: string, size: number): AppFailure {
  return new AppFailure(
    'INVALID_INPUT',
    `${fileName} is ${(size / (1024 * 1024)).toFixed(1)} MB; a schema file may be at most ${MAX_SCHEMA_FILE_BYTES / 1024} KB.`,
    'Schemas are small text files (.avsc, .proto, JSON Schema); check that this is the schema and not a data file.'
  )
}
