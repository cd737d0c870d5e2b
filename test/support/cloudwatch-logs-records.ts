/**
 * Records as a CloudWatch Logs subscription filter puts them on a Kinesis stream: the gzip of one
 * JSON document, with the field names, order and control message of the AWS documentation
 * ("Using CloudWatch Logs subscription filters", "Example 1: Subscription filters with Kinesis").
 */
import { gzipSync } from 'node:zlib'

export interface LogEventInput {
  message: string
  timestamp: number
}

/** A 56-digit event id, as CloudWatch Logs writes them (decimal, derived here from the time). */
export const logEventId = (timestamp: number, i: number): string => `${timestamp}${String(i).padStart(8, '0')}`.padEnd(56, '7')

export function dataMessage(events: readonly LogEventInput[], logGroup = '/aws/lambda/order-service', logStream = '2026/12/07/[$LATEST]0a1b2c3d'): Buffer {
  return gzipSync(
    Buffer.from(
      JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup,
        logStream,
        subscriptionFilters: ['orders-to-kinesis'],
        logEvents: events.map((e, i) => ({ id: logEventId(e.timestamp, i), timestamp: e.timestamp, message: e.message }))
      })
    )
  )
}

/** What CloudWatch Logs puts first when a subscription filter is created: a health check. */
export function controlMessage(timestamp: number): Buffer {
  return gzipSync(
    Buffer.from(
      JSON.stringify({
        messageType: 'CONTROL_MESSAGE',
        owner: 'CloudwatchLogs',
        logGroup: '',
        logStream: '',
        subscriptionFilters: [],
        logEvents: [{ id: '', timestamp, message: 'CWL CONTROL MESSAGE: Checking health of destination Kinesis stream.' }]
      })
    )
  )
}
