import { useEffect, useState } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { dataOf } from '../../components/load-state'
import { saveExport } from '../records/save-export'
import { PlaceholderHelp } from './PlaceholderHelp'
import { draftTemplate } from './send-draft'
import { sendStore, templatesStore, useTemplates } from './producer-stores'
import { templatesExport } from './templates-store'
import { FilePickerButton } from '../../components/FilePickerButton'

/** Saved templates: load one into the editor, save the editor's record as one, remove, export, import. */
export function TemplatesPanel(): React.JSX.Element {
  const { list, selectedId, notice, actionError, refused } = useTemplates((s) => ({
    list: s.list,
    selectedId: s.selectedId,
    notice: s.notice,
    actionError: s.actionError,
    refused: s.refused
  }))
  const actions = templatesStore.getState().actions
  const templates = dataOf(list) ?? []
  const selected = templates.find((t) => t.id === selectedId) ?? null
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  useEffect(() => {
    if (templatesStore.getState().list.status === 'idle') void actions.load()
  }, [actions])

  const load = (id: string): void => {
    actions.select(id === '' ? null : id)
    const template = templates.find((t) => t.id === id)
    if (template !== undefined) sendStore.getState().actions.loadTemplate(template.template)
  }
  const save = async (): Promise<void> => {
    if (name.trim() === '') return setNameError('Give the template a name.')
    if (templates.some((t) => t.builtin && t.name === name.trim())) return setNameError('That is the built-in template’s name: choose another.')
    setNameError(null)
    if (await actions.save(name, draftTemplate(sendStore.getState().draft))) setName('')
  }
  const exportAll = async (): Promise<void> => {
    try {
      const outcome = await saveExport(`templates-${new Date().toISOString().slice(0, 10)}.json`, 'application/json', templatesExport(templates))
      templatesStore.setState({
        notice: outcome.kind === 'saved' ? `Saved templates to ${outcome.path}.` : outcome.kind === 'downloaded' ? `Downloaded ${outcome.name}.` : 'Export cancelled.',
        actionError: null
      })
    } catch (error) {
      templatesStore.setState({ actionError: error, notice: null })
    }
  }
  const importFile = async (file: File | undefined): Promise<void> => {
    if (file === undefined) return
    try {
      await actions.importFile(await file.text())
    } catch (error) {
      templatesStore.setState({ actionError: error })
    }
  }
  const userTemplates = templates.filter((t) => !t.builtin).length

  return (
    <section className="send-panel" aria-label="Templates">
      <h3 className="send-section-title">Templates</h3>
      {list.status === 'error' && <ErrorBanner error={list.error} />}
      <div className="send-row">
        <Field label="Template">
          {(a11y) => (
            <select {...a11y} value={selected?.id ?? ''} onChange={(e) => load(e.target.value)} disabled={templates.length === 0}>
              <option value="">{list.status === 'loading' ? 'Loading templates…' : 'Choose a template to load…'}</option>
              {templates.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.builtin ? `${t.name} · built-in` : t.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button
          type="button"
          className="small-button"
          disabled={selected === null || selected.builtin}
          title={selected?.builtin === true ? 'The built-in template cannot be removed' : undefined}
          onClick={() => selected !== null && void actions.remove(selected.id)}
        >
          Remove
        </button>
      </div>
      <div className="send-row">
        <Field label="Save the record above as" error={nameError}>
          {(a11y) => <input {...a11y} placeholder="Template name" value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="button" className="small-button" onClick={() => void save()}>
          Save template
        </button>
      </div>
      <div className="send-row">
        <button type="button" className="small-button" disabled={userTemplates === 0} onClick={() => void exportAll()} title="Your templates as a JSON file">
          Export templates…
        </button>
        <FilePickerButton caption="Import templates…" label="Templates file to import" accept=".json,application/json" onFile={(picked) => void importFile(picked)} />
      </div>
      {notice !== null && (
        <p className="send-notice" role="status">
          {notice}
        </p>
      )}
      {refused.length > 0 && (
        <ul className="replay-problems" aria-label="Templates not imported">
          {refused.map((r) => (
            <li key={r.index}>
              Entry {r.index + 1}
              {r.name !== null ? ` (“${r.name}”)` : ''}: {r.reason}
            </li>
          ))}
        </ul>
      )}
      {actionError !== null && <ErrorBanner error={actionError} onDismiss={() => actions.dismiss()} />}
      <PlaceholderHelp />
    </section>
  )
}
