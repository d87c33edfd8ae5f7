import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { localKeyProvider, ValidationError } from '../src/index.js'

function refusal(make: () => unknown): ValidationError {
  try {
    make()
  } catch (error) {
    expect(ValidationError.is(error)).toBe(true)
    return error as ValidationError
  }
  throw new Error('expected a ValidationError')
}

describe('localKeyProvider({ masterKey }) takes only 32 bytes of real key material', () => {
  it('refuses constant keys, all zeros first', () => {
    for (const byte of [0, 1, 0xff, 0x41]) {
      const error = refusal(() => localKeyProvider({ masterKey: new Uint8Array(32).fill(byte) }))
      expect(error.rule).toBe('master-key-weak')
      expect(error.message).toMatch(/masterKey .* \(rule: master-key-weak\)/)
    }
  })

  it('refuses repeated-pattern keys, for any pattern of up to 16 bytes, and keys of few distinct bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 16 }), (pattern) => {
        const key = new Uint8Array(32).map((_, i) => pattern[i % pattern.length]!)
        expect(refusal(() => localKeyProvider({ masterKey: key })).rule).toBe('master-key-weak')
      }),
    )
    const fewBytes = new Uint8Array(32).map((_, i) => (i * i) % 7)
    expect(refusal(() => localKeyProvider({ masterKey: fewBytes })).rule).toBe('master-key-weak')
  })

  it('refuses a string (a 32-character passphrase passed the length check) and wrong lengths', () => {
    const passphrase = 'correct horse battery staple 123'
    expect(passphrase).toHaveLength(32)
    const error = refusal(() => localKeyProvider({ masterKey: passphrase as never }))
    expect(error.rule).toBe('master-key-encoding')
    expect(error.message).not.toContain(passphrase)
    for (const length of [16, 31, 33, 64])
      expect(refusal(() => localKeyProvider({ masterKey: randomBytes(length) })).rule).toBe(
        'master-key-length',
      )
    expect(
      refusal(() =>
        localKeyProvider({ masterKey: { key: randomBytes(16).toString('hex'), encoding: 'hex' } }),
      ).rule,
    ).toBe('master-key-length')
    expect(refusal(() => localKeyProvider({ masterKey: { key: 'zz', encoding: 'hex' } })).rule).toBe(
      'master-key-encoding',
    )
    expect(refusal(() => localKeyProvider({ masterKey: { key: 'x', encoding: 'utf8' as never } })).rule).toBe(
      'master-key-encoding',
    )
  })

  it('accepts random bytes, and a random key as base64, base64url or hex', async () => {
    const key = randomBytes(32)
    const providers = [
      localKeyProvider({ masterKey: key }),
      localKeyProvider({ masterKey: { key: key.toString('base64'), encoding: 'base64' } }),
      localKeyProvider({ masterKey: { key: key.toString('base64url'), encoding: 'base64url' } }),
      localKeyProvider({ masterKey: { key: key.toString('hex'), encoding: 'hex' } }),
    ]
    const { key: dataKey, wrapped } = await providers[0]!.snapshotKey!()
    for (const provider of providers) expect(await provider.unwrapSnapshotKey!(wrapped)).toEqual(dataKey)
  })
})
