import { describe, expect, it } from 'vitest'
import { createConfig, localKeyProvider } from '../src/index.js'
import { fakeClock, stubBackend } from './support/stub-backend.js'

describe('the hot read (a fresh hit without a load)', () => {
  it('serves repeated reads from the cache, sealed and plain, with no backend call and counted as hits', async () => {
    const backend = stubBackend({ '/p/s/host': 'db.internal' })
    backend.set('/p/s/password', 'pw-1', 'SecureString')
    backend.set('/p/s/port', '5432')
    // encrypt: 'all' seals plain values too: a hot get of a sealed plain value opens it.
    const config = createConfig({ backend, env: 'p', service: 's', cache: { encrypt: 'all' } })
    expect(await config.get('host')).toBe('db.internal')
    expect((await config.getSecret('password')).reveal()).toBe('pw-1')
    const calls = backend.calls.names.length
    const hits = config.stats().hits
    for (let i = 0; i < 50; i++) {
      expect(await config.get('host')).toBe('db.internal')
      expect((await config.getSecret('password')).reveal()).toBe('pw-1')
      expect(await config.getOptional('host')).toBe('db.internal')
    }
    expect(backend.calls.names.length).toBe(calls)
    expect(config.stats().hits - hits).toBe(150)
    await config.close()
    await expect(config.get('host')).rejects.toThrow(/closed/)
  })

  it('getSecret of a hot key shares one Secret per cached version: no open and no seal per read', async () => {
    const clock = fakeClock()
    const local = localKeyProvider()
    let seals = 0
    const keyProvider = {
      ...local,
      keyForSeal() {
        seals++
        return local.keyForSeal()
      },
    }
    const backend = stubBackend()
    backend.set('/p/s/password', 'pw-1', 'SecureString')
    const config = createConfig({
      backend,
      env: 'p',
      service: 's',
      cache: { ttl: 1000, jitter: 0, clock, keyProvider },
    })
    const first = await config.getSecret('password')
    const sealsAfterLoad = seals // the cached slot's seal and the Secret's
    for (let i = 0; i < 20; i++) expect(await config.getSecret('password')).toBe(first)
    expect(seals).toBe(sealsAfterLoad)
    expect(first.reveal()).toBe('pw-1')
    backend.set('/p/s/password', 'pw-2', 'SecureString')
    clock.advance(1001)
    const second = await config.getSecret('password')
    expect(second).not.toBe(first)
    expect([first.reveal(), second.reveal()]).toEqual(['pw-1', 'pw-2'])
    await config.refresh('password')
    expect(await config.getSecret('password')).not.toBe(second)
    await config.close()
  })

  it('counts a cold getSecret as one miss and no hit, as a cold get', async () => {
    const counts = async (read: (config: ReturnType<typeof createConfig>) => Promise<unknown>) => {
      const backend = stubBackend()
      backend.set('/p/s/password', 'pw-1', 'SecureString')
      const config = createConfig({ backend, env: 'p', service: 's', fallbacks: ['/shared'] })
      await read(config)
      const { hits, misses, negativeHits } = config.stats()
      await config.close()
      return { hits, misses, negativeHits }
    }
    expect(await counts((c) => c.getSecret('password'))).toEqual(await counts((c) => c.getEntry('password')))
  })

  it('never outlives what the full read would answer: expiry, invalidate, and a new value at a more specific level', async () => {
    const clock = fakeClock()
    const backend = stubBackend({ '/shared/timeout': '30' })
    const config = createConfig({
      backend,
      env: 'p',
      service: 's',
      fallbacks: ['/shared'],
      cache: { ttl: 1000, jitter: 0, negativeTtl: 100, clock },
    })
    expect(await config.get('timeout')).toBe('30')
    backend.set('/shared/timeout', '31')
    expect(await config.get('timeout')).toBe('30') // fresh
    clock.advance(1001)
    expect(await config.get('timeout')).toBe('31') // expired: reloaded
    backend.set('/p/s/timeout', '5')
    expect(await config.get('timeout')).toBe('31') // the service level's "not found" is still fresh
    clock.advance(101)
    expect(await config.get('timeout')).toBe('5') // it expired: the service level now answers
    backend.set('/p/s/timeout', '6')
    config.invalidate('timeout')
    expect(await config.get('timeout')).toBe('6')
    await config.close()
  })

  it('opens sealed values whose key provider is asynchronous through the full read', async () => {
    const local = localKeyProvider()
    const provider = { ...local, keyForOpen: async (id: string) => local.keyForOpen(id) }
    const backend = stubBackend()
    // A plain value sealed in the cache (encrypt: 'all'): get() opens it. (A Secret handed out needs a provider
    // that pins its keys, which this one, answering every key with a promise, cannot.)
    backend.set('/p/s/token', 't-1')
    const config = createConfig({
      backend,
      env: 'p',
      service: 's',
      cache: { keyProvider: provider, encrypt: 'all' },
    })
    expect(await config.get('token')).toBe('t-1')
    expect(await config.get('token')).toBe('t-1')
    expect(backend.calls.names).toHaveLength(1)
    await config.close()
  })
})
