import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import {
  BackendUnavailableError,
  createConfig,
  localKeyProvider,
  NotFoundError,
  ThrottledError,
} from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { fakeClock, stubBackend } from './support/stub-backend.js'

const entry = (value: string, version = '1', extra: Partial<Entry> = {}): Entry => ({
  name: '/prod/api/db/password',
  value,
  type: 'SecureString',
  version,
  sensitive: true,
  ...extra,
})

describe('single-flight', () => {
  it('turns 1000 concurrent gets of one cold key into exactly one backend call', async () => {
    const backend = stubBackend({ '/prod/api/database/host': 'db.internal' })
    backend.latency = 5
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const values = await Promise.all(Array.from({ length: 1000 }, () => config.get('database/host')))
    expect(new Set(values)).toEqual(new Set(['db.internal']))
    expect(backend.calls.get + backend.calls.getMany).toBe(1)
    expect(config.stats().backendCalls).toBe(1)
    await config.close()
  })

  it('batches concurrent gets of different keys into getMany calls of the batch size', async () => {
    const seed = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`/prod/api/k${i}`, `v${i}`]))
    const backend = stubBackend(seed)
    const config = createConfig({ backend, env: 'prod', service: 'api' })
    const values = await config.getMany(Array.from({ length: 25 }, (_, i) => `k${i}`))
    expect(values.k7).toBe('v7')
    // One call per backend batch (10 here), each on its own so one failed call cannot fail the others.
    expect(backend.calls.getMany).toBe(3)
    expect(backend.calls.names.map((n) => n.length)).toEqual([10, 10, 5])
    await config.close()
  })
})

describe('stale-if-error and maxStale', () => {
  it('serves the last good value until maxStale, then BackendUnavailable with the cause', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({ ttl: 1000, jitter: 0, maxStale: 5000, clock })
    let failure: Error | undefined
    const load = async () => {
      if (failure) throw failure
      return entry('hunter2')
    }
    expect((await cache.read('k', load))?.value).toBe('hunter2')
    failure = new ThrottledError('slow down', { key: 'k', backend: 'stub' })
    clock.advance(1001)
    expect((await cache.read('k', load))?.value).toBe('hunter2')
    clock.advance(5999 - 1001)
    expect((await cache.read('k', load))?.value).toBe('hunter2')
    expect(cache.stats().staleServed).toBe(2)
    clock.advance(3)
    const error = await cache.read('k', load).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect((error as Error).cause).toBe(failure)
    expect((error as Error).message).not.toContain('hunter2')
    // Once the backend is back, the value is loaded again.
    failure = undefined
    expect((await cache.read('k', load))?.value).toBe('hunter2')
  })

  it('passes a typed error straight through when nothing is cached', async () => {
    const cache = new EncryptedCache()
    const cause = new ThrottledError('throttled', { key: 'k' })
    await expect(cache.read('k', () => Promise.reject(cause))).rejects.toBe(cause)
    const plain = new Error('socket hang up')
    const wrapped = await cache.read('k', () => Promise.reject(plain)).catch((e: unknown) => e)
    expect(wrapped).toBeInstanceOf(BackendUnavailableError)
    expect((wrapped as Error).cause).toBe(plain)
  })

  it('never turns a failure into "not found", even with a negative entry cached', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({ negativeTtl: 100, clock })
    expect(await cache.read('k', async () => undefined)).toBeUndefined()
    clock.advance(101)
    const error = await cache.read('k', () => Promise.reject(new Error('down'))).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BackendUnavailableError)
    expect(error).not.toBeInstanceOf(NotFoundError)
  })
})

describe('stale-while-revalidate', () => {
  it('answers at once with the stale value while one background refresh runs', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({ ttl: 1000, jitter: 0, staleWhileRevalidate: 500, clock })
    let version = 1
    let calls = 0
    let release: () => void = () => {}
    const load = async () => {
      calls++
      if (calls > 1) await new Promise<void>((r) => (release = r))
      return entry(`v${version}`, String(version))
    }
    await cache.read('k', load)
    version = 2
    clock.advance(1200)
    const stale = await Promise.all([cache.read('k', load), cache.read('k', load)])
    expect(stale.map((e) => e?.value)).toEqual(['v1', 'v1'])
    expect(calls).toBe(2)
    release()
    await new Promise((r) => setImmediate(r))
    expect((await cache.read('k', load))?.value).toBe('v2')
    expect(cache.stats().staleServed).toBe(2)
  })
})

