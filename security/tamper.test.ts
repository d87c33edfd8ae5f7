import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms'
import { createConfig, IntegrityError, localKeyProvider } from '@paramkit/core'
import type { Entry } from '@paramkit/core/backend'
import { CIPHER_NAMES, EncryptedCache, flipSealedByte } from '@paramkit/core/testing'
import { kmsKeyProvider } from '@paramkit/kms'
import { memoryBackend } from '@paramkit/memory-backend'
import { motoClientConfig } from '@paramkit/test-support/moto/clients'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'

const entry = (value: string): Entry => ({
  name: '/prod/db/password',
  value,
  type: 'SecureString',
  version: '7',
  sensitive: true,
})

async function kms() {
  const client = new KMSClient(motoClientConfig())
  const { KeyMetadata } = await client.send(new CreateKeyCommand({}))
  return { client, keyId: KeyMetadata!.KeyId! }
}

describe('tampering', () => {
  it('any flipped byte of a cached nonce, ciphertext or tag is caught: never served, refetched (local and KMS keys, both ciphers)', async () => {
    const { client, keyId } = await kms()
    for (const provider of [localKeyProvider(), kmsKeyProvider({ client, keyId })]) {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...CIPHER_NAMES),
          fc.string({ minLength: 1, maxLength: 80 }),
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          async (cipher, value, at, mask) => {
            const cache = new EncryptedCache({ keyProvider: provider, cipher })
            const served: string[] = []
            let loads = 0
            const load = async () => {
              loads++
              return entry(value)
            }
            await cache.read('/prod/db/password', load)
            const slot = cache.inspectSlot('/prod/db/password')
            if (slot?.kind !== 'sealed') throw new Error('expected a sealed slot')
            slot.sealed = flipSealedByte(slot.sealed, at, mask)
            served.push(String((await cache.read('/prod/db/password', load))?.value))
            expect(served).toEqual([value])
            expect(loads).toBe(2)
            expect(cache.stats().integrityFailures).toBe(1)
            cache.close()
          },
        ),
        { numRuns: 60 },
      )
    }
  })

  it('any flipped byte of a wrapped data key is caught when the key is restored', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    try {
      const { client, keyId } = await kms()
      await fc.assert(
        fc.asyncProperty(fc.nat(), fc.integer({ min: 1, max: 255 }), async (at, mask) => {
          let now = 0
          const provider = kmsKeyProvider({ client, keyId, idleDropAfter: 1000, now: () => now })
          const cache = new EncryptedCache({ keyProvider: provider })
          let loads = 0
          const load = async () => {
            loads++
            return entry('pw')
          }
          await cache.read('/k', load)
          const slot = cache.inspectSlot('/k')
          if (slot?.kind !== 'sealed') throw new Error('expected a sealed slot')
          const wrapped = provider.wrappedKeyOf(slot.keyId)!
          wrapped[at % wrapped.length]! ^= mask
          now = 5000
          vi.advanceTimersByTime(1000)
          expect((await cache.read('/k', load))?.value).toBe('pw')
          expect(loads).toBe(2)
          await provider.close()
        }),
        { numRuns: 25 },
      )
    } finally {
      vi.useRealTimers()
    }
  })

  it('a snapshot sealed under another key is refused with Integrity (local master keys and KMS keys)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramkit-security-'))
    const seed = { '/prod/api/db/password': { type: 'SecureString' as const, value: 'snapshot-pw' } }
    const a = await kms()
    const b = await kms()
    const pairs = [
      [
        localKeyProvider({ masterKey: crypto.getRandomValues(new Uint8Array(32)) }),
        localKeyProvider({ masterKey: crypto.getRandomValues(new Uint8Array(32)) }),
      ],
      [kmsKeyProvider(a), kmsKeyProvider(b)],
    ] as const
    for (const [i, [writer, reader]] of pairs.entries()) {
      const path = join(dir, `snap-${i}`)
      await createConfig({
        backend: memoryBackend({ seed }),
        env: 'prod',
        service: 'api',
        snapshot: { path },
        cache: { keyProvider: writer },
      }).load()
      const down = memoryBackend({ seed, faults: { failureRate: 1 } })
      const config = createConfig({
        backend: down,
        env: 'prod',
        service: 'api',
        snapshot: { path },
        cache: { keyProvider: reader },
      })
      await expect(config.load()).rejects.toBeInstanceOf(IntegrityError)
    }
  })
})
