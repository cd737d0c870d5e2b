/**
 * Arbitraries for the property tests that drive random and malformed calls through each host's
 * entry point (test/integration/fuzz-*.test.ts): valid calls of every operation, near-valid ones
 * (a field dropped, replaced by anything, a prototype-pollution key added), and plain garbage.
 */
import fc from 'fast-check'
import { operationNames, type OperationName } from '../../src/shared/contract'
import { MAX_CALL_BYTES } from '../../src/main/host/web/web-host'

export const FUZZ_STREAM = 'FuzzStream'
const sequence = '49590338271490256608559692538361571095921575989136588898'
const shard = 'shardId-000000000000'
const template = {
  encoding: 'json',
  body: '{"orderId":"{{uuid}}"}',
  gzip: false,
  partitionKey: { type: 'random' },
  explicitHashKey: null
}

/** One valid input for every operation (the fuzz then breaks them). */
export const validInputs: Record<OperationName, readonly unknown[]> = {
  'connections.list': [{}],
  'connections.save': [
    { name: 'Fuzz endpoint', kind: 'endpoint', endpoint: 'http://127.0.0.1:1', region: 'us-east-1' },
    { name: 'Fuzz profile', kind: 'profile', profile: 'nobody', region: 'eu-west-1' }
  ],
  'connections.remove': [{ id: 'saved:nothing' }],
  'connections.select': [{ id: 'default' }, { id: 'nope' }],
  'connections.active': [{}],
  'connections.cancelSelect': [{}],
  'app.diagnostics': [{}],
  'streams.list': [{}],
  'streams.describe': [{ name: FUZZ_STREAM }, { name: 'Missing' }],
  'streams.shards': [{ name: FUZZ_STREAM }],
  'streams.create': [{ name: 'FuzzCreated', mode: 'PROVISIONED', shardCount: 1 }, { name: 'FuzzOnDemand', mode: 'ON_DEMAND' }],
  'streams.delete': [{ name: 'FuzzCreated', confirmName: 'FuzzCreated' }, { name: 'Missing', confirmName: 'Other' }],
  'reader.start': [
    { stream: FUZZ_STREAM, shardIds: null, position: { type: 'TRIM_HORIZON' }, mode: 'read', stop: { maxRecords: 5 } },
    { stream: FUZZ_STREAM, shardIds: [shard], position: { type: 'AT_SEQUENCE_NUMBER', sequenceNumber: sequence, shardId: shard }, mode: 'read' },
    // Not AT_TIMESTAMP: kinesalite never answers GetShardIterator AT_TIMESTAMP from this SDK (the
    // call hangs until the reader's timeout), which only slows the fuzz down.
    { stream: FUZZ_STREAM, shardIds: null, position: { type: 'LATEST' }, mode: 'read', stop: { maxRecords: 1 } },
    {
      stream: FUZZ_STREAM,
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read',
      stop: { maxRecords: 2 },
      budget: 'gentle',
      search: { filter: { text: 'order', regex: '', partitionKey: '', partitionKeyMode: 'contains', field: '', from: null, to: null }, saveMatches: false }
    }
  ],
  'reader.estimate': [{ stream: FUZZ_STREAM, shardIds: null, position: { type: 'TRIM_HORIZON' } }],
  'reader.pause': [{ sessionId: 'none' }],
  'reader.ack': [{ delivery: 1 }],
  'streams.routeKey': [{ name: FUZZ_STREAM, partitionKey: 'weborder' }],
  // A stream that does not exist: a sample of a real one would read for its full seconds.
  'streams.sampleLoad': [{ name: 'NoSuchStream', seconds: 1, maxRecords: 10 }],
  'streams.setMaxRecordSize': [{ name: 'NoSuchStream', maxRecordSizeKiB: 10240, confirmName: 'NoSuchStream' }],
  'streams.reshard': [{ name: 'NoSuchStream', confirmName: 'NoSuchStream', action: { type: 'merge', shardId: shard, adjacentShardId: 'shardId-000000000001' } }],
  'streams.setRecordDistribution': [{ name: 'NoSuchStream', strategy: 'AUTO', confirmName: 'NoSuchStream' }],
  'streams.tags': [{ name: FUZZ_STREAM }],
  'streams.configure': [{ name: 'NoSuchStream', confirmName: 'NoSuchStream', change: { type: 'retention', hours: 48 } }, { name: 'NoSuchStream', confirmName: null, change: { type: 'tags', add: [{ key: 'team', value: 'qa' }], remove: [] } }],
  'connections.accountSettings': [{}],
  'consumers.list': [{ stream: FUZZ_STREAM }],
  'consumers.channels': [{ stream: FUZZ_STREAM }],
  'consumers.lambdaMappings': [{ stream: FUZZ_STREAM }],
  'leases.tables': [{}],
  'leases.read': [{ table: 'NoSuchTable', stream: FUZZ_STREAM }],
  'leases.planRewind': [
    { table: 'NoSuchTable', stream: FUZZ_STREAM, leaseKeys: null, target: { type: 'TRIM_HORIZON' }, requestId: 'fuzz-plan' },
    { table: 'NoSuchTable', stream: FUZZ_STREAM, leaseKeys: [shard], target: { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: sequence }, requestId: 'fuzz-plan-2' }
  ],
  'leases.rewind': [{ planId: 'no-plan', requestId: 'fuzz-rewind', confirmName: 'NoSuchTable', watchMs: 0 }],
  'leases.undoRewind': [{ rewindId: 'no-rewind' }],
  'leases.cancelRewind': [{ requestId: 'fuzz-plan' }],
  'metrics.stream': [{ stream: FUZZ_STREAM, range: { type: 'preset', preset: '1h' } }, { stream: FUZZ_STREAM, range: { type: 'custom', start: 0, end: 3_600_000 } }],
  'metrics.shardLoad': [{ stream: FUZZ_STREAM, minutes: 60 }],
  'metrics.observed': [{ stream: FUZZ_STREAM }],
  'reader.resume': [{ sessionId: 'none' }],
  'reader.stop': [{ sessionId: 'none' }],
  'producer.put': [{ stream: FUZZ_STREAM, partitionKey: 'k', explicitHashKey: null, dataBase64: 'eyJhIjoxfQ==', gzip: false }],
  'producer.startBulk': [{ stream: FUZZ_STREAM, template, count: 3, ratePerSecond: null, aggregate: false, seed: 1 }],
  'producer.cancel': [{ jobId: 'none' }],
  'producer.encode': [
    { schema: { kind: 'gsr', schemaVersionId: '00000000-0000-0000-0000-000000000000', compression: 'zlib' }, json: '{"a":1}' },
    { schema: { kind: 'file', fileName: 'o.avsc', format: 'AVRO', definition: '"string"', messageName: null }, json: '"x"' }
  ],
  'registry.registries': [{}],
  'registry.schemas': [{ registryName: 'orders' }],
  'registry.versions': [{ registryName: 'orders', schemaName: 'OrderPlaced' }],
  'registry.version': [{ schemaVersionId: '00000000-0000-0000-0000-000000000000' }],
  'templates.list': [{}],
  'templates.save': [{ name: 'Fuzz', template }],
  'templates.remove': [{ id: 'none' }],
  'templates.import': [{ content: '[]' }, { content: '{"templates": [null, 1, {"__proto__": {"x": 1}}]}' }],
  'schemas.list': [{ stream: 'FuzzStream' }],
  'schemas.attach': [
    { stream: 'FuzzStream', fileName: 'broken.proto', format: 'PROTOBUF', messageName: 'X', scope: { kind: 'plain' }, definition: 'message {' },
    { stream: 'FuzzStream', fileName: 'a.avsc', format: 'AVRO', messageName: null, scope: { kind: 'confluent', schemaId: 7 }, definition: '{"type": "string"}' }
  ],
  'schemas.detach': [{ id: 'none' }],
  'replay.create': [{}],
  'replay.append': [{ draftId: 'none', records: [{ partitionKey: 'k', explicitHashKey: null, dataBase64: 'AA==' }] }],
  'replay.plan': [{ draftId: 'none', target: { connectionId: null, stream: FUZZ_STREAM } }],
  'replay.start': [{ draftId: 'none', target: { connectionId: null, stream: FUZZ_STREAM }, ratePerSecond: 10, confirmName: null }, { draftId: 'none', target: { connectionId: null, stream: FUZZ_STREAM }, ratePerSecond: null, confirmName: FUZZ_STREAM, skipTooLarge: true }],
  'replay.discard': [{ draftId: 'none' }],
  'files.saveExport': [{ suggestedName: 'records.json', content: '[]' }]
}

const pollutionKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty']

/** Anything at all, with the types a structured clone (Electron IPC) can carry when `cloneable`. */
export function anyValue(cloneable: boolean): fc.Arbitrary<unknown> {
  return fc.anything({
    maxDepth: 3,
    maxKeys: 5,
    withBigInt: cloneable,
    withDate: cloneable,
    withMap: cloneable,
    withSet: cloneable,
    withTypedArray: cloneable,
    withSparseArray: cloneable,
    withNullPrototype: cloneable,
    withBoxedValues: cloneable,
    key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...pollutionKeys))
  })
}

/** A valid input broken in one place: a key dropped, a value replaced, a pollution key added. */
function mutated(input: unknown, cloneable: boolean): fc.Arbitrary<unknown> {
  if (typeof input !== 'object' || input === null) return fc.constant(input)
  const keys = Object.keys(input)
  const replaceOne =
    keys.length === 0
      ? fc.constant(input)
      : fc.tuple(fc.constantFrom(...keys), anyValue(cloneable)).map(([key, value]) => ({ ...input, [key]: value }))
  const dropOne =
    keys.length === 0
      ? fc.constant(input)
      : fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(input).filter(([k]) => k !== key)))
  const pollute = fc.tuple(fc.constantFrom(...pollutionKeys), anyValue(cloneable)).map(([key, value]) => {
    const copy: Record<string, unknown> = { ...input }
    Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true })
    return copy
  })
  return fc.oneof(replaceOne, dropOne, pollute)
}

