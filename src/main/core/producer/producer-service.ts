/**
 * Keeps the bulk jobs (bulk send and replay) of every client. Like read sessions, a job belongs
 * to the client that started it: it ends when that client goes away, and jobs on the active
 * connection end when the connection changes (their clients are about to be destroyed).
 */
import { randomUUID } from 'node:crypto'
import type { ParsedInputOf } from '../../../shared/contract'
import { AppFailure } from '../../../shared/errors'
import type { ProducerJobKind, ReplayPlan, ReplayRecord } from '../../../shared/producer'
import type { ClientContext } from '../../router'
import { toAppFailure } from '../connections/aws-errors'
import type { Connected } from '../connections/connection-manager'
import type { RecordDistributionStrategy } from '../../../shared/domain'
import { describeStream, listShards } from '../kinesis/stream-gateway'
import { evenRoute, unordered } from './auto-distribution'
import { BulkSender, type RecordSource, type SenderTuning } from './bulk-sender'
import { realClock, type SenderClock } from './clock'
import { aggregatingSource } from './kpl-aggregator'
import { fitsRecordLimit, requireFirstRecordFits, recordsThatFit, replayableRecords, tooLargeRecords } from './record-limits'
import { sdkPutRecords } from './put-records'
import { encodeRendered, replaySource, routeFor, templateProblem, templateSource, type Route } from './record-source'
import type { SchemaEncoder } from '../schemas/schema-writer'
import { compileTemplate, seededRenderContext, type RecordTemplate } from '../../../shared/producer'
import { requireWritable } from './single-put'

/** Confirmed records, for the metrics a colleague wires later ("observed by the app"). */
export type ObserveWrites = (stream: string, shardId: string, records: number, bytes: number) => void

export interface ProducerServiceOptions {
  clock?: SenderClock
  tuning?: Partial<SenderTuning>
  observe?: ObserveWrites
}

interface Job {
  sender: BulkSender
  clientId: string
  connectionId: string
}

export class ProducerService {
  private readonly jobs = new Map<string, Job>()

  constructor(private readonly options: ProducerServiceOptions = {}) {}

  /** `schema`: the template's schema encoder (from the connection's SchemaWriter), null without one. */
  async startBulk(connection: Connected, input: ParsedInputOf<'producer.startBulk'>, client: ClientContext, schema: SchemaEncoder | null = null): Promise<{ jobId: string }> {
    const problem = templateProblem(input.template, input.seed, Date.now())
    if (problem !== null) {
      // A JSON syntax problem's message already names its line and column.
      throw new AppFailure('INVALID_INPUT', `The template's ${problem.field} cannot be sent: ${problem.message}`, 'Fix the template; the preview shows the records as they will be sent.')
    }
    if (schema !== null) requireFirstRecordEncodes(schema, input.template, input.seed)
    const { route, recordDistribution, maxRecordBytes } = await this.prepare(connection, input.stream)
    requireFirstRecordFits(input.template, input.seed, Date.now(), maxRecordBytes, input.stream)
    let source: RecordSource = templateSource(input.template, input.seed, input.count, route, Date.now, { maxRecordBytes, stream: input.stream }, schema)
    if (input.aggregate) {
      // With a slow chosen rate, small aggregates: records should not wait long to be packed.
      source = aggregatingSource(source, input.ratePerSecond === null ? Infinity : Math.max(1, Math.floor(input.ratePerSecond / 2)))
    }
    if (recordDistribution === 'AUTO') source = unordered(source)
    return this.run('bulk', connection, input.stream, source, input.count, input.ratePerSecond, client, maxRecordBytes)
  }

  /** The dry run: how many of the draft's records go to each open shard of the target. */
  async plan(connection: Connected, draftId: string, stream: string, records: readonly ReplayRecord[]): Promise<ReplayPlan> {
    const shards = await this.listOpen(connection, stream)
    const { maxRecordBytes } = await requireWritable(connection, stream)
    const recordDistribution = await distributionOf(connection, stream)
    const open = shards.filter((s) => s.open)
    const confirm = needsConfirmation(connection)
    // Counted against the target's own limit: a replay onto a 1 MiB stream of records read from a 10 MiB one.
    const tooLarge = tooLargeRecords(records, maxRecordBytes)
    if (recordDistribution === 'AUTO') {
      // Kinesis spreads them evenly and ignores their keys: a per-shard prediction would be wrong.
      return { draftId, stream, total: records.length, tooLarge, perShard: [], recordDistribution, openShardCount: open.length, needsConfirmation: confirm }
    }
    const route = routeFor(shards)
    const counts = new Map(open.map((s) => [s.shardId, 0]))
    // Per shard, the records that can go: the larger ones are skipped or the replay does not start.
    for (const r of tooLarge === null ? records : recordsThatFit(records, maxRecordBytes)) {
      const shardId = route(r.partitionKey, r.explicitHashKey)
      counts.set(shardId, (counts.get(shardId) ?? 0) + 1)
    }
    return {
      draftId,
      stream,
      total: records.length,
      tooLarge,
      perShard: [...counts].map(([shardId, n]) => ({ shardId, records: n })).sort((a, b) => a.shardId.localeCompare(b.shardId)),
      recordDistribution,
      openShardCount: open.length,
      needsConfirmation: confirm
    }
  }

