import { useImperativeHandle, useRef, type Ref } from 'react'

/** What a caller can do besides the button itself: open the picker (e.g. from a radio button). */
export interface FilePicker {
  open(): void
}

/**
 * A button that opens the browser's file picker; the file input itself is hidden and out of the
 * tab order (the button is what the keyboard and screen readers reach), and is cleared after each
 * pick so the same file can be picked again.
 */
export function FilePickerButton(props: {
  caption: string
  /** The hidden input's accessible name (what the file is for). */
  label: string
  accept: string
  onFile: (file: File) => void
  title?: string
  picker?: Ref<FilePicker>
}): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null)
  useImperativeHandle(props.picker, () => ({ open: () => input.current?.click() }), [])
  return (
    <>
      <button type="button" className="small-button" onClick={() => input.current?.click()} title={props.title}>
        {props.caption}
      </button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={props.label}
        onChange={(e) => {
          const picked = e.target.files?.[0]
          e.target.value = ''
          if (picked !== undefined) props.onFile(picked)
        }}
      />
    </>
  )
}
