import { describe, expect, it } from 'vitest'
import { compileTemplate, MAX_PARTITION_KEY_LENGTH, seededRenderContext } from '../../../src/shared/producer'
import {
  bytesToBase64,
  checkDraft,
  draftFromTemplate,
  draftTemplate,
  hashKeyForShard,
  initialDraft,
  offsetOf,
  orderBody,
  timestampProblem,
  withPayloadKind,
  type SendDraft
} from '../../../src/renderer/src/features/producer/send-draft'
import { shardFixture } from '../../support/shard-fixture'

const NOW = Date.UTC(2026, 10, 26, 9, 30, 0)
const draft = (patch: Partial<SendDraft>): SendDraft => ({ ...initialDraft, ...patch })

describe('the order form', () => {
  it('serialises as the seed did: compact UTF-8 JSON with Id, Source, StoreId, PizzaId, Timestamp', () => {
    const check = checkDraft(initialDraft, 7, NOW, 1)
    expect(check.problems).toEqual({})
    const first = check.preview[0]
    if (first?.ok !== true) throw new Error('expected a record')
    const order = JSON.parse(first.record.text ?? '') as Record<string, string>
    expect(Object.keys(order)).toEqual(['Id', 'Source', 'StoreId', 'PizzaId', 'Timestamp'])
    expect(order).toMatchObject({ Source: 'web', StoreId: '101', PizzaId: 'margherita', Timestamp: new Date(NOW).toISOString() })
    expect(order.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(first.record.text).not.toContain('\n')
    expect(first.record.partitionKey).toBe('weborder')
  })

  it('gives every record its own Id, keeps a typed timestamp and escapes what the user typed', () => {
    const d = draft({ order: { source: 'tab "kiosk"', storeId: '7', pizzaId: 'x\\y', timestamp: '2026-01-02T03:04:05Z' } })
    const [a, b] = checkDraft(d, 1, NOW, 2).preview
    if (a?.ok !== true || b?.ok !== true) throw new Error('expected records')
    const first = JSON.parse(a.record.text ?? '') as Record<string, string>
    const second = JSON.parse(b.record.text ?? '') as Record<string, string>
    expect(first.Id).not.toBe(second.Id)
    expect(first).toMatchObject({ Source: 'tab "kiosk"', PizzaId: 'x\\y', Timestamp: '2026-01-02T03:04:05Z' })
    expect(orderBody(d.order)).toContain('"Timestamp":"2026-01-02T03:04:05Z"')
  })

  it('names the field that is missing or malformed', () => {
    const problems = checkDraft(draft({ order: { source: '', storeId: ' ', pizzaId: 'p', timestamp: 'yesterday' } }), 1, NOW).problems
    expect(problems.source).toMatch(/source/)
    expect(problems.storeId).toMatch(/store id/)
    expect(problems.pizzaId).toBeUndefined()
    expect(problems.timestamp).toMatch(/ISO 8601/)
    expect(timestampProblem('')).toBeNull()
    expect(timestampProblem('2026-11-26T09:30:00.123+01:00')).toBeNull()
    expect(timestampProblem('2026-13-45T09:30:00Z')).not.toBeNull()
  })

  it('can take its key from a payload field, such as the store id', () => {
    const check = checkDraft(draft({ keyType: 'field', fieldPath: 'StoreId' }), 1, NOW, 1)
    expect(check.preview[0]).toMatchObject({ ok: true, record: { partitionKey: '101' } })
  })
})

describe('other payloads', () => {
  it('shows a JSON syntax error with its line and column', () => {
    const check = checkDraft(draft({ payload: 'json', body: '{\n  "a": 1,\n  "b": }' }), 1, NOW)
    expect(check.problems.body).toMatch(/not valid JSON \(line 3, column \d+\)/)
    expect(check.bodyPosition).toEqual({ line: 3, column: 8 })
    // "Go to line 3, column 8" puts the caret on the offending brace.
    const body = '{\n  "a": 1,\n  "b": }'
    expect(body[offsetOf(body, 3, 8)]).toBe('}')
    expect(offsetOf(body, 1, 1)).toBe(0)
    expect(offsetOf(body, 9, 9)).toBe(body.length)
  })

  it('sends base64 and hex as the bytes they spell', () => {
    const hex = checkDraft(draft({ payload: 'hex', body: 'f3 89 9a c2' }), 1, NOW, 1).preview[0]
    const b64 = checkDraft(draft({ payload: 'base64', body: '84matA==' }), 1, NOW, 1).preview[0]
    if (hex?.ok !== true || b64?.ok !== true) throw new Error('expected records')
    expect([...hex.record.data]).toEqual([0xf3, 0x89, 0x9a, 0xc2])
    expect(bytesToBase64(b64.record.data)).toBe('84matA==')
    expect(checkDraft(draft({ payload: 'hex', body: 'zz' }), 1, NOW).problems.body).toMatch(/not valid hex/)
  })

  it('refuses what Kinesis refuses, with the reason: key length, record size, hash key range', () => {
    expect(checkDraft(draft({ fixedKey: '' }), 1, NOW).problems.partitionKey).toMatch(/1–256/)
    expect(checkDraft(draft({ fixedKey: 'k'.repeat(MAX_PARTITION_KEY_LENGTH + 1) }), 1, NOW).problems.partitionKey).toMatch(/at most 256/)
    // Against the stream's own limit, from its summary: 1 MiB by default, up to 10 MiB.
    const body = 'x'.repeat(1024 * 1024)
    const onDefault = checkDraft(draft({ payload: 'text', body }), 1, NOW, 3, { maxRecordBytes: 1024 * 1024, stream: 'Orders' }).problems.body
    expect(onDefault).toBe('Stream Orders takes records of at most 1 MiB (1,048,576 bytes) of data plus partition key; this one is 1,048,584 bytes.')
    expect(checkDraft(draft({ payload: 'text', body }), 1, NOW, 3, { maxRecordBytes: 10 * 1024 * 1024, stream: 'Big' }).problems).toEqual({})
    // Before the summary is known: the most any stream takes.
    expect(checkDraft(draft({ payload: 'text', body: 'x'.repeat(10 * 1024 * 1024) }), 1, NOW).problems.body).toMatch(/at most 10 MiB .*the most any stream takes/)
    expect(checkDraft(draft({ hashKey: String(2n ** 128n) }), 1, NOW).problems.explicitHashKey).toMatch(/2\^128−1/)
    expect(checkDraft(draft({ hashKey: '12ab' }), 1, NOW).problems.explicitHashKey).toMatch(/decimal digits/)
  })

  it('previews exactly the records a bulk run with the same seed renders', () => {
    const d = draft({ payload: 'json', body: '{"n":{{counter}},"id":"{{uuid}}","v":{{int:1:1000}}}', keyType: 'random' })
    const compiled = compileTemplate(draftTemplate(d))
    if (!compiled.ok) throw new Error('expected a template')
    const preview = checkDraft(d, 42, NOW, 3).preview
    preview.forEach((result, i) => expect(result).toEqual(compiled.render(seededRenderContext(42, i, NOW))))
    expect(checkDraft(d, 43, NOW, 1).preview[0]).not.toEqual(preview[0])
  })
})

describe('templates and shards', () => {
  it('loads a saved template into the editor and writes it back unchanged', () => {
    const template = {
      encoding: 'text' as const,
      body: 'hello {{counter}}',
      gzip: true,
      partitionKey: { type: 'fixed' as const, value: 'store-{{int:1:9}}' },
      explicitHashKey: '42'
    }
    expect(draftTemplate(draftFromTemplate(template, initialDraft))).toEqual(template)
  })

  it('starts a JSON body from the order it replaces', () => {
    const next = withPayloadKind(initialDraft, 'json')
    expect(next.body).toBe(orderBody(initialDraft.order))
    expect(withPayloadKind({ ...next, body: 'mine' }, 'text').body).toBe('mine')
  })

  it('sends to a shard by the start of its hash-key range', () => {
    const shard = { ...shardFixture('shardId-000000000001'), hashKeyStart: '170141183460469231731687303715884105728' }
    expect(hashKeyForShard(shard)).toBe('170141183460469231731687303715884105728')
    expect(checkDraft(draft({ hashKey: hashKeyForShard(shard) }), 1, NOW, 1).preview[0]).toMatchObject({
      ok: true,
      record: { explicitHashKey: '170141183460469231731687303715884105728' }
    })
  })
})
