import { homedir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectDiagnostics } from '../../../src/main/core/diagnostics/diagnostics'

describe('Copy diagnostics', () => {
  it('has versions, the connection kind and region, and the log file — no profile, endpoint or credentials', () => {
    const d = collectDiagnostics({
      appVersion: '1.2.3',
      active: {
        connectionId: 'saved:abc',
        name: 'Prod account 123456789012',
        kind: 'profile',
        region: 'eu-west-1',
        endpoint: 'https://user:secret@vpce-1234.kinesis.eu-west-1.vpce.amazonaws.com',
        profile: 'prod-admin',
        services: {
          cloudwatch: { available: true, endpoint: 'https://monitoring.eu-west-1.amazonaws.com' },
          dynamodb: { available: false, reason: 'none' },
          glue: { available: false, reason: 'none' }
        }
      },
      logFile: join(homedir(), '.config', 'Kinesis Inspector', 'logs', 'main.log'),
      versions: { ...process.versions, electron: '41.7.1', chrome: '146.0.0.0' },
      platform: 'linux x64'
    })
    expect(d).toMatchObject({
      app: '1.2.3',
      electron: '41.7.1',
      chrome: '146.0.0.0',
      node: process.versions.node,
      platform: 'linux x64',
      connection: { kind: 'profile', region: 'eu-west-1', customEndpoint: true },
      logFile: join('~', '.config', 'Kinesis Inspector', 'logs', 'main.log')
    })
    expect(d.awsSdk).toMatch(/^\d+\.\d+\.\d+$/)
    expect(d.text).toContain('Connection: profile, region eu-west-1, custom endpoint')
    const everything = JSON.stringify(d)
    for (const secret of ['123456789012', 'prod-admin', 'secret', 'vpce-1234', 'Prod account', 'saved:abc', homedir()]) {
      expect(everything).not.toContain(secret)
    }
  })

  it('says when there is no Electron and no connection', () => {
    const d = collectDiagnostics({ appVersion: '1.2.3', active: null, logFile: null, versions: { ...process.versions, electron: undefined as unknown as string } })
    expect(d.text).toContain('Electron: none (web host)')
    expect(d.text).toContain('Connection: none')
  })
})