export interface FuzzCall {
  operation: unknown
  input: unknown
}

/** A call: a real operation with a valid, near-valid or random input; or an operation that is not one. */
export function callArb(cloneable: boolean): fc.Arbitrary<FuzzCall> {
  const known = fc.constantFrom(...operationNames)
  const validCall = known.chain((operation) =>
    fc.constantFrom(...validInputs[operation]).map((input) => ({ operation, input }))
  )
  const nearValid = known.chain((operation) =>
    fc.constantFrom(...validInputs[operation]).chain((input) => mutated(input, cloneable).map((broken) => ({ operation, input: broken })))
  )
  const randomInput = fc.record({ operation: known, input: anyValue(cloneable) })
  const unknownOperation = fc.record({
    operation: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...pollutionKeys, 'streams.', '.list', 'streams.list.x'), anyValue(false)),
    input: anyValue(cloneable)
  })
  return fc.oneof(
    { arbitrary: validCall, weight: 2 },
    { arbitrary: nearValid, weight: 5 },
    { arbitrary: randomInput, weight: 2 },
    { arbitrary: unknownOperation, weight: 1 }
  )
}

export type SocketMessage =
  | { kind: 'call'; id: number; text: string }
  | { kind: 'garbage'; text: string }
  | { kind: 'binary'; bytes: Uint8Array }

const HUGE = MAX_CALL_BYTES + 100

/** What a page could write on the socket: calls, broken calls, non-JSON, binary, oversized. */
export function socketMessageArb(): fc.Arbitrary<SocketMessage> {
  const id = fc.integer({ min: 1, max: 2 ** 31 })
  const call = fc.tuple(id, callArb(false)).map(([id, c]): SocketMessage => ({
    kind: 'call',
    id,
    text: JSON.stringify({ type: 'call', id, operation: c.operation, input: c.input }) ?? 'null'
  }))
  const badEnvelope = fc
    .record({ type: fc.oneof(fc.constant('call'), anyValue(false)), id: anyValue(false), operation: anyValue(false), input: anyValue(false) }, { requiredKeys: [] })
    .filter((m) => !(m.type === 'call' && typeof m.id === 'number' && Number.isSafeInteger(m.id)))
    .map((m): SocketMessage => ({ kind: 'garbage', text: JSON.stringify(m) ?? 'null' }))
  const jsonValue = fc.jsonValue({ maxDepth: 3 }).filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
  const notAnObject = jsonValue.map((v): SocketMessage => ({ kind: 'garbage', text: JSON.stringify(v) }))
  const notJson = fc.string({ unit: 'grapheme', maxLength: 60 }).map((text): SocketMessage => ({ kind: 'garbage', text }))
  const handWritten = fc
    .constantFrom(
      '{"__proto__":{"polluted":true},"type":"call","id":1}',
      '{"type":"call","id":1,"operation":"connections.list","input":{"__proto__":{"polluted":true}}}',
      '{"type":"call","id":2,"operation":{"toString":1},"input":{}}',
      '{"type":"call","id":3,"operation":"streams.describe","input":{"name":{"toString":1,"valueOf":1}}}',
      '{"type":"call","id":9007199254740993}',
      '{"type":"call","id":-0}',
      '{"type":"call","id":1e400}',
      '',
      '\u0000',
      '{'.repeat(10_000)
    )
    .map((text): SocketMessage => ({ kind: 'garbage', text }))
  const binary = fc.uint8Array({ maxLength: 64 }).map((bytes): SocketMessage => ({ kind: 'binary', bytes }))
  const hugeCall = id.map((id): SocketMessage => ({
    kind: 'call',
    id,
    text: JSON.stringify({ type: 'call', id, operation: 'templates.import', input: { content: 'x'.repeat(HUGE) } })
  }))
  const hugeGarbage = fc.constant<SocketMessage>({ kind: 'garbage', text: ' '.repeat(HUGE) })
  // Oversized messages are past the web host's call cap (24 MiB, so that a 10 MiB record fits):
  // about 1 in 300, so that 10,000 runs stay well under a gigabyte over the socket.
  return fc.oneof(
    { arbitrary: call, weight: 200 },
    { arbitrary: badEnvelope, weight: 30 },
    { arbitrary: notAnObject, weight: 20 },
    { arbitrary: notJson, weight: 20 },
    { arbitrary: handWritten, weight: 20 },
    { arbitrary: binary, weight: 10 },
    { arbitrary: fc.oneof(hugeCall, hugeGarbage), weight: 1 }
  )
}
