import { useEffect } from 'react'
import type { RenderResult } from '../../../../shared/producer'
import type { SchemaEncoding, WriteSchemaRef } from '../../../../shared/schema-writing'
import { schemaStore, useSchema } from './producer-stores'
import type { SchemaMode } from './schema-store'

/** How long typing pauses before main is asked to encode the record again. */
const CHECK_DELAY_MS = 250

/**
 * Asks main to encode the preview's records with the draft's schema as the user types (after a
 * pause), and returns its answers in preview order: an encoded size or the field that fails.
 */
export function useSchemaCheck(schema: WriteSchemaRef | null, preview: readonly RenderResult[]): SchemaEncoding[] | null {
  const texts = preview.map((r) => (r.ok ? (r.record.text ?? '') : null))
  const key = JSON.stringify([schema, texts])
  useEffect(() => {
    const ready = texts.every((t) => t !== null) ? texts : []
    const timer = setTimeout(() => void schemaStore.getState().actions.checkRecords(schema, ready), CHECK_DELAY_MS)
    return () => clearTimeout(timer)
    // `key` stands for schema and texts: a new array each render must not start a new check.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const check = useSchema((s) => s.check)
  return schema !== null && check.status === 'done' ? check.results : null
}

/** What stops a send with a schema: none chosen yet, or the record does not fit it. */
export function schemaProblem(mode: SchemaMode, schema: WriteSchemaRef | null, encoded: SchemaEncoding[] | null): string | null {
  if (mode !== 'none' && schema === null) return 'Choose the schema to encode the record with.'
  const first = encoded?.[0]
  return first !== undefined && !first.ok ? `Does not fit ${first.label}: ${first.problem}` : null
}
