import { describe, expect, it } from 'vitest'
import type { Entry, KeyProvider } from '../src/backend-entry.js'
import { DataKeyGoneError } from '../src/crypto/key-provider.js'
import { createConfig, isParamkitError, localKeyProvider } from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { deferred, settle } from './support/deferred.js'
import { stubBackend } from './support/stub-backend.js'

const secret = (name: string, value = `v-${name}`): Entry => ({
  name,
  value,
  type: 'SecureString',
  version: '1',
  sensitive: true,
})

/** Every data key the provider hands out, kept so the test can look at the bytes afterwards. */
function recordKeys(provider: KeyProvider): Map<string, Uint8Array> {
  const keys = new Map<string, Uint8Array>()
  const original = provider.keyForSeal.bind(provider)
  provider.keyForSeal = () => {
    const key = original() as { id: string; key: Uint8Array }
    keys.set(key.id, key.key)
    // Snapshot the bytes now: a key zeroed before its seal is used would seal under zeros.
    sealedUnderZero.push(key.key.every((b) => b === 0))
    return key
  }
  const sealedUnderZero: boolean[] = []
  return Object.assign(keys, { sealedUnderZero })
}

describe('the key ring under concurrency', () => {
  it('never zeroes a key between handing it out and the seal: 50 concurrent getSecret with maxSealsPerKey 10', async () => {
    const keyProvider = localKeyProvider({ maxSealsPerKey: 10 })
    const keys = recordKeys(keyProvider)
    const backend = stubBackend()
    for (let i = 0; i < 50; i++) backend.set(`/s/k${i}`, `secret-${i}`, 'SecureString')
    const config = createConfig({ backend, cache: { keyProvider } })
    const values = await Promise.all(
      Array.from({ length: 50 }, (_, i) => config.getSecret(`/s/k${i}`).then((s) => s.reveal())),
    )
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => `secret-${i}`))
    // Read again from the cache: every slot opens with its (still live) key.
    const again = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        config.getEntry(`/s/k${i}`).then((e) => (e.sensitive ? e.value.reveal() : undefined)),
      ),
    )
    expect(again).toEqual(values)
    expect(config.stats().misses).toBe(50)
    expect((keys as unknown as { sealedUnderZero: boolean[] }).sealedUnderZero.filter(Boolean)).toEqual([])
    await config.close()
    for (const bytes of keys.values()) expect(bytes.every((b) => b === 0)).toBe(true)
  })

  it('DataKeyGoneError is a ParamkitError with its own code and no secret in it', () => {
    const error = new DataKeyGoneError('local-abc-1')
    expect(isParamkitError(error)).toBe(true)
    expect(error.code).toBe('DATA_KEY_GONE')
    expect(error.toJSON()).toMatchObject({ name: 'DataKeyGoneError', key: 'local-abc-1', operation: 'open' })
  })

  it('a load whose slot was invalidated while it ran gives its key back, so retired keys are zeroed', async () => {
    const keyProvider = localKeyProvider({ maxSealsPerKey: 1 })
    const cache = new EncryptedCache({ keyProvider })
    const values: unknown[] = []
    for (let i = 0; i < 10; i++) {
      const gate = deferred()
      const read = cache.read('/k', async () => {
        await gate.promise
        return secret('/k', `v${i}`)
      })
      await settle()
      cache.invalidate('/k')
      gate.resolve()
      values.push(((await read.catch(() => undefined)) as Entry | undefined)?.value)
    }
    // The callers still get their loads' answers; nothing keeps a key alive.
    expect(values).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`))
    const stats = keyProvider.stats()
    expect(stats.generated - stats.zeroed).toBeLessThanOrEqual(1)
  })

  it('a seal abandoned after its data key was handed out releases that key', async () => {
    const local = localKeyProvider({ maxSealsPerKey: 1 })
    let gate = deferred()
    // A provider that answers later (as KMS does), so the invalidation lands between key and seal.
    const keyProvider: KeyProvider = {
      ...local,
      keyForSeal: async () => {
        const key = local.keyForSeal()
        await gate.promise
        return key
      },
    }
    const cache = new EncryptedCache({ keyProvider })
    for (let i = 0; i < 5; i++) {
      gate = deferred()
      const read = cache.read('/k', async () => secret('/k', `v${i}`))
      await settle()
      cache.invalidate('/k')
      gate.resolve()
      expect((await read)?.value).toBe(`v${i}`)
    }
    await cache.read('/other', async () => secret('/other'))
    const stats = local.stats()
    expect(stats.generated).toBe(6)
    expect(stats.zeroed).toBe(5)
    expect(cache.keys()).toEqual(['/other'])
  })

  it('close() during a load creates no data key and leaves every key zeroed', async () => {
    const keyProvider = localKeyProvider()
    const keys = recordKeys(keyProvider)
    const backend = stubBackend({ '/a/warm': 'w' })
    backend.set('/a/secret', 'hunter2', 'SecureString')
    const config = createConfig({ backend, cache: { keyProvider } })
    await config.get('/a/warm')
    backend.latency = 20
    const pending = config.get('/a/secret').catch((error: unknown) => error)
    await settle()
    const before = keyProvider.stats().generated
    await config.close()
    await pending
    await new Promise((r) => setTimeout(r, 40))
    expect(keyProvider.stats().generated).toBe(before)
    expect(keyProvider.stats().live).toBe(0)
    for (const bytes of keys.values()) expect(bytes.every((b) => b === 0)).toBe(true)
  })
})
