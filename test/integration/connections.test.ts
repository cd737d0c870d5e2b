import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest'
import { AppCore } from '../../src/main/core/app-core'
import type { Env } from '../../src/main/core/connections/aws-environment'
import { TestClient } from '../support/test-client'

let dir: string
const cores: AppCore[] = []

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ki-connections-'))
})
afterEach(async () => {
  await Promise.all(cores.splice(0).map((c) => c.dispose()))
  await rm(dir, { recursive: true, force: true })
})

/** A core whose AWS config files live in the test's own folder: ~/.aws never leaks in. */
function start(env: Env = {}, userDataDir: string | null = join(dir, 'user-data')): TestClient {
  const core = new AppCore({
    env: { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'), ...env },
    userDataDir
  })
  cores.push(core)
  return new TestClient(core.handlers())
}

describe('connections', () => {
  it('opens on the sandbox when nothing about AWS is configured, with a seeded OrderStream', async () => {
    const c = start()
    const state = await c.call('connections.list', {})
    expect(state.initialId).toBe('sandbox')
    const active = await c.call('connections.select', { id: state.initialId })
    expect(active).toMatchObject({ kind: 'sandbox', region: 'us-east-1' })
    expect(active.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await c.call('streams.list', {})).map((s) => s.name)).toEqual(['OrderStream'])
    const shards = await c.call('streams.shards', { name: 'OrderStream' })
    expect(shards).toHaveLength(2)
    expect(shards.map((s) => s.keySpaceShare)).toEqual([0.5, 0.5])
  })

  it('keeps sandbox data across restarts and seeds it only once', async () => {
    const first = start()
    await first.call('connections.select', { id: 'sandbox' })
    await first.call('streams.create', { name: 'Kept', mode: 'PROVISIONED', shardCount: 1 })
    await cores.splice(0)[0]?.dispose()

    const second = start()
    await second.call('connections.select', { id: 'sandbox' })
    expect((await second.call('streams.list', {})).map((s) => s.name).sort()).toEqual(['Kept', 'OrderStream'])
    const { sessionId } = await second.call('reader.start', {
      stream: 'OrderStream',
      shardIds: null,
      position: { type: 'TRIM_HORIZON' },
      mode: 'read'
    })
    const ended = await second.ended(sessionId)
    expect(ended.reason).toBe('completed')
    expect(ended.delivered).toBe(12) // the sample orders, not twice
    const order = JSON.parse(second.records(sessionId)[0]?.text ?? '{}') as Record<string, unknown>
    expect(Object.keys(order)).toEqual(['Id', 'Source', 'StoreId', 'PizzaId', 'Timestamp'])
  })

  it('follows AWS_ENDPOINT_URL_KINESIS like the AWS CLI and opens on it', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const c = start({ AWS_ENDPOINT_URL_KINESIS: endpoint, AWS_REGION: 'eu-west-1' })
    const state = await c.call('connections.list', {})
    expect(state.initialId).toBe('default')
    expect(state.connections.find((x) => x.id === 'default')?.description).toContain(endpoint)
    const active = await c.call('connections.select', { id: 'default' })
    expect(active).toMatchObject({ kind: 'default', endpoint, region: 'eu-west-1' })
    expect(Array.isArray(await c.call('streams.list', {}))).toBe(true)
  })

  it('opens on the connection KINESIS_INSPECTOR_CONNECTION names, whatever else is configured', async () => {
    const c = start({ KINESIS_INSPECTOR_CONNECTION: 'sandbox', AWS_REGION: 'eu-west-1', AWS_PROFILE: 'x' })
    expect((await c.call('connections.list', {})).initialId).toBe('sandbox')
  })

  it('lists profiles from the shared config files, with endpoint_url from a services section', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    await writeFile(
      join(dir, 'config'),
      [
        '[default]', 'region = us-east-1',
        '[profile local]', 'region = us-east-1', 'services = emulator',
        '[services emulator]', 'kinesis =', `  endpoint_url = ${endpoint}`,
        '[profile work-sso]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = eu-west-1',
        '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1'
      ].join('\n')
    )
    await writeFile(join(dir, 'credentials'), '[local]\naws_access_key_id = AKIDLOCAL\naws_secret_access_key = secret\n')
    const c = start()
    const state = await c.call('connections.list', {})
    expect(state.profiles).toEqual(['default', 'local', 'work-sso'])
    expect(state.initialId).toBe('default')
    const local = state.connections.find((x) => x.id === 'profile:local')
    expect(local).toMatchObject({ kind: 'profile', endpoint, region: 'us-east-1' })
    const active = await c.call('connections.select', { id: 'profile:local' })
    expect(active).toMatchObject({ profile: 'local', endpoint })
    // Credentials never reach the renderer.
    expect(JSON.stringify([state, active])).not.toMatch(/AKIDLOCAL|secret/)
  })

  it('signs the default connection with the profile AWS_DEFAULT_PROFILE names, as it shows', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    await writeFile(join(dir, 'config'), `[profile work]\nregion = eu-west-1\nendpoint_url = ${endpoint}\n`)
    await writeFile(join(dir, 'credentials'), '[work]\naws_access_key_id = AKIDWORK\naws_secret_access_key = secret\n')
    const c = start({ AWS_DEFAULT_PROFILE: 'work' })
    const state = await c.call('connections.list', {})
    expect(state.connections.find((x) => x.id === 'default')?.description).toContain('profile work · eu-west-1')
    const active = await c.call('connections.select', { id: 'default' })
    expect(active).toMatchObject({ kind: 'default', profile: 'work', region: 'eu-west-1', endpoint })
  })

  it('says to run aws sso login for an SSO profile without a valid token', async () => {
    await writeFile(
      join(dir, 'config'),
      [
        '[profile work-sso]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Dev', 'region = eu-west-1',
        '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-west-1'
      ].join('\n')
    )
    // The SDK's SSO provider re-reads the config file from process.env, not from fromIni's
    // configFilepath: in the app the two are the same, here the test points both at its file.
    const previous = process.env.AWS_CONFIG_FILE
    process.env.AWS_CONFIG_FILE = join(dir, 'config')
    const c = start()
    const error = await c.fails('connections.select', { id: 'profile:work-sso' }).finally(() => {
      if (previous === undefined) delete process.env.AWS_CONFIG_FILE
      else process.env.AWS_CONFIG_FILE = previous
    })
    expect(error.code).toBe('SSO_TOKEN_EXPIRED')
    expect(error.hint).toContain('aws sso login --profile work-sso')
    expect(error.message).toContain('profile "work-sso"')
  })

  it('says which endpoint did not answer', async () => {
    const c = start()
    const state = await c.call('connections.save', { name: 'Nothing here', kind: 'endpoint', endpoint: 'http://127.0.0.1:1', region: 'us-east-1' })
    const saved = state.connections.find((x) => x.name === 'Nothing here')
    const error = await c.fails('connections.select', { id: saved?.id })
    expect(error.code).toBe('ENDPOINT_UNREACHABLE')
    expect(error.message).toContain('endpoint http://127.0.0.1:1')
    expect(error.hint).toContain('http://127.0.0.1:1')
    expect(await c.call('connections.active', {})).toBeNull()
  })

  it('says no credentials were found for a profile that has none, naming profile and region', async () => {
    await writeFile(join(dir, 'config'), '[profile empty]\nregion = ap-south-1\n')
    const c = start()
    const error = await c.fails('connections.select', { id: 'profile:empty' })
    expect(error.code).toBe('NO_CREDENTIALS')
    expect(error.message).toContain('profile "empty", region ap-south-1')
  })

  it('saves added connections under user data, without credentials, and removes them', async () => {
    const c = start()
    await c.call('connections.save', { name: 'LocalStack', kind: 'endpoint', endpoint: 'http://localhost:4566', region: 'us-east-1' })
    const file = await readFile(join(dir, 'user-data', 'connections.json'), 'utf8')
    expect(JSON.parse(file)).toMatchObject({ connections: [{ name: 'LocalStack', endpoint: 'http://localhost:4566' }] })
    expect(file).not.toMatch(/secret|accessKey|token/i)

    const again = start()
    const listed = (await again.call('connections.list', {})).connections.find((x) => x.name === 'LocalStack')
    expect(listed).toMatchObject({ builtin: false, kind: 'endpoint' })
    const after = await again.call('connections.remove', { id: listed?.id ?? '' })
    expect(after.connections.some((x) => x.name === 'LocalStack')).toBe(false)
    expect((await again.fails('connections.remove', { id: 'sandbox' })).code).toBe('CONNECTION_NOT_FOUND')
  })

  it('keeps every connection saved or removed at the same time', async () => {
    const c = start()
    const names = ['A', 'B', 'C', 'D', 'E']
    await Promise.all(names.map((name) => c.call('connections.save', { name, kind: 'endpoint', endpoint: 'http://localhost:4566' })))
    const saved = (await c.call('connections.list', {})).connections.filter((x) => !x.builtin)
    expect(saved.map((x) => x.name).sort()).toEqual(names)

    await Promise.all(saved.slice(0, 2).map((x) => c.call('connections.remove', { id: x.id })))
    const file = JSON.parse(await readFile(join(dir, 'user-data', 'connections.json'), 'utf8')) as { connections: { name: string }[] }
    expect(file.connections.map((x) => x.name).sort()).toEqual(saved.slice(2).map((x) => x.name).sort())
  })

  it('refuses a connection with credentials in it or a bad endpoint', async () => {
    const c = start()
    expect((await c.fails('connections.save', { name: 'x', kind: 'endpoint', endpoint: 'ftp://host' })).message).toMatch(/http:\/\/ or https:\/\//)
    expect((await c.fails('connections.save', { name: 'x', kind: 'endpoint', endpoint: 'http://h', secretAccessKey: 'k' })).code).toBe('INVALID_INPUT')
    expect((await c.fails('connections.save', { name: 'x', kind: 'profile' })).message).toMatch(/needs a profile name/)
  })

  it('refuses an endpoint URL that carries a user name or password', async () => {
    const c = start()
    for (const endpoint of ['http://AKIAEXAMPLE:s3cret@localhost:4566', 'https://user@localhost:4566']) {
      const error = await c.fails('connections.save', { name: 'x', kind: 'endpoint', endpoint })
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).not.toContain('s3cret')
    }
    const error = await c.fails('connections.save', { name: 'x', kind: 'profile', profile: 'p', glueEndpoint: 'http://u:s3cret@localhost:1' })
    expect(error.code).toBe('INVALID_INPUT')
  })

  it('never shows the renderer a password in an endpoint from the environment or a profile', async () => {
    const endpoint = inject('kinesisLocalEndpoint')
    const withPassword = endpoint.replace('://', '://user:env-s3cret@')
    await writeFile(
      join(dir, 'config'),
      '[profile keyed]\nregion = eu-west-1\nendpoint_url = http://user:profile-s3cret@127.0.0.1:1\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = x\n'
    )
    const c = start({ AWS_ENDPOINT_URL: withPassword, AWS_REGION: 'eu-west-1' })
    const shown = JSON.stringify(await c.call('connections.list', {}))
    expect(shown).not.toMatch(/s3cret/)
    expect(shown).toContain(endpoint.replace('://', '://***@'))

    // The clients still use the whole URL; only what crosses to the renderer is redacted.
    const active = await c.call('connections.select', { id: 'default' })
    expect(JSON.stringify(active)).not.toMatch(/s3cret/)
    expect(Array.isArray(await c.call('streams.list', {}))).toBe(true)

    const error = await c.fails('connections.select', { id: 'profile:keyed' })
    expect(error.code).toBe('ENDPOINT_UNREACHABLE')
    expect(JSON.stringify(error)).not.toMatch(/s3cret/)
    expect(error.message).toContain('http://***@127.0.0.1:1')
  })
})
