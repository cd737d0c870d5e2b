import type { RenderResult } from '../../../../shared/producer'
import type { SchemaEncoding } from '../../../../shared/schema-writing'
import { bytesToHex } from '../../../../shared/record-format'
import { formatBytes } from '../records/format'

/** The next records a bulk run sends, exactly (same seed; only the time moves), before gzip. */
/** With a schema, `encoded` holds main's answer for each record: the size sent, or why it does not fit. */
export function TemplatePreview(props: { preview: RenderResult[]; encoded?: SchemaEncoding[] | null }): React.JSX.Element {
  return (
    <section className="send-panel" aria-label="Preview">
      <h3 className="send-section-title">Preview of the next bulk records</h3>
      {props.preview.length === 0 || props.preview.every((r) => !r.ok) ? (
        <p className="muted">Fix the record to see what a bulk run sends.</p>
      ) : (
        <ol className="send-preview">
          {props.preview.map((result, i) => (
            <li key={i} className="send-preview-item">
              {result.ok ? (
                <>
                  <div className="send-preview-meta">
                    <span>#{i + 1}</span>
                    <span>
                      key <span className="mono">{result.record.partitionKey}</span>
                    </span>
                    {result.record.explicitHashKey !== null && (
                      <span>
                        hash key <span className="mono">{result.record.explicitHashKey}</span>
                      </span>
                    )}
                    <span>{formatBytes(result.record.data.length)}</span>
                    <EncodedSize encoding={props.encoded?.[i]} />
                  </div>
                  <pre className="send-preview-body mono">{result.record.text ?? bytesToHex(result.record.data, { maxBytes: 64 })}</pre>
                </>
              ) : (
                <p className="field-error">
                  #{i + 1}: {result.problem.message}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function EncodedSize({ encoding }: { encoding: SchemaEncoding | undefined }): React.JSX.Element | null {
  if (encoding === undefined) return null
  if (!encoding.ok) return <span className="field-error">does not fit the schema</span>
  return <span title={encoding.label}>→ {formatBytes(encoding.size)} encoded</span>
}
