import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TextKind } from '../src/cache/text-codec.js'
import { decodeText, encodeText } from '../src/cache/text-codec.js'
import type { Aead } from '../src/crypto/aead.js'
import { loadSodium } from '../src/crypto/sodium/native.js'
import { xchacha20poly1305Sodium } from '../src/crypto/sodium/xchacha-sodium.js'
import { xchacha20poly1305Noble } from '../src/crypto/xchacha.js'

// Loaded whatever PARAMKIT_NATIVE says, so this file checks both implementations in either CI run.
const native = loadSodium({ env: {} })
if (!native) throw new Error('sodium-native must load in this repository (it is installed with core)')
const libsodium = xchacha20poly1305Sodium(native)
const implementations: [string, Aead, Aead][] = [
  ['libsodium seals, noble opens', libsodium, xchacha20poly1305Noble],
  ['noble seals, libsodium opens', xchacha20poly1305Noble, libsodium],
]
const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 })
const aadArb = fc.uint8Array({ maxLength: 200 })
const bytesArb = fc.uint8Array({ maxLength: 5000 })

describe.each(implementations)('XChaCha20-Poly1305: %s', (_, sealer, opener) => {
  it('opens what the other sealed: the same format, bytes and text', () => {
    fc.assert(
      fc.property(keyArb, aadArb, bytesArb, fc.string({ unit: 'binary' }), (key, aad, bytes, text) => {
        const sealed = sealer.seal(key, bytes, aad)
        expect(sealed).toHaveLength(24 + bytes.length + 16)
        expect(opener.open(key, sealed, aad)).toEqual(bytes)
        const encoded = encodeText(text)
        const sealedText = sealer.seal(key, encoded.bytes, aad)
        expect(opener.openText(key, sealedText, aad, encoded.kind)).toBe(text)
      }),
      { numRuns: 300 },
    )
  })

  it('refuses what the other sealed once any byte flips, or under another AAD or key', () => {
    fc.assert(
      fc.property(
        keyArb,
        aadArb,
        bytesArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (key, aad, bytes, at, mask) => {
          const sealed = sealer.seal(key, bytes, aad)
          const tampered = new Uint8Array(sealed)
          tampered[at % tampered.length]! ^= mask
          expect(() => opener.open(key, tampered, aad)).toThrow()
          expect(() => opener.openText(key, tampered, aad, 'string')).toThrow()
          const otherAad = new Uint8Array([...aad, 0])
          expect(() => opener.open(key, sealed, otherAad)).toThrow()
          const otherKey = new Uint8Array(key)
          otherKey[at % 32]! ^= mask
          expect(() => opener.open(otherKey, sealed, aad)).toThrow()
        },
      ),
      { numRuns: 200 },
    )
  })
})

describe('libsodium opens', () => {
  it('return text equal to a plain decode, for every text kind and length, reusing buffers per length', () => {
    const key = globalThis.crypto.getRandomValues(new Uint8Array(32))
    const aad = new TextEncoder().encode('aad')
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 300 }), { maxLength: 20 }), (texts) => {
        // Interleaved lengths: a buffer kept for one length never leaks into another's result.
        for (const text of texts) {
          const { bytes, kind } = encodeText(text)
          const sealed = libsodium.seal(key, bytes, aad)
          expect(libsodium.openText(key, sealed, aad, kind as TextKind)).toBe(decodeText(bytes, kind))
        }
      }),
    )
  })

  it('open long values (past the kept buffers) in place, and refuse them tampered', () => {
    const key = globalThis.crypto.getRandomValues(new Uint8Array(32))
    const aad = new Uint8Array([1, 2, 3])
    for (const length of [16 * 1024 - 40, 16 * 1024, 70_000]) {
      const text = 'é'.repeat(length / 2)
      const { bytes, kind } = encodeText(text)
      const sealed = libsodium.seal(key, bytes, aad)
      expect(libsodium.openText(key, sealed, aad, kind)).toBe(text)
      expect(xchacha20poly1305Noble.open(key, sealed, aad)).toEqual(bytes)
      sealed[sealed.length - 1]! ^= 1
      expect(() => libsodium.openText(key, sealed, aad, kind)).toThrow()
    }
  })

  it('refuse a buffer too short to hold a nonce and a tag', () => {
    const key = new Uint8Array(32)
    for (const length of [0, 1, 39]) {
      expect(() => libsodium.open(key, new Uint8Array(length), new Uint8Array())).toThrow(RangeError)
      expect(() => libsodium.openText(key, new Uint8Array(length), new Uint8Array(), 'string')).toThrow(
        RangeError,
      )
    }
  })
})
