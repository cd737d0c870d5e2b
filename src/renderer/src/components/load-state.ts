/**
 * The status of anything the renderer loads from main. `previous` keeps the last good data on
 * screen while a refresh runs or after it fails, so a failed refresh never blanks a view.
 */
export type Load<T> =
  | { status: 'idle' }
  | { status: 'loading'; previous: T | null }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown; previous: T | null }

export const idle: Load<never> = { status: 'idle' }

/** The data to show: the loaded data, or what was there before the current load. */
export function dataOf<T>(load: Load<T>): T | null {
  switch (load.status) {
    case 'ready':
      return load.data
    case 'loading':
    case 'error':
      return load.previous
    default:
      return null
  }
}

export function loading<T>(before: Load<T>): Load<T> {
  return { status: 'loading', previous: dataOf(before) }
}

export function failed<T>(before: Load<T>, error: unknown): Load<T> {
  return { status: 'error', error, previous: dataOf(before) }
}
