/**
 * Saved templates (main keeps them in templates.json; the built-in pizza order first): list,
 * save, remove, import, and the JSON that export writes (and import reads back). No React.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ClientApi } from '../../../../shared/contract'
import type { RecordTemplate, SavedTemplate } from '../../../../shared/producer'
import { dataOf, failed, idle, loading, type Load } from '../../components/load-state'

export type TemplatesApi = { templates: Pick<ClientApi['templates'], 'list' | 'save' | 'remove' | 'import'> }

export interface TemplatesState {
  list: Load<SavedTemplate[]>
  /** The template last loaded into the editor or saved. */
  selectedId: string | null
  /** What the last save / remove / import did, in words. */
  notice: string | null
  /** A save, remove or import main refused. */
  actionError: unknown
  /** Entries of the last import that were not imported, with why. */
  refused: { index: number; name: string | null; reason: string }[]
  actions: {
    load: () => Promise<void>
    select: (id: string | null) => void
    save: (name: string, template: RecordTemplate) => Promise<boolean>
    remove: (id: string) => Promise<void>
    importFile: (content: string) => Promise<void>
    dismiss: () => void
  }
}

/** What export writes: the user's templates (the built-in one is in every app already). */
export function templatesExport(list: readonly SavedTemplate[]): string {
  const templates = list.filter((t) => !t.builtin).map(({ name, template }) => ({ name, template }))
  return `${JSON.stringify({ kind: 'kinesis-inspector.templates', version: 1, templates }, null, 2)}\n`
}

export type TemplatesStore = StoreApi<TemplatesState>

export function createTemplatesStore(api: TemplatesApi): TemplatesStore {
  return createStore<TemplatesState>()((set, get) => {
    const act = async (run: () => Promise<void>): Promise<boolean> => {
      set({ actionError: null, notice: null, refused: [] })
      try {
        await run()
        return true
      } catch (error) {
        set({ actionError: error })
        return false
      }
    }
    return {
      list: idle,
      selectedId: null,
      notice: null,
      actionError: null,
      refused: [],
      actions: {
        async load() {
          set({ list: loading(get().list) })
          try {
            set({ list: { status: 'ready', data: await api.templates.list({}) } })
          } catch (error) {
            set({ list: failed(get().list, error) })
          }
        },
        select(id) {
          set({ selectedId: id, notice: null, actionError: null })
        },
        save(name, template) {
          return act(async () => {
            const before = new Set((dataOf(get().list) ?? []).map((t) => t.id))
            // Saving under the name of a user template overwrites it; the built-in one never is.
            const same = (dataOf(get().list) ?? []).find((t) => !t.builtin && t.name === name.trim())
            const list = await api.templates.save(same !== undefined ? { id: same.id, name, template } : { name, template })
            const saved = same ?? list.find((t) => !before.has(t.id))
            set({ list: { status: 'ready', data: list }, selectedId: saved?.id ?? get().selectedId, notice: `Saved template “${name.trim()}”.` })
          })
        },
        async remove(id) {
          const name = (dataOf(get().list) ?? []).find((t) => t.id === id)?.name ?? id
          await act(async () => {
            const list = await api.templates.remove({ id })
            set({ list: { status: 'ready', data: list }, selectedId: get().selectedId === id ? null : get().selectedId, notice: `Removed template “${name}”.` })
          })
        },
        async importFile(content) {
          await act(async () => {
            const { templates, imported, refused } = await api.templates.import({ content })
            const skipped = refused.length > 0 ? `; ${refused.length} not imported (below)` : ''
            set({
              list: { status: 'ready', data: templates },
              notice: `Imported ${imported} ${imported === 1 ? 'template' : 'templates'}${skipped}.`,
              refused
            })
          })
        },
        dismiss() {
          set({ notice: null, actionError: null, refused: [] })
        }
      }
    }
  })
}
