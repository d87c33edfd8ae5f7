import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { KeyProvider } from '../src/backend-entry.js'
import { createConfig, localKeyProvider, Secret } from '../src/index.js'
import { collectUntil } from './support/gc.js'
import { stubBackend } from './support/stub-backend.js'

const stateOf = (secret: Secret<unknown>) =>
  (secret as unknown as Record<symbol, { box: { keyId: string; sealed: Uint8Array } }>)[
    Object.getOwnPropertySymbols(secret)[0]!
  ]!

function configWith(keyProvider: KeyProvider, password = 'S3aled-at-r3st!') {
  const backend = stubBackend()
  backend.set('/prod/api/db/password', password, 'SecureString')
  return createConfig({ backend, env: 'prod', service: 'api', cache: { keyProvider } })
}

describe('Secret sealed at rest', () => {
  it('holds ciphertext only, opens on every reveal(), for any string, bytes or JSON value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', minLength: 4, maxLength: 64 }),
          fc.uint8Array({ minLength: 4, maxLength: 64 }),
          fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer()), { maxKeys: 5 }),
        ),
        (value) => {
          const secret = new Secret(value)
          const { sealed: ciphertext } = stateOf(secret).box
          if (typeof value === 'string' && value.length >= 4)
            expect(Buffer.from(ciphertext).includes(Buffer.from(value))).toBe(false)
          expect(secret.reveal()).toEqual(value)
          expect(secret.reveal()).toEqual(value)
        },
      ),
      { numRuns: 60 },
    )
  }, 30_000)

  it('seals what config.getSecret and load() return under the cache key provider', async () => {
    const keyProvider = localKeyProvider()
    const config = configWith(keyProvider)
    const direct = await config.getSecret('db/password')
    const tree = (await config.load()) as { db: { password: Secret<string> } }
    for (const secret of [direct, tree.db.password]) {
      expect(stateOf(secret).box.keyId).toMatch(/^local-/)
      expect(Buffer.from(stateOf(secret).box.sealed).toString('latin1')).not.toContain('S3aled')
      expect(secret.reveal()).toBe('S3aled-at-r3st!')
    }
    await config.close()
    // close() zeroes every key, as SECURITY.md says: a Secret of a closed client no longer opens.
    expect(() => direct.reveal()).toThrow(/retired and zeroed/)
  })

  it('keeps a data key alive while a Secret sealed under it lives, and zeroes it once the Secret is gone', async () => {
    const keyProvider = localKeyProvider({ maxSealsPerKey: 1 })
    const config = configWith(keyProvider)
    let held: Secret<string> | undefined = await config.getSecret('db/password')
    const heldKey = stateOf(held).box.keyId
    const opens = (id: string) => {
      try {
        return keyProvider.keyForOpen(id) instanceof Uint8Array
      } catch {
        return false
      }
    }
    // A hot key shares one Secret per cached version: each invalidate makes a new version, sealed under a new key.
    for (let i = 0; i < 5; i++) {
      config.invalidate('db/password')
      await config.getSecret('db/password')
    }
    expect(keyProvider.stats().rotations).toBeGreaterThanOrEqual(5)
    // The dropped Secrets give their retired keys back (the last one's key is still current); the held one keeps its key.
    expect(await collectUntil(() => keyProvider.stats().zeroed >= 4)).toBe(true)
    expect(opens(heldKey)).toBe(true)
    expect(held.reveal()).toBe('S3aled-at-r3st!')
    held = undefined
    expect(await collectUntil(() => !opens(heldKey))).toBe(true)
    await config.close()
  }, 30_000)

  it('gives bytes the caller can wipe, and use() zeroes them after the callback, sync or async', async () => {
    const secret = new Secret('wipe-me-pässword')
    const bytes = secret.revealBytes()
    expect(bytes.toString('utf8')).toBe('wipe-me-pässword')
    bytes.fill(0)
    expect(secret.reveal()).toBe('wipe-me-pässword')

    let seen: Buffer | undefined
    const length = secret.use((b) => {
      seen = b
      return b.toString('utf8').length
    })
    expect(length).toBe(16)
    expect([...seen!].every((b) => b === 0)).toBe(true)

    let later: Buffer | undefined
    const pending = secret.use(async (b) => {
      later = b
      await new Promise((r) => setImmediate(r))
      return b.toString('utf8')
    })
    expect([...later!].some((b) => b !== 0)).toBe(true)
    expect(await pending).toBe('wipe-me-pässword')
    expect([...later!].every((b) => b === 0)).toBe(true)

    let thrown: Buffer | undefined
    expect(() =>
      secret.use((b) => {
        thrown = b
        throw new Error('callback failed')
      }),
    ).toThrow('callback failed')
    expect([...thrown!].every((b) => b === 0)).toBe(true)
  })
})
