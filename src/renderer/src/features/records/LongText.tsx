import { useMemo } from 'react'
import { textBlocks } from './text-blocks'

/**
 * A body of any length in a <pre>, cut into blocks that the window lays out only when they scroll
 * into view (CSS content-visibility: auto): "Show all" of a 6 MiB record no longer holds the window
 * for seconds. The blocks' text, end to end, is the body (select, find and textContent see it all);
 * where a block had to be cut inside a long line (no line break near its end) the cut shows as a
 * line break that the body does not have. Copy takes the body itself.
 */
/** `label`: a scrolling view the keyboard must reach (focusable, named). */
export function LongText(props: { text: string; wrap: boolean; testId?: string; label?: string }): React.JSX.Element {
  const blocks = useMemo(() => textBlocks(props.text), [props.text])
  return (
    <pre
      className={`rec-pre mono${props.wrap ? ' rec-wrap' : ''}`}
      data-testid={props.testId}
      {...(props.label === undefined ? {} : { tabIndex: 0, 'aria-label': props.label })}
    >
      {blocks.length <= 1
        ? props.text
        : blocks.map((block, i) => (
            // The blocks of one text never reorder: the index is their identity.
            <span key={i} className="rec-block">
              {block}
            </span>
          ))}
    </pre>
  )
}
