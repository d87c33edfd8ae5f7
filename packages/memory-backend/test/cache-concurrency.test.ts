// Regression tests for the cache under concurrency and partial failure (issue 12), on the memory
// backend in round-trip mode: a call reads the store when it arrives and answers some time later.
import { createConfig } from '@paramkit/core'
import type { Backend } from '@paramkit/core/backend'
import { memoryBackend, type SeedData } from '@paramkit/memory-backend'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'

const roundTrip = (fixed: number) => ({ latency: { fixed, mode: 'round-trip' as const } })
const fulfilled = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((r) => r.status === 'fulfilled').length

function seeded(count: number, prefix = '/prod/api/k'): SeedData {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `v${i}`]))
}

describe('a load in flight survives whatever else writes the cache (item 1)', () => {
  it('a listing priming the same key: cold get beside load(), 50 of 50 rounds', async () => {
    let ok = 0
    for (let round = 0; round < 50; round++) {
      const backend = memoryBackend({
        seed: { '/prod/api/db/host': 'db', '/prod/api/db/port': '5432' },
        faults: roundTrip(2),
      })
      const config = createConfig({ backend, env: 'prod', service: 'api' })
      const [get, load] = await Promise.allSettled([config.get('db/host'), config.load()])
      if (get.status === 'fulfilled' && get.value === 'db' && load.status === 'fulfilled') ok++
      await config.close()
    }
    expect(ok).toBe(50)
  })

  it('invalidate(key) while the key loads: every waiting get still succeeds', async () => {
    const backend = memoryBackend({ seed: { '/prod/api/db/host': 'db' }, faults: roundTrip(5) })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const gets = Array.from({ length: 20 }, () => config.get('db/host'))
    await new Promise((r) => setTimeout(r, 1))
    config.invalidate('db/host')
    expect(await Promise.all(gets)).toEqual(new Array(20).fill('db'))
    await config.close()
  })

  it('eviction: 3,000 concurrent cold gets with maxEntries 100 all succeed', async () => {
    const backend = memoryBackend({ seed: seeded(3000), faults: roundTrip(1) })
    const config = createConfig({ backend, env: 'prod', service: 'api', cache: { maxEntries: 100 } })
    const results = await Promise.allSettled(Array.from({ length: 3000 }, (_, i) => config.get(`k${i}`)))
    expect(fulfilled(results)).toBe(3000)
    expect(config.stats().entries).toBeLessThanOrEqual(100)
    await config.close()
  })
})

describe('one failed or throttled batch call fails none of its members (item 2)', () => {
  it('1,000 concurrent cold gets with 5 % of calls failing all succeed', async () => {
    const backend = memoryBackend({ seed: seeded(1000), faults: { failureRate: 0.05, seed: 7 } })
    const config = createConfig({ backend, env: 'prod', service: 'api', retry: { baseDelayMs: 5 } })
    const results = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => config.get(`k${i}`)))
    expect(fulfilled(results)).toBe(1000)
    expect(backend.stats().injected).toBeGreaterThan(0)
    await config.close()
  })

  it('500 cold gets behind a 40 TPS throttle all succeed, slowed down rather than failed', async () => {
    const backend = memoryBackend({ seed: seeded(500), faults: { throttle: { tps: 40 } } })
    // Within the default read budget (5 s): 50 calls through a 40-call burst and 40 calls a second.
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const results = await Promise.allSettled(Array.from({ length: 500 }, (_, i) => config.get(`k${i}`)))
    expect(fulfilled(results)).toBe(500)
    expect(backend.stats().throttled).toBeGreaterThan(0)
    await config.close()
  })

  it('one member that always fails (access denied) fails only itself', async () => {
    const backend = memoryBackend({ seed: seeded(25), faults: { accessDenied: ['/prod/api/k13'] } })
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => config.get(`k${i}`)))
    const failed = results.flatMap((r, i) =>
      r.status === 'rejected' ? [[i, (r.reason as { code: string }).code]] : [],
    )
    expect(failed).toEqual([[13, 'ACCESS_DENIED']])
    await config.close()
  })
})

