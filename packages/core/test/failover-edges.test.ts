// Edge cases of failoverBackends found in review: probe bookkeeping, names the primary stopped holding,
// throttles, calls that overlap a switch, and calls cut by the read's deadline rather than callMs.
import { describe, expect, it } from 'vitest'
import { isCallTimeout } from '../src/failover/member-circuit.js'
import {
  BackendUnavailableError,
  type FailoverEvent,
  failoverBackends,
  ReplicaMissingError,
  ThrottledError,
} from '../src/index.js'
import { type StubBackend, stubBackend } from './support/stub-backend.js'

const named = (name: string, seed: Record<string, string> = { '/a': '1', '/b': '2' }): StubBackend =>
  Object.assign(stubBackend(seed), { name })
const refused = () => new BackendUnavailableError('connect ECONNREFUSED', { backend: 'x' })
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function watched(backends: StubBackend[], options: Parameters<typeof failoverBackends>[1]) {
  const backend = failoverBackends(backends, options)
  const events: FailoverEvent[] = []
  backend.onFailover?.((e) => events.push(e))
  return { backend, events }
}

describe('failoverBackends, edge cases', () => {
  it('reads while a circuit is open and no probe is due start no timer and no probe', async () => {
    const primary = named('p')
    const { backend } = watched([primary, named('r')], { failures: 1, probeMs: 60_000 })
    primary.failWith = refused()
    await backend.get('/a')
    const before = timers()
    for (let i = 0; i < 1_000; i++) await backend.get('/a')
    expect(timers() - before).toBeLessThanOrEqual(1)
    expect(backend.failoverStats?.().members[0]).toMatchObject({ state: 'open', calls: 1, probes: 0 })
    await backend.close?.()
  })

  it('a name the primary reports missing in a getMany is no longer held: a deletion is not a misconfiguration', async () => {
    const primary = named('p')
    const replica = named('r')
    const backend = failoverBackends([primary, replica], { failures: 1 })
    await backend.getMany(['/a', '/b'])
    primary.remove('/b')
    replica.remove('/b')
    expect((await backend.getMany(['/a', '/b'])).missing).toEqual(['/b'])
    primary.failWith = refused()
    await expect(backend.get('/b')).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // A name still held is: a selector read counts as its name.
    replica.remove('/a')
    const error = await backend.get('/a:1').catch((e: unknown) => e)
    expect(ReplicaMissingError.is(error)).toBe(true)
  })

  it('a later member whose circuit opened is probed while an earlier one serves', async () => {
    const primary = named('p')
    const replica = named('r')
    const { backend } = watched([primary, replica], { failures: 1, probeMs: 50 })
    replica.failWith = refused()
    primary.failWith = refused()
    await expect(backend.get('/a')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' })
    primary.failWith = undefined
    replica.failWith = undefined
    await sleep(60)
    // Both probes are due: they run in the background, so this call still finds both circuits open.
    await expect(backend.get('/a')).rejects.toMatchObject({ code: 'BACKEND_UNAVAILABLE' })
    await sleep(10)
    expect(backend.failoverStats?.().members.map((m) => [m.state, m.probes])).toEqual([
      ['closed', 1],
      ['closed', 1],
    ])
    // The primary serves; the replica was probed all the same, so it is ready for the next outage.
    expect((await backend.get('/a')).servedBy).toBe('p')
  })

  it('a throttled primary is passed over for a growing window, not asked first on every read', async () => {
    const primary = named('p')
    const replica = named('r')
    const { backend, events } = watched([primary, replica], {})
    primary.failWith = new ThrottledError('Rate exceeded', { backend: 'p' })
    for (let i = 0; i < 100; i++) await backend.get('/a')
    expect(replica.calls.get).toBe(100)
    expect(primary.calls.get).toBeLessThanOrEqual(3)
    expect(events).toEqual([expect.objectContaining({ kind: 'switch', reason: 'throttled' })])
  })

  it('a primary call that started before a switch does not switch back when it succeeds late', async () => {
    const primary = named('p')
    const replica = named('r')
    const { backend, events } = watched([primary, replica], { failures: 1, probeMs: 10_000 })
    primary.latency = 30
    const slow = backend.get('/a') // on the primary, answers in 30 ms
    await sleep(5)
    primary.latency = 0
    primary.failWith = refused()
    await backend.get('/b') // refused: switches to the replica
    primary.failWith = undefined
    expect((await slow).servedBy).toBe('p')
    expect(events.map((e) => (e.kind === 'switch' ? `${e.to}:${e.reason}` : e.kind))).toEqual([
      'r:unavailable',
    ])
    expect(backend.failoverStats?.().serving).toBe('r')
  })

  it("a call cut short by the read's deadline is not a callMs timeout", () => {
    const timeout = new DOMException('The call took longer than 3000 ms', 'TimeoutError')
    const cut = Object.defineProperty(
      new DOMException('The call took longer than 12 ms', 'TimeoutError'),
      'cutByDeadline',
      {
        value: true,
      },
    )
    expect([isCallTimeout(timeout), isCallTimeout(cut), isCallTimeout(refused())]).toEqual([
      true,
      false,
      false,
    ])
  })

  it('refuses unknown options, naming them', () => {
    expect(() => failoverBackends([named('p'), named('r')], { probe: 5 } as never)).toThrow(
      /Unknown option "probe".*known-option/,
    )
  })
})