  async startReplay(
    connection: Connected,
    input: { stream: string; ratePerSecond: number | null; confirmName: string | null; skipTooLarge: boolean },
    records: readonly ReplayRecord[],
    client: ClientContext
  ): Promise<{ jobId: string }> {
    if (needsConfirmation(connection) && input.confirmName !== input.stream) {
      throw new AppFailure(
        'CONFIRMATION_MISMATCH',
        `The confirmation "${input.confirmName ?? ''}" does not match the target stream name "${input.stream}".`,
        `Type the target stream's name exactly to replay ${records.length.toLocaleString('en-US')} records onto it.`
      )
    }
    if (records.length === 0) throw new AppFailure('INVALID_INPUT', 'The replay has no records.', 'Add records to the replay first.')
    const { route, recordDistribution, maxRecordBytes } = await this.prepare(connection, input.stream)
    const sending = replayableRecords(records, maxRecordBytes, input.stream, input.skipTooLarge)
    // A copy: the draft may still grow or be discarded while the replay runs. The records over
    // the limit (when skipped) are passed over there, so the others keep their places in the replay.
    const source = replaySource([...records], route, (record) => fitsRecordLimit(record, maxRecordBytes))
    return this.run('replay', connection, input.stream, recordDistribution === 'AUTO' ? unordered(source) : source, sending.length, input.ratePerSecond, client, maxRecordBytes)
  }

  cancel(jobId: string, client: ClientContext): 'cancelling' | 'ended' {
    const job = this.jobs.get(jobId)
    if (job === undefined || job.clientId !== client.clientId) {
      throw new AppFailure('SESSION_NOT_FOUND', `Job ${jobId} is not running.`, 'It has ended; its report is in the history.')
    }
    return job.sender.cancel('cancelled')
  }

  /** The connection is changing: its clients go, so its jobs end now (calls in flight: outcome unknown). */
  stopOnConnection(connectionId: string): void {
    for (const job of [...this.jobs.values()]) if (job.connectionId === connectionId) job.sender.cancel('cancelled', true)
  }

  stopAll(): void {
    for (const job of [...this.jobs.values()]) job.sender.cancel('cancelled', true)
  }

  get runningJobs(): number {
    return this.jobs.size
  }

  private async listOpen(connection: Connected, stream: string) {
    try {
      return await listShards(connection.clients.control, stream)
    } catch (error) {
      throw toAppFailure(error, `list the shards of ${stream}`, connection.target)
    }
  }

  /** The route the sender paces by: MD5 routing, or the open shards in turn on an AUTO stream. */
  private async prepare(connection: Connected, stream: string): Promise<{ route: Route; recordDistribution: RecordDistributionStrategy; maxRecordBytes: number }> {
    const { maxRecordBytes } = await requireWritable(connection, stream)
    const [shards, recordDistribution] = await Promise.all([this.listOpen(connection, stream), distributionOf(connection, stream)])
    return { route: recordDistribution === 'AUTO' ? evenRoute(shards) : routeFor(shards), recordDistribution, maxRecordBytes }
  }

  private run(
    kind: ProducerJobKind,
    connection: Connected,
    stream: string,
    source: RecordSource,
    total: number | null,
    ratePerSecond: number | null,
    client: ClientContext,
    maxRecordBytes: number
  ): { jobId: string } {
    const jobId = `${kind}-${randomUUID()}`
    const observe = this.options.observe
    let release = (): void => undefined
    const sender = new BulkSender({
      jobId,
      kind,
      clock: this.options.clock ?? realClock,
      putRecords: sdkPutRecords(connection.clients.reader, stream, connection.target),
      source,
      total,
      ratePerSecond,
      maxRecordBytes,
      ...(this.options.tuning !== undefined ? { tuning: this.options.tuning } : {}),
      progress: (progress) => client.emit('producer.progress', progress),
      ended: (report) => {
        this.jobs.delete(jobId)
        release()
        client.emit('producer.ended', report)
      },
      ...(observe !== undefined ? { observe: (shardId: string, records: number, bytes: number) => observe(stream, shardId, records, bytes) } : {})
    })
    this.jobs.set(jobId, { sender, clientId: client.clientId, connectionId: connection.active.connectionId })
    release = client.onDispose(() => sender.cancel('client-gone', true))
    sender.start()
    return { jobId }
  }
}

/** The stream's record distribution strategy (DescribeStreamSummary). */
async function distributionOf(connection: Connected, stream: string): Promise<RecordDistributionStrategy> {
  try {
    return (await describeStream(connection.clients.control, stream)).recordDistribution
  } catch (error) {
    throw toAppFailure(error, `describe stream ${stream}`, connection.target)
  }
}

/** Replay to anything but the sandbox asks the user to type the target stream's name. */
function needsConfirmation(connection: Connected): boolean {
  return connection.active.kind !== 'sandbox'
}

/** Record 0 must fit the template's schema (as it must fit the template) before anything is sent. */
function requireFirstRecordEncodes(encoder: SchemaEncoder, template: RecordTemplate, seed: number): void {
  const compiled = compileTemplate(template)
  const first = compiled.ok ? compiled.render(seededRenderContext(seed, 0, Date.now())) : null
  const encoded = first?.ok === true ? encodeRendered(encoder, first.record.text) : null
  if (typeof encoded === 'string') {
    throw new AppFailure('INVALID_INPUT', `Record 0 does not fit the schema. ${encoded}`, 'Fix the template; the Send tab checks it against the schema as you type.')
  }
}
