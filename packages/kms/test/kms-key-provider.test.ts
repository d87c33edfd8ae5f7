import type { Entry } from '@paramkit/core/backend'
import { EncryptedCache } from '@paramkit/core/testing'
import { kmsKeyProvider } from '@paramkit/kms'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { motoKms } from './support/moto-kms.js'

const secret = (value: string, version = '1'): Entry => ({
  name: '/prod/db',
  value,
  type: 'SecureString',
  version,
  sensitive: true,
})

afterEach(() => {
  vi.useRealTimers()
})

describe('kmsKeyProvider on moto', () => {
  it('seals and opens with a data key from GenerateDataKey, one call for many seals', async () => {
    const { client, calls, keyId } = await motoKms()
    const provider = kmsKeyProvider({ client, keyId, encryptionContext: { service: 'order-api' } })
    const cache = new EncryptedCache({ keyProvider: provider })
    for (let i = 0; i < 50; i++) await cache.read(`/k${i}`, async () => secret(`value-${i}`))
    for (let i = 0; i < 50; i++)
      expect((await cache.read(`/k${i}`, async () => undefined))?.value).toBe(`value-${i}`)
    expect(calls).toEqual({ CreateKeyCommand: 1, GenerateDataKeyCommand: 1 })
    expect(provider.stats()).toMatchObject({ generated: 1, live: 1, generateCalls: 1 })
    await provider.close()
  })

  it('drops idle plaintext keys (zeroed) and restores them with one Decrypt on next use', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { client, calls, keyId } = await motoKms()
    let now = 0
    const provider = kmsKeyProvider({ client, keyId, idleDropAfter: 1000, now: () => now })
    const first = await provider.keyForSeal()
    const keyBytes = first.key
    expect(keyBytes.some((b) => b !== 0)).toBe(true)
    const copy = new Uint8Array(keyBytes)
    now = 1500
    vi.advanceTimersByTime(1000)
    expect(keyBytes.every((b) => b === 0)).toBe(true)
    expect(provider.stats().idleDrops).toBe(1)
    const restored = await provider.keyForOpen(first.id)
    expect([...restored]).toEqual([...copy]) // a guarded Buffer with libsodium, a Uint8Array without
    expect(calls.DecryptCommand).toBe(1)
    expect(provider.stats().unwraps).toBe(1)
    await provider.close()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('rotates by seal count and by age; retired keys are zeroed once unused', async () => {
    const { client, calls, keyId } = await motoKms()
    let now = 0
    const provider = kmsKeyProvider({ client, keyId, maxSealsPerKey: 3, maxKeyAge: 10_000, now: () => now })
    const keys = []
    // keyForSeal hands out a retained key; a seal whose value left the cache releases it.
    for (let i = 0; i < 7; i++) {
      const key = await provider.keyForSeal()
      provider.release(key.id)
      keys.push(key)
    }
    expect(new Set(keys.map((k) => k.id)).size).toBe(3)
    expect(keys[0]!.key.every((b) => b === 0)).toBe(true)
    now = 10_000
    const aged = await provider.keyForSeal()
    expect(aged.id).not.toBe(keys[6]!.id)
    expect(calls.GenerateDataKeyCommand).toBe(4)
    expect(provider.stats()).toMatchObject({ rotations: 3, zeroed: 3, live: 1 })
    await provider.close()
    expect(aged.key.every((b) => b === 0)).toBe(true)
  })

  it('binds the encryption context: a wrapped key does not unwrap under another context', async () => {
    const { client, keyId } = await motoKms()
    const provider = kmsKeyProvider({ client, keyId, encryptionContext: { service: 'a' } })
    const { wrapped } = await provider.snapshotKey!()
    const other = kmsKeyProvider({ client, keyId, encryptionContext: { service: 'b' } })
    await expect(other.unwrapSnapshotKey!(wrapped)).rejects.toMatchObject({ code: 'INTEGRITY' })
    expect(await provider.unwrapSnapshotKey!(wrapped)).toHaveLength(32)
  })

  it('never serves a value whose wrapped key was tampered: the entry is refetched under a new key', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    const { client, keyId } = await motoKms()
    let now = 0
    const provider = kmsKeyProvider({ client, keyId, idleDropAfter: 1000, now: () => now })
    const cache = new EncryptedCache({ keyProvider: provider })
    let loads = 0
    const load = async () => {
      loads++
      return secret('pw')
    }
    await cache.read('/db', load)
    const slot = cache.inspectSlot('/db')
    if (slot?.kind !== 'sealed') throw new Error('expected sealed')
    provider.wrappedKeyOf(slot.keyId)![10]! ^= 0xff
    now = 2000
    vi.advanceTimersByTime(1000)
    expect((await cache.read('/db', load))?.value).toBe('pw')
    expect(loads).toBe(2)
    expect(cache.stats().integrityFailures).toBe(1)
    const resealed = cache.inspectSlot('/db')
    expect(resealed?.kind === 'sealed' && resealed.keyId).not.toBe(slot.keyId)
    await provider.close()
  })
})
