import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeAad, seal } from '../src/backend-entry.js'
import { open, type SealContext } from '../src/crypto/seal.js'
import { IntegrityError } from '../src/index.js'

const key = globalThis.crypto.getRandomValues(new Uint8Array(32))
const context: SealContext = { namespace: 'ns', key: '/prod/api/db/password', version: '3', keyId: 'k1' }
const encoder = new TextEncoder()
const contextArb = fc.record({
  namespace: fc.string(),
  key: fc.string(),
  version: fc.string(),
  keyId: fc.string(),
})

describe('seal and open', () => {
  // CPU-bound loops: under coverage on a busy shared machine they outlast vitest's 5 s default.
  it('round-trips arbitrary strings and bytes', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }).map((s) => encoder.encode(s)),
          fc.uint8Array(),
        ),
        contextArb,
        (data, ctx) => {
          const box = seal(data, key, ctx)
          expect(box.nonce).toHaveLength(24)
          expect(box.ciphertext).toHaveLength(data.length + 16)
          expect(open(box, key, ctx)).toEqual(data)
        },
      ),
    )
  })

  it('raises Integrity when any bit of nonce, ciphertext or tag flips', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (data, at, bit) => {
          const box = seal(data, key, context)
          const whole = [...box.nonce, ...box.ciphertext]
          const index = at % whole.length
          const target = index < 24 ? box.nonce : box.ciphertext
          const offset = index < 24 ? index : index - 24
          target[offset]! ^= 1 << bit
          expect(() => open(box, key, context)).toThrow(IntegrityError)
        },
      ),
    )
  })

  it('raises Integrity when the AAD differs in any field: a ciphertext moved to another slot fails', () => {
    fc.assert(
      fc.property(fc.uint8Array(), contextArb, contextArb, (data, a, b) => {
        fc.pre(encodeAad(a).join() !== encodeAad(b).join())
        const box = { ...seal(data, key, a), keyId: b.keyId }
        expect(() => open(box, key, b)).toThrow(IntegrityError)
      }),
    )
  })

  it('raises Integrity under the wrong key and when the box names another key', () => {
    const box = seal(encoder.encode('hunter2'), key, context)
    const other = globalThis.crypto.getRandomValues(new Uint8Array(32))
    expect(() => open(box, other, context)).toThrow(IntegrityError)
    expect(() => open(box, key, { ...context, keyId: 'k2' })).toThrow(/another data key/)
  })

  it('length-prefixes AAD fields so shifted boundaries differ', () => {
    const a = encodeAad({ namespace: 'a', key: 'bc', version: '1', keyId: 'k' })
    const b = encodeAad({ namespace: 'ab', key: 'c', version: '1', keyId: 'k' })
    expect(a).not.toEqual(b)
  })

  it('never repeats a nonce over 100,000 seals under one key', { timeout: 60_000 }, () => {
    const seen = new Set<string>()
    const data = new Uint8Array(1)
    for (let i = 0; i < 100_000; i++) seen.add(Buffer.from(seal(data, key, context).nonce).toString('base64'))
    expect(seen.size).toBe(100_000)
  })
})
