import { CopyButton } from '../../components/CopyButton'

/** One labelled fact of a card (a channel, a Lambda mapping), in its definition list. */
export function Fact(props: { label: string; children: React.ReactNode }): React.JSX.Element {
  return (
    <div className="channel-fact">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}

/** A value people copy (an ARN, a bucket name), with its Copy button. */
export function Copyable(props: { text: string; label: string }): React.JSX.Element {
  return (
    <span className="channel-copyable">
      <span className="mono">{props.text}</span>
      <CopyButton text={props.text} label={props.label} />
    </span>
  )
}