describe('expiry', () => {
  it('never serves past rotatesAt without asking the backend again', async () => {
    const clock = fakeClock()
    const cache = new EncryptedCache({ ttl: 60_000, jitter: 0, clock })
    let calls = 0
    const load = async () => {
      calls++
      return entry('x', String(calls), { rotatesAt: new Date(clock.now() + 2000) })
    }
    await cache.read('k', load)
    clock.advance(2000)
    await cache.read('k', load)
    expect(calls).toBe(1)
    clock.advance(1)
    await cache.read('k', load)
    expect(calls).toBe(2)
  })

  it('spreads expiry with jitter', async () => {
    const clock = fakeClock()
    const randoms = [0, 0.998]
    const cache = new EncryptedCache({ ttl: 1000, jitter: 0.5, clock, random: () => randoms.shift() ?? 0 })
    await cache.read('a', async () => entry('a'))
    await cache.read('b', async () => entry('b'))
    const a = cache.inspectSlot('a')!
    const b = cache.inspectSlot('b')!
    expect(a.freshUntil - clock.now()).toBe(1000)
    expect(b.freshUntil - clock.now()).toBe(501)
  })

  it('does not remember "not found" when negativeTtl is 0', async () => {
    const cache = new EncryptedCache({ negativeTtl: 0 })
    let calls = 0
    const load = async () => {
      calls++
      return undefined
    }
    await cache.read('k', load)
    await cache.read('k', load)
    expect(calls).toBe(2)
  })
})

describe('sealing policy', () => {
  it("leaves only plain String values unsealed by default (encrypt: 'sensitive')", async () => {
    const cache = new EncryptedCache()
    expect(cache.options.encrypt).toBe('sensitive')
    await cache.read('plain', async () => ({ ...entry('info'), type: 'String', sensitive: false }))
    await cache.read('secure', async () => entry('hunter2'))
    await cache.read('list', async () => ({ ...entry('a,b'), type: 'StringList', sensitive: false }))
    expect(cache.inspectSlot('plain')?.kind).toBe('plain')
    expect(cache.inspectSlot('secure')?.kind).toBe('sealed')
    expect(cache.inspectSlot('list')?.kind).toBe('sealed')
    expect((await cache.read('plain', async () => undefined))?.value).toBe('info')
    expect(cache.stats().seals).toBe(2)
  })

  it("seals everything with encrypt: 'all' and keeps bytes as bytes", async () => {
    const cache = new EncryptedCache({ encrypt: 'all' })
    const bytes = new Uint8Array([0, 1, 2, 255])
    await cache.read('bin', async () => ({ ...entry(''), value: bytes, type: 'Binary' }))
    await cache.read('s', async () => ({ ...entry('info'), type: 'String', sensitive: false }))
    expect(cache.inspectSlot('s')?.kind).toBe('sealed')
    expect((await cache.read('bin', async () => undefined))?.value).toEqual(bytes)
  })
})

describe('data keys', () => {
  it('rotates by seal count and zeroes a retired key once no cached value uses it', async () => {
    const provider = localKeyProvider({ maxSealsPerKey: 2 })
    const cache = new EncryptedCache({ keyProvider: provider, maxEntries: 2 })
    const keys: Uint8Array[] = []
    const spy = provider.keyForSeal.bind(provider)
    provider.keyForSeal = () => {
      const key = spy() as { id: string; key: Uint8Array }
      if (!keys.includes(key.key)) keys.push(key.key)
      return key
    }
    for (const k of ['a', 'b', 'c', 'd', 'e']) await cache.read(k, async () => entry(k))
    expect(provider.stats().rotations).toBe(2)
    // Keys 1 and 2 sealed a..d; a..c were evicted (maxEntries 2), so key 1 is unused and zeroed.
    expect(keys[0]!.every((b) => b === 0)).toBe(true)
    expect(keys[1]!.some((b) => b !== 0)).toBe(true)
    expect((await cache.read('d', async () => undefined))?.value).toBe('d')
    await provider.close()
    expect(keys.every((k) => k.every((b) => b === 0))).toBe(true)
  })

  it('rotates by age', async () => {
    const clock = fakeClock()
    const provider = localKeyProvider({ maxKeyAge: 1000, now: clock.now })
    // keyForSeal hands out a retained key: each seal releases it when its value leaves.
    const seal = () => {
      const { id } = provider.keyForSeal() as { id: string }
      provider.release(id)
      return id
    }
    const first = seal()
    clock.advance(999)
    expect(seal()).toBe(first)
    clock.advance(1)
    expect(seal()).not.toBe(first)
    expect(provider.stats()).toMatchObject({ generated: 2, rotations: 1, zeroed: 1, live: 1 })
  })

  it('treats a value whose data key is gone as a miss and loads it again', async () => {
    const provider = localKeyProvider()
    const cache = new EncryptedCache({ keyProvider: provider })
    let calls = 0
    const load = async () => {
      calls++
      return entry('v')
    }
    await cache.read('k', load)
    await provider.close()
    expect((await cache.read('k', load))?.value).toBe('v')
    expect(calls).toBe(2)
  })
})
