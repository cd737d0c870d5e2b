import { useCallback, useEffect, useState } from 'react'
import type { InputOf } from '../../../../shared/contract'
import type { LocalSchemaSummary } from '../../../../shared/schemas'
import { api } from '../../api/client'

export type AttachInput = InputOf<'schemas.attach'>

/** The local schema files attached to a stream, loaded on mount, with attach and detach. */
export function useStreamSchemas(stream: string): {
  schemas: LocalSchemaSummary[] | null
  error: unknown
  attach: (input: AttachInput) => Promise<void>
  detach: (id: string) => Promise<void>
} {
  const [schemas, setSchemas] = useState<LocalSchemaSummary[] | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    let live = true
    api.schemas.list({ stream }).then(
      (list) => live && setSchemas(list),
      (e: unknown) => live && setError(e)
    )
    return () => {
      live = false
    }
  }, [stream])
  const attach = useCallback(async (input: AttachInput) => setSchemas(await api.schemas.attach(input)), [])
  const detach = useCallback(async (id: string) => {
    try {
      setSchemas(await api.schemas.detach({ id }))
      setError(null)
    } catch (e) {
      setError(e)
    }
  }, [])
  return { schemas, error, attach, detach }
}
