import { describe, expect, it } from 'vitest'
import { DeliveryWindow } from '../../../src/main/delivery-window'
import { AppCore } from '../../../src/main/core/app-core'
import { TestClient } from '../../support/test-client'

describe('a client’s delivery window (flow control)', () => {
  it('is behind once the unacknowledged bytes or deliveries reach the limit, and catches up on acknowledgements', () => {
    const window = new DeliveryWindow({ maxBytes: 1000, maxDeliveries: 3 })
    expect(window.send(400)).toBe(1)
    expect(window.send(400)).toBe(2)
    expect(window.behind).toBe(false)
    expect(window.send(400)).toBe(3)
    expect(window.behind).toBe(true) // 1,200 bytes
    window.acknowledge(1)
    expect(window.pending).toEqual({ deliveries: 2, bytes: 800 })
    expect(window.behind).toBe(false)
    window.send(10)
    expect(window.behind).toBe(true) // 3 deliveries
    window.acknowledge(4)
    expect(window.pending).toEqual({ deliveries: 0, bytes: 0 })
  })

  it('one oversized delivery still goes when nothing is in flight', () => {
    const window = new DeliveryWindow({ maxBytes: 1000, maxDeliveries: 3 })
    expect(window.behind).toBe(false)
    window.send(5000)
    expect(window.behind).toBe(true)
  })

  it('ignores acknowledgements of deliveries never sent, or sent and already acknowledged', () => {
    const window = new DeliveryWindow({ maxBytes: 1000, maxDeliveries: 3 })
    window.acknowledge(99)
    window.send(600)
    window.send(600)
    window.acknowledge(1)
    window.acknowledge(1)
    window.acknowledge(0)
    expect(window.pending).toEqual({ deliveries: 1, bytes: 600 })
  })

  it('wakes every waiter when there is room again, and when the client goes away', async () => {
    const window = new DeliveryWindow({ maxBytes: 100, maxDeliveries: 10 })
    await window.whenReady() // room: resolves at once
    window.send(100)
    let woken = 0
    const waits = [window.whenReady().then(() => woken++), window.whenReady().then(() => woken++)]
    await Promise.resolve()
    expect(woken).toBe(0)
    window.acknowledge(1)
    await Promise.all(waits)
    expect(woken).toBe(2)

    window.send(100)
    const gone = window.whenReady()
    window.close()
    await gone
    expect(window.behind).toBe(false)
  })
})

describe('reader.ack through the router', () => {
  it('acknowledges the client’s deliveries, and is checked like any call', async () => {
    const core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
    const client = new TestClient(core.handlers(), 'acks', { acknowledge: false })
    client.session.deliver('reader.batch', { sessionId: 's', records: [] }, 9 * 1024 * 1024)
    expect(client.of('reader.batch')[0]?.delivery).toBe(1)
    expect(client.session.behind).toBe(true)
    await client.ack(1)
    expect(client.session.behind).toBe(false)
    for (const input of [{}, { delivery: 0 }, { delivery: 1.5 }, { delivery: '1' }, { delivery: 1, sessionId: 's' }]) {
      expect((await client.fails('reader.ack', input)).code).toBe('INVALID_INPUT')
    }
  })

  it('the app’s clients acknowledge every batch (TestClient does, as the api client and the preload do)', () => {
    const core = new AppCore({ env: { AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, userDataDir: null })
    const client = new TestClient(core.handlers())
    for (let i = 0; i < 40; i++) client.session.deliver('reader.batch', { sessionId: 's', records: [] }, 1024 * 1024)
    expect(client.session.behind).toBe(false)
    const manual = new TestClient(core.handlers(), 'manual', { acknowledge: false })
    for (let i = 0; i < 40; i++) manual.session.deliver('reader.batch', { sessionId: 's', records: [] }, 1024 * 1024)
    expect(manual.session.behind).toBe(true)
  })
})
