import { afterEach, describe, expect, it } from 'vitest'
import {
  BackendUnavailableError,
  createConfig,
  type FailoverEvent,
  failoverBackends,
  isParamkitError,
  ReplicaMissingError,
  ValidationError,
} from '../src/index.js'
import { type StubBackend, stubBackend } from './support/stub-backend.js'

const clients: { close(): Promise<void> }[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
})

function pair(seed: Record<string, string> = { '/prod/api/db/host': 'db.primary' }) {
  const primary = named(stubBackend(seed), 'primary')
  const replica = named(stubBackend(seed), 'replica')
  return { primary, replica }
}

function named(backend: StubBackend, name: string): StubBackend {
  Object.assign(backend, { name })
  return backend
}

const refused = () => new BackendUnavailableError('connect ECONNREFUSED 127.0.0.1:1', { backend: 'primary' })

function client(
  backends: StubBackend[],
  options: Parameters<typeof failoverBackends>[1] = {},
  callMs = 60,
  maxStale = 0,
) {
  const backend = failoverBackends(backends, { probeMs: 150, probeTimeoutMs: 100, ...options })
  const config = createConfig({
    backend,
    env: 'prod',
    service: 'api',
    cache: { ttl: 60_000, jitter: 0, staleWhileRevalidate: 0, maxStale },
    timeouts: { callMs, readMs: 2_000 },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  })
  const events: FailoverEvent[] = []
  config.on('failover', (e) => events.push(e))
  clients.push(config)
  return { config, events }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('failoverBackends', () => {
  it('reads from the primary while it is healthy and says so on the entry; the replica is never called', async () => {
    const { primary, replica } = pair()
    const { config, events } = client([primary, replica])
    expect(await config.get('db/host')).toBe('db.primary')
    expect((await config.getEntry('db/host')).servedBy).toBe('primary')
    expect(replica.calls.get + replica.calls.getMany).toBe(0)
    expect(events).toEqual([])
    expect(config.stats().failover).toMatchObject({ serving: 'primary', switches: 0 })
  })

  it('a refused primary is passed over within the same call, then left alone while its circuit is open', async () => {
    const { primary, replica } = pair()
    replica.set('/prod/api/db/host', 'db.replica')
    primary.failWith = refused()
    const { config, events } = client([primary, replica], { failures: 2, probeMs: 10_000 })
    for (let i = 0; i < 6; i++) {
      config.invalidate('db/host')
      expect(await config.get('db/host')).toBe('db.replica')
    }
    // Two refusals open the primary's circuit; no probe is due within 10 s.
    expect(primary.calls.get).toBe(2)
    expect(replica.calls.get).toBe(6)
    expect(events).toEqual([
      expect.objectContaining({ kind: 'switch', from: 'primary', to: 'replica', reason: 'unavailable' }),
    ])
    expect(config.stats().failover?.members).toEqual([
      { name: 'primary', state: 'open', calls: 2, probes: 0 },
      { name: 'replica', state: 'closed', calls: 6, probes: 0 },
    ])
  })

  it('a silent primary costs one call budget: the retry goes to the replica, and the primary is not asked again until its probe', async () => {
    const { primary, replica } = pair()
    primary.hang = true
    const { config, events } = client([primary, replica], { probeMs: 10_000 })
    expect(await config.get('db/host')).toBe('db.primary')
    config.invalidate('db/host')
    expect(await config.get('db/host')).toBe('db.primary')
    expect(primary.calls.get).toBe(1)
    expect(replica.calls.get).toBe(2)
    expect(events).toEqual([expect.objectContaining({ kind: 'switch', to: 'replica', reason: 'timeout' })])
  })

  it('reads return to the primary once a background probe finds it healed; one probe per interval', async () => {
    const { primary, replica } = pair()
    primary.failWith = refused()
    const { config, events } = client([primary, replica], { failures: 1, probeMs: 100 })
    expect(await config.get('db/host')).toBe('db.primary')
    const before = primary.calls.get
    // While it is still down, reads keep going to the replica; each interval allows one probe at most.
    for (let i = 0; i < 5; i++) {
      await sleep(50)
      config.invalidate('db/host')
      expect(await config.get('db/host')).toBe('db.primary')
    }
    const elapsed = 5 * 50
    expect(primary.calls.get - before).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1)
    primary.failWith = undefined
    await sleep(120)
    config.invalidate('db/host')
    await config.get('db/host') // its probe is due: it runs in the background while the replica answers
    await sleep(20)
    config.invalidate('db/host')
    await config.get('db/host')
    expect((await config.getEntry('db/host')).servedBy).toBe('primary')
    expect(events.map((e) => (e.kind === 'switch' ? e.reason : e.kind))).toEqual(['unavailable', 'recovered'])
    expect(config.stats().failover).toMatchObject({ serving: 'primary', switches: 2 })
  })

  it('a replica without a name the primary holds is misconfigured: reported, never absence, the last value kept', async () => {
    const { primary, replica } = pair()
    replica.remove('/prod/api/db/host')
    const { config, events } = client([primary, replica], { failures: 1, probeMs: 10_000 }, 60, 60_000)
    config.on('error', () => undefined)
    expect(await config.get('db/host')).toBe('db.primary')
    primary.failWith = refused()
    const refreshed = await config.refresh('db/host')
    expect(refreshed.failed).toBe(1)
    expect(await config.getOptional('db/host')).toBe('db.primary')
    expect(events).toContainEqual({
      kind: 'misconfigured',
      replica: 'replica',
      primary: 'primary',
      key: '/prod/api/db/host',
    })
    expect(config.stats().failover?.misconfigured).toBeGreaterThan(0)
    const error = await config.getEntry('db/other').catch((e: unknown) => e)
    // A name the primary never held is simply absent on the replica.
    expect(isParamkitError(error) && error.code).toBe('NOT_FOUND')
  })

  it('a replica NotFound for a held name is a ReplicaMissingError from the backend itself', async () => {
    const { primary, replica } = pair()
    replica.remove('/prod/api/db/host')
    const backend = failoverBackends([primary, replica], { failures: 1 })
    await backend.get('/prod/api/db/host')
    primary.failWith = refused()
    const error = await backend.get('/prod/api/db/host').catch((e: unknown) => e)
    expect(ReplicaMissingError.is(error)).toBe(true)
    expect(error).toMatchObject({
      code: 'REPLICA_MISSING',
      primary: 'primary',
      replica: 'replica',
      key: '/prod/api/db/host',
    })
    await backend.close?.()
  })

  it('getMany leaves a held name the replica lacks unanswered, so core asks for it alone', async () => {
    const { primary, replica } = pair({ '/prod/api/a': '1', '/prod/api/b': '2' })
    replica.remove('/prod/api/b')
    const backend = failoverBackends([primary, replica], { failures: 1 })
    await backend.getMany(['/prod/api/a', '/prod/api/b'])
    primary.failWith = refused()
    const result = await backend.getMany(['/prod/api/a', '/prod/api/b'])
    expect(result.entries.map((e) => [e.name, e.servedBy])).toEqual([['/prod/api/a', 'replica']])
    expect(result.missing).toEqual([])
    await backend.close?.()
  })

  it('lists on the first member that answers, continuing on the same member', async () => {
    const seed = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`/prod/api/k${i}`, String(i)]))
    const { primary, replica } = pair(seed)
    primary.failWith = refused()
    const { config } = client([primary, replica], { failures: 1 })
    const tree = await config.getTree('/prod/api')
    expect(Object.keys(tree)).toHaveLength(25)
    expect(replica.calls.list).toBe(3)
  })

  it('writes go to the primary only, even while reads fail over', async () => {
    const primary = named(stubBackend(), 'primary')
    const replica = named(stubBackend(), 'replica')
    let written: string[] = []
    Object.assign(primary, {
      put: async (name: string) => {
        written.push(`primary:${name}`)
        return { version: '1' }
      },
      delete: async () => undefined,
    })
    Object.assign(replica, {
      put: async (name: string) => {
        written.push(`replica:${name}`)
        return { version: '1' }
      },
      delete: async () => undefined,
    })
    const backend = failoverBackends([primary, replica])
    await backend.put?.('/prod/api/x', 'v')
    expect(written).toEqual(['primary:/prod/api/x'])
    written = []
    const readOnly = failoverBackends([named(stubBackend(), 'a'), replica])
    expect(() => readOnly.put?.('/x', 'v')).toThrow(ValidationError)
  })

  it('refuses fewer than two members and bad options before any call, naming the rule', () => {
    const only = stubBackend()
    expect(() => failoverBackends([only])).toThrow(/rule: failover-members/)
    expect(() => failoverBackends([only, stubBackend()], { probeMs: 0 })).toThrow(
      /"probeMs".*positive-integer/,
    )
    expect(() => failoverBackends([only, stubBackend()], { failures: 1.5 })).toThrow(/"failures"/)
    expect(only.calls.get).toBe(0)
  })

  it('names members that share a name by position, and names itself after them', () => {
    const backend = failoverBackends([stubBackend(), stubBackend()])
    expect(backend.name).toBe('failover(stub#0,stub#1)')
    expect(backend.failoverStats?.().members.map((m) => m.name)).toEqual(['stub#0', 'stub#1'])
  })
})
