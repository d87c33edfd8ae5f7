import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { localKeyProvider } from '@paramkit/core'
import type { Entry, KeyProvider } from '@paramkit/core/backend'
import { EncryptedCache, seal } from '@paramkit/core/testing'
import { kmsKeyProvider } from '@paramkit/kms'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import { describe, expect, it, vi } from 'vitest'

const entry = (name: string): Entry => ({
  name,
  value: `v-${name}`,
  type: 'SecureString',
  version: '1',
  sensitive: true,
})

async function kms() {
  const client = new KMSClient(motoClientConfig())
  const { KeyMetadata } = await client.send(new CreateKeyCommand({}))
  return { client, keyId: KeyMetadata!.KeyId! }
}

/** Records every data key a provider hands out, so the test can look at the bytes afterwards. */
function recording(provider: KeyProvider) {
  const keys = new Map<string, Uint8Array>()
  const original = provider.keyForSeal.bind(provider)
  provider.keyForSeal = async () => {
    const key = await original()
    keys.set(key.id, key.key)
    return key
  }
  return keys
}

describe('data keys', () => {
  it('retired keys are all zero bytes once nothing uses them, and every key is zero after close (local and KMS)', async () => {
    const { client, keyId } = await kms()
    for (const provider of [
      localKeyProvider({ maxSealsPerKey: 5 }),
      kmsKeyProvider({ client, keyId, maxSealsPerKey: 5 }),
    ]) {
      const keys = recording(provider)
      const cache = new EncryptedCache({ keyProvider: provider, maxEntries: 4 })
      for (let i = 0; i < 40; i++) await cache.read(`/k${i}`, async () => entry(`/k${i}`))
      expect(keys.size).toBe(8)
      const live = new Set(cache.keys().map((k) => (cache.inspectSlot(k) as { keyId: string }).keyId))
      for (const [id, bytes] of keys) {
        if (!live.has(id))
          expect(
            bytes.every((b) => b === 0),
            id,
          ).toBe(true)
        // A live key is read through its provider: with libsodium an idle key is no-access, and reading
        // the recorded bytes directly would end the process (core/test/key-guard.test.ts).
        else expect((await provider.keyForOpen(id)).some((b) => b !== 0)).toBe(true)
      }
      await provider.close()
      for (const bytes of keys.values()) expect(bytes.every((b) => b === 0)).toBe(true)
    }
  })

  it('idle KMS data keys are zero bytes until used again', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const { client, keyId } = await kms()
      let now = 0
      const provider = kmsKeyProvider({ client, keyId, idleDropAfter: 60_000, now: () => now })
      const keys = recording(provider)
      const cache = new EncryptedCache({ keyProvider: provider })
      await cache.read('/a', async () => entry('/a'))
      now = 60_000
      vi.advanceTimersByTime(30_000)
      for (const bytes of keys.values()) expect(bytes.every((b) => b === 0)).toBe(true)
      expect((await cache.read('/a', async () => undefined))?.value).toBe('v-/a')
      expect(provider.stats().unwraps).toBe(1)
      await provider.close()
    } finally {
      vi.useRealTimers()
    }
  })

  it('100,000 seals under one data key never reuse a nonce', async () => {
    const provider = localKeyProvider()
    const seen = new Set<string>()
    const ids = new Set<string>()
    const plaintext = new Uint8Array(16)
    for (let i = 0; i < 100_000; i++) {
      const key = await provider.keyForSeal()
      ids.add(key.id)
      const box = seal(plaintext, key.key, { namespace: 'n', key: 'k', version: '1', keyId: key.id })
      seen.add(Buffer.from(box.sealed.subarray(0, 12)).toString('base64')) // AES-256-GCM's 96-bit nonce
    }
    expect(ids.size).toBe(1)
    expect(seen.size).toBe(100_000)
    console.log(`nonce check: 100000 seals under one data key, ${seen.size} distinct nonces`)
  })
})
