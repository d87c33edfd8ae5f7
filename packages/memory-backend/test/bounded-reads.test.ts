// The bounded-reads issue's table, one regression test a row, on the memory backend: an outage with stale
// values, a throttle that stops, a burst through a 40 TPS bucket, an outage under load, and the calls a
// cold getMany makes with fallbacks. Each failed on the code before the call policy.
import { createConfig, isParamkitError } from '@paramkit/core'
import { memoryBackend, type SeedData } from '@paramkit/memory-backend'
import { afterEach, describe, expect, it, vi } from 'vitest'

const seeded = (count: number, prefix = '/prod/api/k'): SeedData =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `v${i}`]))
const callsOf = (backend: ReturnType<typeof memoryBackend>) => {
  const { get, getMany, list } = backend.stats().calls
  return get + getMany + list
}
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!

/** The whole chain of causes of an error. */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = []
  for (let e = error; e !== undefined; e = (e as { cause?: unknown }).cause) chain.push(e)
  return chain
}

afterEach(() => {
  vi.useRealTimers()
})

describe('a 10 s outage (ECONNREFUSED), TTL 1 s, 10 keys, stale values within maxStale', () => {
  for (const maxStale of [300_000, 400]) {
    it(`maxStale ${maxStale} ms: stale values at once, the backend probed, not hammered`, async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
      const backend = memoryBackend({ seed: seeded(10) })
      const config = createConfig({
        backend,
        env: 'prod',
        service: 'api',
        cache: { ttl: 1000, jitter: 0, maxStale },
      })
      const keys = Array.from({ length: 10 }, (_, i) => `k${i}`)
      const tick = async (ms: number) => {
        await new Promise((resolve) => setImmediate(resolve))
        await vi.advanceTimersByTimeAsync(ms)
      }
      const read = async (key: string) => {
        const start = Date.now()
        let outcome: unknown
        config.get(key).then(
          (value) => (outcome = value),
          (error: unknown) => (outcome = error),
        )
        while (outcome === undefined) await tick(1)
        return { outcome, ms: Date.now() - start }
      }
      for (const key of keys) expect((await read(key)).outcome).toMatch(/^v/)
      await tick(1100) // every key expired
      backend.setFaultMode('refuse')
      const before = callsOf(backend)
      const latencies: number[] = []
      const outcomes: unknown[] = []
      const started = Date.now()
      while (Date.now() - started < 10_000) {
        for (const key of keys) {
          const { outcome, ms } = await read(key)
          latencies.push(ms)
          outcomes.push(outcome)
        }
        await tick(20)
      }
      const seconds = (Date.now() - started) / 1000
      const perKeyPerSecond = (callsOf(backend) - before) / keys.length / seconds
      expect(perKeyPerSecond).toBeLessThanOrEqual(0.2)
      if (maxStale > 10_000) {
        // Stale at once: within staleMs (100 ms) before the circuit opens, at once after it.
        expect(outcomes.every((o) => typeof o === 'string')).toBe(true)
        expect(Math.max(...latencies)).toBeLessThanOrEqual(100 + 5)
        expect(percentile(latencies.slice(-100), 99)).toBeLessThanOrEqual(5)
      } else {
        // Stale values were served while within maxStale; past it, a BackendUnavailableError with the refusal.
        expect(typeof outcomes[0]).toBe('string')
        const last = outcomes.at(-1)
        expect(last).toMatchObject({ code: 'BACKEND_UNAVAILABLE' })
        expect(causes(last).some((e) => (e as { code?: string }).code === 'ECONNREFUSED')).toBe(true)
      }
      await config.close()
    })
  }
})

