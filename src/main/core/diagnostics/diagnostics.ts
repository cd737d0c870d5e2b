/**
 * "Copy diagnostics": what a bug report needs and nothing a user would not want to paste in
 * one. Versions and the platform, the active connection's kind and region, whether it uses a
 * custom endpoint (not which: an endpoint URL can carry a host name or a secret), and where
 * the log is (with the home folder written as ~). Never credentials, account ids or profile names.
 */
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import type { ActiveConnection, Diagnostics } from '../../../shared/domain'

export interface DiagnosticsSource {
  appVersion: string
  active: ActiveConnection | null
  logFile: string | null
  versions?: NodeJS.ProcessVersions
  platform?: string
}

let sdkVersion: string | null = null

function awsSdkVersion(): string {
  if (sdkVersion === null) {
    try {
      sdkVersion = (createRequire(__filename)('@aws-sdk/client-kinesis/package.json') as { version: string }).version
    } catch {
      sdkVersion = 'unknown'
    }
  }
  return sdkVersion
}

export function collectDiagnostics(source: DiagnosticsSource): Diagnostics {
  const versions = source.versions ?? process.versions
  const home = homedir()
  const logFile = source.logFile !== null && home !== '' && source.logFile.startsWith(home) ? `~${source.logFile.slice(home.length)}` : source.logFile
  const connection =
    source.active !== null
      ? { kind: source.active.kind, region: source.active.region, customEndpoint: source.active.endpoint !== null }
      : null
  const fields: Omit<Diagnostics, 'text'> = {
    app: source.appVersion,
    electron: versions.electron ?? null,
    chrome: versions.chrome ?? null,
    node: versions.node,
    awsSdk: awsSdkVersion(),
    platform: source.platform ?? `${process.platform} ${process.arch}`,
    connection,
    logFile
  }
  const lines = [
    `Kinesis Inspector ${fields.app}`,
    `Electron: ${fields.electron ?? 'none (web host)'}`,
    ...(fields.chrome !== null ? [`Chrome: ${fields.chrome}`] : []),
    `Node: ${fields.node}`,
    `AWS SDK for JavaScript (client-kinesis): ${fields.awsSdk}`,
    `Platform: ${fields.platform}`,
    connection !== null
      ? `Connection: ${connection.kind}, region ${connection.region}${connection.customEndpoint ? ', custom endpoint' : ''}`
      : 'Connection: none',
    `Log file: ${fields.logFile ?? 'none (kept in memory)'}`
  ]
  return { ...fields, text: lines.join('\n') }
}
