/** The records store of the RecordsView around a component, and selector hooks over it. */
import { createContext, useContext } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { RecordsActions, RecordsState, RecordsStore } from './records-store'

export const RecordsStoreContext = createContext<RecordsStore | null>(null)

function useRecordsStore(): RecordsStore {
  const store = useContext(RecordsStoreContext)
  if (store === null) throw new Error('Records components must be inside a RecordsView')
  return store
}

/** One value of the records state; re-renders only when it changes (by Object.is). */
export function useRecords<T>(selector: (state: RecordsState) => T): T {
  return useStore(useRecordsStore(), selector)
}

/** Several values at once (an object or array), compared shallowly. */
export function useRecordsShallow<T>(selector: (state: RecordsState) => T): T {
  return useStore(useRecordsStore(), useShallow(selector))
}

/** The actions: a stable object, never a reason to re-render. */
export function useRecordsActions(): RecordsActions {
  return useRecordsStore().getState().actions
}

/** Reads the state without subscribing (event handlers that need the latest values). */
export function useRecordsGetter(): () => RecordsState {
  return useRecordsStore().getState
}