describe('throttling', () => {
  it('the throttling stops: the first success within 2 s, and healthy within 2 s, after a burst of 2,000 cold gets', async () => {
    const backend = memoryBackend({ seed: seeded(500) })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    backend.setFaultMode('throttle')
    const burst = await Promise.allSettled(Array.from({ length: 2000 }, (_, i) => config.get(`k${i % 500}`)))
    expect(burst.every((r) => r.status === 'rejected')).toBe(true)
    // Throttled only when the backend throttled; a read paced past its budget is a TimeoutError saying so.
    for (const r of burst)
      expect(['THROTTLED', 'TIMEOUT']).toContain((r as PromiseRejectedResult).reason.code)
    backend.setFaultMode('healthy')
    const healed = Date.now()
    // A steady 20 reads a second of cold keys for 4 s.
    const reads: { at: number; done: Promise<number | undefined> }[] = []
    for (let i = 0; i < 80; i++) {
      const at = Date.now() - healed
      reads.push({
        at,
        done: config.get(`k${(i * 7) % 500}`).then(
          () => Date.now() - healed,
          () => undefined,
        ),
      })
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const outcomes = await Promise.all(reads.map(async (r) => ({ at: r.at, doneAt: await r.done })))
    const firstSuccess = Math.min(...outcomes.flatMap((o) => (o.doneAt === undefined ? [] : [o.doneAt])))
    expect(firstSuccess).toBeLessThanOrEqual(2000)
    expect(outcomes.filter((o) => o.at >= 2000).every((o) => o.doneAt !== undefined)).toBe(true)
    await config.close()
  }, 20_000)

  it('2,000 cold gets over 500 keys through a 40 TPS bucket: all succeed within the read budget, calls ≤ 1.1 × ceil(N/10)', async () => {
    const backend = memoryBackend({ seed: seeded(500), faults: { throttle: { tps: 40 } } })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const results = await Promise.allSettled(
      Array.from({ length: 2000 }, (_, i) => config.get(`k${i % 500}`)),
    )
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(2000)
    expect(callsOf(backend)).toBeLessThanOrEqual(Math.floor(1.1 * 50))
    await config.close()
  }, 20_000)
})

describe('an outage under load', () => {
  it('5,000 concurrent cold gets against ECONNREFUSED: every error a BackendUnavailableError with the refusal as cause, no retry storm', async () => {
    const backend = memoryBackend({ seed: seeded(5000) })
    backend.setFaultMode('refuse')
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      fallbacks: ['/{env}/shared', '/shared'],
    })
    const results = await Promise.allSettled(Array.from({ length: 5000 }, (_, i) => config.get(`k${i}`)))
    const errors = results.map((r) => (r as PromiseRejectedResult).reason)
    expect(errors.every((e) => isParamkitError(e) && e.code === 'BACKEND_UNAVAILABLE')).toBe(true)
    expect(errors.every((e) => causes(e).some((c) => (c as { code?: string }).code === 'ECONNREFUSED'))).toBe(
      true,
    )
    // One batched call per 10 keys at most, plus the retry budget: far below one call per key.
    expect(callsOf(backend) / 5000).toBeLessThanOrEqual(0.2)
    await config.close()
  }, 20_000)
})

describe('calls where they pay', () => {
  for (const [n, calls] of [
    [25, 3],
    [100, 10],
  ] as const) {
    it(`a cold getMany of ${n} keys present at the first level, with 2 fallbacks, makes ${calls} calls`, async () => {
      const backend = memoryBackend({
        seed: { ...seeded(n), '/prod/shared/x': 'shared', '/shared/y': 'root' },
      })
      const config = createConfig({
        backend,
        env: 'prod',
        service: 'api',
        fallbacks: ['/{env}/shared', '/shared'],
      })
      const keys = Array.from({ length: n }, (_, i) => `k${i}`)
      const values = await config.getMany(keys)
      expect(Object.values(values)).toEqual(keys.map((_, i) => `v${i}`))
      expect(callsOf(backend)).toBe(calls)
      await config.close()
    })
  }

  it('a lone cold get asks all its candidates in one call; keys missing at the first level take one more round', async () => {
    const backend = memoryBackend({
      seed: { ...seeded(25), '/prod/shared/x': 'shared', '/shared/y': 'root' },
    })
    const config = createConfig({
      backend,
      env: 'prod',
      service: 'api',
      fallbacks: ['/{env}/shared', '/shared'],
    })
    expect(await config.get('y')).toBe('root')
    expect(callsOf(backend)).toBe(1)
    backend.resetStats()
    const keys = [...Array.from({ length: 25 }, (_, i) => `k${i}`), 'x']
    const values = await config.getMany(keys)
    expect(values.x).toBe('shared')
    // 26 first-level names: 3 calls (the last with 4 spare slots for fallbacks), then x's levels once more.
    expect(callsOf(backend)).toBeLessThanOrEqual(4)
    await config.close()
  })
})
