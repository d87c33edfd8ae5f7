import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createConfig } from '../src/index.js'
import { EncryptedCache } from '../src/testing-entry.js'
import { stubBackend } from './support/stub-backend.js'

/** Any UTF-16 code unit, lone surrogates and U+FEFF included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u))
const anyText = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 64 }),
  fc.string({ unit: codeUnit, maxLength: 16 }).map((s) => `\uFEFF${s}`),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
)

describe('sealed values come back code unit for code unit', () => {
  it('keeps a leading U+FEFF and lone surrogates (examples)', async () => {
    const cache = new EncryptedCache()
    for (const value of ['\uFEFFbom', '\uD800', 'a\uDC00b', '\uDBFF\uDFFF', '\uFEFF\uD83D', '']) {
      const got = await cache.read(`/k${value.length}${value.charCodeAt(0)}`, async () => ({
        name: '/k',
        value,
        type: 'SecureString',
        version: '1',
        sensitive: true,
      }))
      // A second read comes from the sealed slot.
      const hit = await cache.read(`/k${value.length}${value.charCodeAt(0)}`, async () => undefined)
      expect([got?.value, hit?.value]).toEqual([value, value])
    }
  })

  it('through createConfig for any string, sealed or plain', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.boolean(), async (value, sensitive) => {
        const backend = stubBackend()
        backend.set('/app/value', value, sensitive ? 'SecureString' : 'String')
        const config = createConfig({ backend })
        const secret = await config.getSecret('/app/value')
        const again = sensitive ? await config.getSecret('/app/value') : await config.get('/app/value')
        expect(secret.reveal()).toBe(value)
        expect(typeof again === 'string' ? again : again.reveal()).toBe(value)
        expect(config.stats().hits).toBe(1)
        await config.close()
      }),
      { numRuns: 300 },
    )
  }, 30_000)
})