describe('refresh() reads at or after the moment it was called (item 3)', () => {
  /** Reads the store the moment a call arrives, answers `ms` later (a wrapper, so it also runs on older cores). */
  function answersLater(inner: Backend, ms: number): Backend {
    const later = async <T>(value: Promise<T>): Promise<T> => {
      try {
        return await value
      } finally {
        await new Promise((r) => setTimeout(r, ms))
      }
    }
    return { ...inner, get: (n, o) => later(inner.get(n, o)), getMany: (n, o) => later(inner.getMany(n, o)) }
  }

  it('never joins an older load: after a put, refresh then get gives the new value', async () => {
    let newest = 0
    for (let i = 0; i < 20; i++) {
      const store = memoryBackend({ seed: { '/prod/api/flag': 'v1' } })
      const config = createConfig({ backend: answersLater(store, 30), env: 'prod', service: 'api' })
      const first = config.get('flag')
      await new Promise((r) => setImmediate(r))
      await store.put('/prod/api/flag', 'v2', { overwrite: true })
      await config.refresh('flag')
      if ((await config.get('flag')) === 'v2') newest++
      await first
      await config.close()
    }
    expect(newest).toBe(20)
  })
})

describe('stale-while-revalidate longer than maxStale (item 4)', () => {
  it('never fails a read on a healthy backend', async () => {
    let now = 0
    const clock = { now: () => now }
    const backend = memoryBackend({ seed: { '/prod/api/a': 'x' } })
    const cache = { ttl: 30, staleWhileRevalidate: 1000, maxStale: 0, jitter: 0, clock }
    const config = createConfig({ backend, env: 'prod', service: 'api', cache })
    const results: PromiseSettledResult<string>[] = []
    for (let i = 0; i < 40; i++) {
      now += 7 + (i % 5) * 11
      results.push(...(await Promise.allSettled([config.get('a'), config.get('a')])))
    }
    expect(fulfilled(results)).toBe(80)
    expect(config.stats().staleServed).toBeGreaterThan(0)
    await config.close()
  })
})

describe('selectors behave the same batched or alone (item 8)', () => {
  it('any mix of version, label and field selectors', async () => {
    const seed: SeedData = {
      '/db/c': {
        type: 'SecureString',
        versions: [
          { value: '{"p":"one","q":1}', labels: ['old'] },
          { value: '{"p":"two","q":2}', labels: ['live'] },
        ],
      },
      '/db/plain': 'plain',
    }
    const keys = [
      '/db/c:old#p',
      '/db/c:1',
      '/db/c:2#q',
      '/db/c:live',
      '/db/c#p',
      '/db/plain',
      '/db/c:gone',
      '/db/c:9',
    ]
    // getSecret answers plain values too; get refuses the secrets.
    const answer = (p: Promise<{ reveal(): string }>) =>
      p.then(
        (v) => `ok:${v.reveal()}`,
        (e: { code: string }) => `error:${e.code}`,
      )
    const alone: string[] = []
    for (const key of keys) {
      const config = createConfig({ backend: memoryBackend({ seed }) })
      alone.push(await answer(config.getSecret(key)))
      await config.close()
    }
    expect(alone.slice(0, 6)).toEqual([
      'ok:one',
      'ok:{"p":"one","q":1}',
      'ok:2',
      'ok:{"p":"two","q":2}',
      'ok:two',
      'ok:plain',
    ])
    await fc.assert(
      fc.asyncProperty(fc.shuffledSubarray(keys, { minLength: 1 }), async (subset) => {
        const config = createConfig({ backend: memoryBackend({ seed }) })
        const together = await Promise.all(subset.map((k) => answer(config.getSecret(k))))
        expect(together).toEqual(subset.map((k) => alone[keys.indexOf(k)]))
        // Asked again, alone: a batched answer was not turned into a wrong negative entry.
        for (const k of subset) expect(await answer(config.getSecret(k))).toBe(alone[keys.indexOf(k)])
        await config.close()
      }),
      { numRuns: 40 },
    )
  })
})

describe('JSON fields never tear across a rotation (item 9)', () => {
  it('username and password always come from the same version', async () => {
    const backend = memoryBackend()
    await backend.put('/prod/api/db', JSON.stringify({ username: 'u0', password: 'p0' }), { type: 'Secret' })
    // Jittered TTLs, as in production: two slots would expire at different moments.
    const config = createConfig({ backend, env: 'prod', service: 'api', cache: { ttl: 40, jitter: 0.5 } })
    let torn = 0
    for (let round = 1; round <= 58; round++) {
      const [username, password] = await Promise.all([
        config.getSecret('db#username'),
        config.getSecret('db#password'),
      ])
      if (username.reveal().slice(1) !== password.reveal().slice(1)) torn++
      await backend.rotate('/prod/api/db', JSON.stringify({ username: `u${round}`, password: `p${round}` }))
      await new Promise((r) => setTimeout(r, 13))
    }
    expect(torn).toBe(0)
    expect(config.stats().entries).toBe(1)
    await config.close()
  })
})
