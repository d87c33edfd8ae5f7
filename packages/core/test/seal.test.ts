import { gcm } from '@noble/ciphers/aes.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CipherName } from '../src/crypto/ciphers.js'
import { MAX_SEALS_PER_KEY } from '../src/crypto/key-ring.js'
import { open, type SealContext } from '../src/crypto/seal.js'
import { IntegrityError, isParamkitError, localKeyProvider } from '../src/index.js'
import { CIPHER_NAMES, EncryptedCache, encodeAad, seal } from '../src/testing-entry.js'

const key = globalThis.crypto.getRandomValues(new Uint8Array(32))
const context: SealContext = { namespace: 'ns', key: '/prod/api/db/password', version: '3', keyId: 'k1' }
const encoder = new TextEncoder()
const contextArb = fc.record({
  namespace: fc.string(),
  key: fc.string(),
  version: fc.string(),
  keyId: fc.string(),
})
const dataArb = fc.oneof(
  fc.string({ unit: 'binary' }).map((s) => encoder.encode(s)),
  fc.uint8Array({ maxLength: 5000 }),
)
const nonceBytes: Record<CipherName, number> = { 'aes-256-gcm': 12, 'xchacha20-poly1305': 24 }

describe.each(CIPHER_NAMES)('seal and open with %s', (cipher) => {
  it('round-trips arbitrary strings and bytes in one buffer: nonce, ciphertext, tag', () => {
    fc.assert(
      fc.property(dataArb, contextArb, (data, ctx) => {
        const box = seal(data, key, ctx, cipher)
        expect(box.cipher).toBe(cipher)
        expect(box.sealed).toHaveLength(nonceBytes[cipher] + data.length + 16)
        expect(open(box, key, ctx)).toEqual(data)
      }),
    )
  })

  it('raises Integrity when any bit of nonce, ciphertext or tag flips, or the buffer is cut', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        fc.boolean(),
        (data, at, bit, cut) => {
          const box = seal(data, key, context, cipher)
          if (cut) box.sealed = box.sealed.subarray(0, at % box.sealed.length)
          else box.sealed[at % box.sealed.length]! ^= 1 << bit
          expect(() => open(box, key, context)).toThrow(IntegrityError)
        },
      ),
    )
  })

  it('raises Integrity when the AAD differs in any field: a ciphertext moved to another slot fails', () => {
    fc.assert(
      fc.property(fc.uint8Array(), contextArb, contextArb, (data, a, b) => {
        fc.pre(encodeAad(a).join() !== encodeAad(b).join())
        const box = { ...seal(data, key, a, cipher), keyId: b.keyId }
        expect(() => open(box, key, b)).toThrow(IntegrityError)
      }),
    )
  })

  it('raises Integrity under the wrong key, when the box names another key, and when read as the other cipher', () => {
    const box = seal(encoder.encode('hunter2'), key, context, cipher)
    const other = globalThis.crypto.getRandomValues(new Uint8Array(32))
    expect(() => open(box, other, context)).toThrow(IntegrityError)
    expect(() => open(box, key, { ...context, keyId: 'k2' })).toThrow(/another data key/)
    for (const name of CIPHER_NAMES.filter((c) => c !== cipher)) {
      expect(() => open({ ...box, cipher: name }, key, context)).toThrow(IntegrityError)
    }
  })

  it('never repeats a nonce over 100,000 seals under one key', () => {
    const seen = new Set<string>()
    const data = new Uint8Array(1)
    for (let i = 0; i < 100_000; i++) {
      const { sealed } = seal(data, key, context, cipher)
      seen.add(Buffer.from(sealed.subarray(0, nonceBytes[cipher])).toString('base64'))
    }
    expect(seen.size).toBe(100_000)
  }, 30_000)

  it('is what the cache seals with when chosen', async () => {
    const cache = new EncryptedCache({ cipher })
    const entry = {
      name: '/p',
      value: 's3cret',
      type: 'SecureString' as const,
      version: '1',
      sensitive: true,
    }
    await cache.read('/p', async () => entry)
    const slot = cache.inspectSlot('/p')
    expect(slot?.kind === 'sealed' && slot.sealed.length).toBe(nonceBytes[cipher] + 's3cret'.length + 16)
    expect((await cache.read('/p', async () => undefined))?.value).toBe('s3cret')
  })
})

describe('ciphers', () => {
  it('AES-256-GCM output is standard: an independent GCM implementation opens it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), contextArb, (data, ctx) => {
        const { sealed } = seal(data, key, ctx, 'aes-256-gcm')
        const opened = gcm(key, sealed.subarray(0, 12), encodeAad(ctx)).decrypt(sealed.subarray(12))
        expect(opened).toEqual(data)
      }),
    )
  })

  it('the cache seals with XChaCha20-Poly1305 by default and refuses an unknown cipher when built', () => {
    expect(new EncryptedCache().options.cipher).toBe('xchacha20-poly1305')
    const refused = (() => {
      try {
        new EncryptedCache({ cipher: 'rot13' as CipherName })
      } catch (error) {
        return error
      }
    })()
    expect(isParamkitError(refused) && refused.code).toBe('VALIDATION')
    expect(String((refused as Error).message)).toMatch(/Unknown cipher "rot13".*rule: cipher/)
  })

  it('caps seals per data key at 2^24: a larger maxSealsPerKey is refused', () => {
    expect(MAX_SEALS_PER_KEY).toBe(2 ** 24)
    expect(() => localKeyProvider({ maxSealsPerKey: MAX_SEALS_PER_KEY })).not.toThrow()
    for (const bad of [MAX_SEALS_PER_KEY + 1, 2 ** 32, Number.POSITIVE_INFINITY, 0, 1.5]) {
      expect(() => localKeyProvider({ maxSealsPerKey: bad })).toThrow(/rule: max-seals-per-key/)
    }
  })

  it('length-prefixes AAD fields so shifted boundaries differ', () => {
    const a = encodeAad({ namespace: 'a', key: 'bc', version: '1', keyId: 'k' })
    const b = encodeAad({ namespace: 'ab', key: 'c', version: '1', keyId: 'k' })
    expect(a).not.toEqual(b)
  })
})
