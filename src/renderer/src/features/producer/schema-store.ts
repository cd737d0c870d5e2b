/**
 * Writing with a schema: the Glue Schema Registry pickers (registry → schema → version, each
 * list loaded when its parent is chosen), the chosen version's definition, and main's answer for
 * the JSON being edited (producer.encode: the encoded size, or the field that does not fit),
 * asked again as the user types. No React, no DOM: the api is passed in.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientApi } from '../../../../shared/contract'
import type { GlueSchemaVersion } from '../../../../shared/schemas'
import type { RegistryEntry, SchemaEncoding, SchemaEntry, SchemaVersionEntry, WriteSchemaRef } from '../../../../shared/schema-writing'

export type SchemaApi = Pick<ClientApi, 'registry'> & { producer: Pick<ClientApi['producer'], 'encode'> }

/** A list or a value being loaded from main. */
export type Loaded<T> = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: unknown }

/** The check of the records a send or the preview would write: one answer per record, in order. */
export type SchemaCheck = { status: 'idle' } | { status: 'checking' } | { status: 'done'; results: SchemaEncoding[] } | { status: 'error'; error: unknown }

/** How the Send tab's record is written: as it is, or encoded with a registry version or a local file. */
export type SchemaMode = 'none' | 'gsr' | 'file'

export interface SchemaState {
  mode: SchemaMode
  registries: Loaded<RegistryEntry[]>
  schemas: Loaded<SchemaEntry[]>
  versions: Loaded<SchemaVersionEntry[]>
  registryName: string
  schemaName: string
  /** The chosen version's definition, shown beside the JSON it checks. */
  version: Loaded<GlueSchemaVersion>
  check: SchemaCheck
  actions: SchemaActions
}

export interface SchemaActions {
  setMode: (mode: SchemaMode) => void
  loadRegistries: () => Promise<void>
  pickRegistry: (registryName: string) => Promise<void>
  pickSchema: (schemaName: string) => Promise<void>
  /** Loads the version's definition (the draft holds the choice itself). */
  showVersion: (schemaVersionId: string | null) => Promise<void>
  /** Asks main to encode these JSON texts with the schema; a newer check supersedes an older one. */
  checkRecords: (schema: WriteSchemaRef | null, texts: readonly string[]) => Promise<void>
  /** Stops waiting for a registry list (the Cancel beside "Waiting for …"). */
  cancelLoading: () => void
}

export type SchemaStore = StoreApi<SchemaState>

export function createSchemaStore(api: SchemaApi): SchemaStore {
  /** Numbers each request per slot, so an answer that arrives after a newer request is dropped. */
  const latest = { registries: 0, schemas: 0, versions: 0, version: 0, check: 0 }
  return createStore<SchemaState>()((set, get) => {
    async function load<K extends 'registries' | 'schemas' | 'versions' | 'version'>(key: K, fetch: () => Promise<unknown>): Promise<void> {
      const id = ++latest[key]
      set({ [key]: { status: 'loading' } } as Partial<SchemaState>)
      try {
        const value = await fetch()
        if (id === latest[key]) set({ [key]: { status: 'ready', value } } as Partial<SchemaState>)
      } catch (error) {
        if (id === latest[key]) set({ [key]: { status: 'error', error } } as Partial<SchemaState>)
      }
    }
    return {
      mode: 'none',
      registries: { status: 'idle' },
      schemas: { status: 'idle' },
      versions: { status: 'idle' },
      registryName: '',
      schemaName: '',
      version: { status: 'idle' },
      check: { status: 'idle' },
      actions: {
        setMode(mode) {
          set({ mode })
          if (mode === 'gsr' && get().registries.status === 'idle') void load('registries', () => api.registry.registries({}))
        },
        loadRegistries: () => load('registries', () => api.registry.registries({})),
        async pickRegistry(registryName) {
          set({ registryName, schemaName: '', schemas: { status: 'idle' }, versions: { status: 'idle' } })
          if (registryName !== '') await load('schemas', () => api.registry.schemas({ registryName }))
        },
        async pickSchema(schemaName) {
          set({ schemaName, versions: { status: 'idle' } })
          const { registryName } = get()
          if (schemaName !== '') await load('versions', () => api.registry.versions({ registryName, schemaName }))
        },
        async showVersion(schemaVersionId) {
          if (schemaVersionId === null) {
            latest.version++
            set({ version: { status: 'idle' } })
            return
          }
          const shown = get().version
          if (shown.status === 'ready' && shown.value.schemaVersionId === schemaVersionId.toLowerCase()) return
          await load('version', () => api.registry.version({ schemaVersionId }))
        },
        async checkRecords(schema, texts) {
          const id = ++latest.check
          if (schema === null || texts.length === 0) {
            set({ check: { status: 'idle' } })
            return
          }
          set({ check: { status: 'checking' } })
          try {
            const results = await Promise.all(texts.map((json) => api.producer.encode({ schema, json })))
            if (id === latest.check) set({ check: { status: 'done', results } })
          } catch (error) {
            if (id === latest.check) set({ check: { status: 'error', error } })
          }
        },
        cancelLoading() {
          for (const key of ['registries', 'schemas', 'versions', 'version'] as const) {
            if (get()[key].status === 'loading') {
              latest[key]++
              set({ [key]: { status: 'idle' } } as Partial<SchemaState>)
            }
          }
        }
      }
    }
  })
}
