import { useState, type FormEvent } from 'react'
import { ErrorBanner } from '../../components/ErrorBanner'
import { Field } from '../../components/Field'
import { dataOf } from '../../components/load-state'
import { spreadEvenlyText } from './distribution'
import { useShardTools } from './shard-tools-store'

/**
 * Partition key → shard: the key's MD5 hash key and the open shard that owns it. On an AUTO
 * stream no shard owns a key, and the answer says so instead.
 */
export function KeyRouter(): React.JSX.Element {
  const [key, setKey] = useState('')
  const route = useShardTools((s) => s.route)
  const { routeKey, clearRoute } = useShardTools.getState()
  const answer = dataOf(route)
  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    if (key !== '') void routeKey(key)
  }
  return (
    <form className="key-router" onSubmit={onSubmit} aria-label="Partition key to shard">
      <Field label="Partition key">
        {(a11y) => (
          <input
            {...a11y}
            className="mono"
            autoComplete="off"
            spellCheck={false}
            placeholder="order-1042"
            maxLength={256}
            value={key}
            onChange={(e) => {
              setKey(e.target.value)
              // The answer shown (and highlighted in the map and the table) is for the key as asked.
              clearRoute()
            }}
          />
        )}
      </Field>
      <button type="submit" className="small-button key-router-button" disabled={key === '' || route.status === 'loading'}>
        Find shard
      </button>
      <output className="key-router-answer" aria-live="polite" data-testid="route-answer">
        {answer !== null && answer.recordDistribution === 'AUTO' && <span>{spreadEvenlyText(answer.openShardCount)}</span>}
        {answer !== null && answer.recordDistribution !== 'AUTO' && (
          <>
            MD5 hash key <span className="mono">{answer.hashKey}</span> →{' '}
            {answer.shard !== null ? (
              <strong className="mono">{answer.shard.shardId}</strong>
            ) : (
              <span>no open shard covers it (the stream is being resharded)</span>
            )}
          </>
        )}
      </output>
      {route.status === 'error' && <ErrorBanner error={route.error} />}
    </form>
  )
}
