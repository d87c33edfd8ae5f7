import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Entry } from '../src/backend-entry.js'
import { CIPHER_NAMES, EncryptedCache, flipSealedByte } from '../src/testing-entry.js'

const secret = (value: string, version = '1'): Entry => ({
  name: '/prod/api/db/password',
  value,
  type: 'SecureString',
  version,
  sensitive: true,
})

function sealedSlot(cache: EncryptedCache, key: string) {
  const slot = cache.inspectSlot(key)
  if (slot?.kind !== 'sealed') throw new Error(`expected a sealed slot for ${key}`)
  return slot
}

describe('an Integrity failure is never served', () => {
  it('drops a tampered entry and loads it again, for any flipped byte of nonce, ciphertext or tag, under either cipher', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CIPHER_NAMES),
        fc.string({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (cipher, value, at, mask) => {
          const cache = new EncryptedCache({ cipher })
          let calls = 0
          const load = async () => {
            calls++
            return secret(value)
          }
          await cache.read('k', load)
          const slot = sealedSlot(cache, 'k')
          slot.sealed = flipSealedByte(slot.sealed, at, mask)
          const served = await cache.read('k', load)
          expect(served?.value).toBe(value)
          expect(calls).toBe(2)
          expect(cache.stats().integrityFailures).toBe(1)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('refuses a ciphertext moved into another key’s slot and refetches that key', async () => {
    const cache = new EncryptedCache()
    await cache.read('/a', async () => ({ ...secret('alpha'), name: '/a' }))
    await cache.read('/b', async () => ({ ...secret('bravo'), name: '/b' }))
    const a = sealedSlot(cache, '/a')
    const b = sealedSlot(cache, '/b')
    b.sealed = a.sealed
    let reloaded = 0
    const value = await cache.read('/b', async () => {
      reloaded++
      return { ...secret('bravo'), name: '/b' }
    })
    expect(value?.value).toBe('bravo')
    expect(reloaded).toBe(1)
  })

  it('refuses a ciphertext whose recorded version was changed', async () => {
    const cache = new EncryptedCache()
    await cache.read('k', async () => secret('v1-value', '1'))
    const slot = sealedSlot(cache, 'k')
    slot.meta = { ...slot.meta, version: '2' }
    const served = await cache.read('k', async () => secret('fresh', '3'))
    expect(served).toMatchObject({ value: 'fresh', version: '3' })
  })
})
