/**
 * One record at a time: the draft being edited, the send in flight, and the history of this
 * session's sends (where each landed). No React, no DOM: the api is passed in.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientApi } from '../../../../shared/contract'
import { compileTemplate, type RecordTemplate, type SentRecord } from '../../../../shared/producer'
import {
  bytesToBase64,
  checkDraft,
  draftFromTemplate,
  draftTemplate,
  initialDraft,
  liveContext,
  withPayloadKind,
  type OrderFields,
  type PayloadKind,
  type SendDraft
} from './send-draft'

/** `encode` is only called for a draft with a schema (main encodes the JSON; the bytes it returns are put). */
export type SendApi = { producer: Pick<ClientApi['producer'], 'put'> & Partial<Pick<ClientApi['producer'], 'encode'>> }

/** The history keeps this many sends (newest first). */
export const MAX_HISTORY = 500

export type SendStatus = { status: 'idle' } | { status: 'sending' } | { status: 'error'; error: unknown }

export interface SendState {
  draft: SendDraft
  sending: SendStatus
  /** This session's sends, newest first, every stream. */
  history: SentRecord[]
  actions: SendActions
}

export interface SendActions {
  update: (patch: Partial<SendDraft>) => void
  updateOrder: (patch: Partial<OrderFields>) => void
  setPayload: (payload: PayloadKind) => void
  loadTemplate: (template: RecordTemplate) => void
  /** Renders the draft once (fresh UUID, now) and puts it; resolves with where it landed, or null. */
  send: (stream: string) => Promise<SentRecord | null>
  /**
   * Stops waiting for the send in flight (the Cancel beside "Waiting for <endpoint>…"). The
   * record may or may not have been written: the banner says so, and should the answer still
   * come (main's request timeout, 30 s for puts, ends the call), the record joins the history.
   */
  cancel: (endpoint: string) => void
  dismissError: () => void
}

export interface SendDeps {
  api: SendApi
  now?: () => number
}

export type SendStore = StoreApi<SendState>

export function createSendStore(deps: SendDeps): SendStore {
  const now = deps.now ?? Date.now
  let sends = 0
  /** Numbers each send; a cancelled one no longer owns `sending`. */
  let current = 0
  return createStore<SendState>()((set, get) => ({
    draft: initialDraft,
    sending: { status: 'idle' },
    history: [],
    actions: {
      update(patch) {
        set({ draft: { ...get().draft, ...patch } })
      },
      updateOrder(patch) {
        const draft = get().draft
        set({ draft: { ...draft, order: { ...draft.order, ...patch } } })
      },
      setPayload(payload) {
        set({ draft: withPayloadKind(get().draft, payload) })
      },
      loadTemplate(template) {
        set({ draft: draftFromTemplate(template, get().draft), sending: { status: 'idle' } })
      },
      async send(stream) {
        if (get().sending.status === 'sending') return null
        const draft = get().draft
        const at = now()
        // The same checks the form shows as the user types; main checks again.
        const check = checkDraft(draft, 0, at, 1)
        const firstProblem = Object.values(check.problems)[0]
        if (firstProblem !== undefined) {
          set({ sending: { status: 'error', error: new Error(firstProblem) } })
          return null
        }
        const compiled = compileTemplate(draftTemplate(draft))
        if (!compiled.ok) {
          set({ sending: { status: 'error', error: new Error(compiled.problem.message) } })
          return null
        }
        const rendered = compiled.render(liveContext(sends, at))
        if (!rendered.ok) {
          set({ sending: { status: 'error', error: new Error(rendered.problem.message) } })
          return null
        }
        const { record } = rendered
        const id = ++current
        set({ sending: { status: 'sending' } })
        try {
          // With a schema, main encodes the JSON and the bytes it returns are put as they are.
          const encode = deps.api.producer.encode
          if (draft.schema !== null && encode === undefined) throw new Error('This window cannot encode records with a schema.')
          const encoded = draft.schema === null || encode === undefined ? null : await encode({ schema: draft.schema, json: record.text ?? '' })
          if (encoded !== null && !encoded.ok) throw new Error(`Does not fit ${encoded.label}: ${encoded.problem}`)
          const sent = await deps.api.producer.put({
            stream,
            partitionKey: record.partitionKey,
            explicitHashKey: record.explicitHashKey,
            dataBase64: encoded !== null ? encoded.dataBase64 : bytesToBase64(record.data),
            gzip: encoded !== null ? false : draft.gzip
          })
          sends++
          // Written, even if the user stopped waiting: where it landed goes in the history.
          set({ history: [sent, ...get().history].slice(0, MAX_HISTORY), ...(id === current ? { sending: { status: 'idle' } } : {}) })
          return id === current ? sent : null
        } catch (error) {
          if (id === current) set({ sending: { status: 'error', error } })
          return null
        }
      },
      cancel(endpoint) {
        if (get().sending.status !== 'sending') return
        current++
        const error = Object.assign(new Error(`Stopped waiting for ${endpoint}: the record may or may not have been written.`), {
          code: 'CANCELLED',
          hint: 'If it was written, it appears below as soon as the answer comes; reading the stream from Latest shows it too.'
        })
        set({ sending: { status: 'error', error } })
      },
      dismissError() {
        set({ sending: { status: 'idle' } })
      }
    }
  }))
}
