// Reads stay bounded when the backend hangs: every read settles within its budget, a hung load is
// abandoned so the next read after the backend heals succeeds, and close() rejects what still waits.
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ReadBounds } from '../src/client/read-bounds.js'
import { type ConfigClient, createConfig } from '../src/index.js'
import { type StubBackend, stubBackend } from './support/stub-backend.js'
import { useVirtualTime } from './support/virtual-time.js'

const budgets = { callMs: 100, readMs: 300, staleMs: 20, loadMs: 400 }

function hungConfig(circuit = { failures: 1000 }) {
  const backend = stubBackend({ '/p/s/a': '1', '/p/s/b': '2', '/p/s/c': '3' })
  const config = createConfig({
    backend,
    env: 'p',
    service: 's',
    timeouts: budgets,
    circuit,
    cache: { ttl: 1000, jitter: 0, maxStale: 60_000 },
  })
  return { backend, config }
}

/** Moves virtual time in small steps until `promise` settles; resolves with its outcome and the time it took. */
async function timed<T>(promise: Promise<T>, limitMs = 10_000) {
  const start = Date.now()
  let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined
  promise.then(
    (value) => (outcome = { ok: true, value }),
    (error: unknown) => (outcome = { ok: false, error }),
  )
  while (outcome === undefined && Date.now() - start < limitMs) {
    await new Promise((resolve) => setImmediate(resolve))
    await vi.advanceTimersByTimeAsync(5)
  }
  return { outcome, ms: Date.now() - start }
}

const reads: Record<string, (c: ConfigClient) => Promise<unknown>> = {
  'cold get': (c: ConfigClient) => c.get('a'),
  getMany: (c: ConfigClient) => c.getMany(['a', 'b']),
  getTree: (c: ConfigClient) => c.getTree(''),
  getSecret: (c: ConfigClient) => c.getSecret('c'),
}

describe('a backend call that never answers', () => {
  useVirtualTime()

  for (const [name, read] of Object.entries(reads)) {
    it(`${name}: settles within its budget with a TimeoutError naming it, and works once the backend heals`, async () => {
      const { backend, config } = hungConfig()
      backend.hang = true
      const { outcome, ms } = await timed(read(config))
      const budget = name === 'getTree' ? 'loadMs' : 'readMs'
      expect(outcome).toMatchObject({ ok: false, error: { code: 'TIMEOUT' } })
      expect(ms).toBeLessThanOrEqual(budgets[budget] + 50)
      // Every call was given a signal, and aborted by its budget.
      expect(backend.signals.length).toBeGreaterThan(0)
      expect(backend.signals.every((s) => s?.aborted)).toBe(true)
      backend.hang = false
      const healed = await timed(read(config))
      expect(healed.outcome).toMatchObject({ ok: true })
      await config.close()
    })
  }

  it('a bound that runs out names the read as told, with the key alone in `key`', async () => {
    const bounds = new ReadBounds('stub')
    const read = bounds.bound(new Promise(() => {}), 'a', 'get', 'readMs', 300, '"a" and 2 more')
    const { outcome } = await timed(read)
    const error = (outcome as { error: Error }).error
    expect(error).toMatchObject({ code: 'TIMEOUT', key: 'a', budget: 'readMs', ms: 300 })
    expect(error.message).toBe('Reading "a" and 2 more took longer than its readMs budget (300 ms)')
  })

  it('a stale get answers with its stale value within staleMs, and the load goes on in the background', async () => {
    const { backend, config } = hungConfig()
    expect(await timed(config.get('a'))).toMatchObject({ outcome: { ok: true, value: '1' } })
    await vi.advanceTimersByTimeAsync(1500) // past the TTL, well within maxStale
    backend.hang = true
    const stale = await timed(config.get('a'))
    expect(stale.outcome).toEqual({ ok: true, value: '1' })
    expect(stale.ms).toBeLessThanOrEqual(budgets.staleMs + 10)
    expect(config.stats().staleServed).toBe(1)
    await config.close()
  })

  it('close() rejects every pending read at once with a closed error, and leaves no timer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.subarray(Object.keys(reads), { minLength: 1 }),
        fc.nat(60),
        async (chosen, wait) => {
          const { backend, config } = hungConfig()
          backend.hang = true
          const pending = chosen.map((name) =>
            reads[name]!(config).then(
              () => 'resolved',
              (e: unknown) => e,
            ),
          )
          await vi.advanceTimersByTimeAsync(wait)
          await config.close()
          const outcomes = await Promise.all(pending)
          for (const outcome of outcomes) expect(outcome).toMatchObject({ code: 'CLOSED' })
          expect(vi.getTimerCount()).toBe(0)
        },
      ),
      { numRuns: 25 },
    )
  })
})

describe('the circuit', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('opens after consecutive transport failures: stale at once with no call, else a fast BackendUnavailable with the cause; one probe per interval closes it', async () => {
    const backend = stubBackend({ '/a': '1', '/b': '2' })
    const config = createConfig({
      backend,
      timeouts: budgets,
      circuit: { failures: 3, probeMs: 1000 },
      retry: { budgetFloor: 0, budgetRatio: 0 },
      cache: { ttl: 100, jitter: 0, maxStale: 60_000 },
    })
    const states: string[] = []
    config.on('circuit', (e) => states.push(e.state))
    expect(await timed(config.get('/a'))).toMatchObject({ outcome: { ok: true } })
    await vi.advanceTimersByTimeAsync(200)
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    backend.failWith = refused
    for (let i = 0; i < 3; i++) await timed(config.get('/b'))
    expect(config.stats().policy.circuit).toBe('open')
    expect(states).toEqual(['open'])
    const calls = backend.calls.get + backend.calls.getMany
    const stale = await timed(config.get('/a'))
    expect(stale.outcome).toEqual({ ok: true, value: '1' })
    expect(stale.ms).toBeLessThanOrEqual(5)
    const cold = await timed(config.get('/b'))
    expect(cold.ms).toBeLessThanOrEqual(5)
    expect(cold.outcome).toMatchObject({ ok: false, error: { code: 'BACKEND_UNAVAILABLE' } })
    const error = (cold.outcome as { error: Error }).error
    expect(error.cause).toBe(refused)
    expect(backend.calls.get + backend.calls.getMany).toBe(calls)
    // Healed: the first read after the probe interval is the probe, and closes the circuit.
    backend.failWith = undefined
    await vi.advanceTimersByTimeAsync(1000)
    expect(await timed(config.get('/b'))).toMatchObject({ outcome: { ok: true, value: '2' } })
    expect(states).toEqual(['open', 'half-open', 'closed'])
    expect(config.stats().policy.circuitOpens).toBe(1)
    await config.close()
  })

  it('NotFound and AccessDenied never open it', async () => {
    const backend: StubBackend = stubBackend({})
    const config = createConfig({ backend, circuit: { failures: 2 }, cache: { negativeTtl: 0 } })
    for (let i = 0; i < 5; i++) await timed(config.getOptional(`/missing${i}`))
    expect(config.stats().policy.circuit).toBe('closed')
    await config.close()
  })
})
