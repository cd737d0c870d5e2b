import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { ReplayState, ReplayStore } from './replay-store'

/** Values of one replay dialog's store, compared shallowly. */
export function useReplay<T>(store: ReplayStore, selector: (state: ReplayState) => T): T {
  return useStore(store, useShallow(selector))
}
